import type { components } from '../../../generated/qovery-api.js';
import { checkBody } from '../check-body.js';
import type { MockContext } from '../context.js';
import { versionIn } from '../kinds.js';
import { Refusal } from '../responses.js';
import type { Route } from '../router.js';
import { serviceEdit, serviceRoutes } from './services-common.js';

/**
 * What editContainer checks besides the shared settings (`image_name` and `tag` among them: the
 * record's tag is what a redeploy runs, and it shows as a change against the last deploy): the
 * registry, which must be the container's (the mock has one registry).
 */
function editContainer(container: components['schemas']['ContainerResponse'], fields: Record<string, unknown>): void {
  if (fields.registry_id !== container.registry.id) {
    throw new Refusal(400, `registry_id: no container registry ${String(fields.registry_id)} in this organization`);
  }
}

/** Containers run an image: a deploy takes the tag (`{ image_tag }`, required). */
export const containerRoutes = (ctx: MockContext): Route[] => [
  ...serviceRoutes(ctx, 'container', (body) => versionIn('container', checkBody(body, 'deployContainer'))),
  serviceEdit(ctx, 'container', 'editContainer', editContainer),
];
