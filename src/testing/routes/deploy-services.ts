import { refuseWhileRunning, startDeployment } from '../actions.js';
import { checkBody } from '../check-body.js';
import type { MockContext } from '../context.js';
import { environmentStatus } from '../deployments.js';
import { KINDS, type ServiceRef, servicesIn, sourceOf, VERSION_FIELDS, versionFieldOf, versionIn } from '../kinds.js';
import { Refusal } from '../responses.js';
import { type Route, route } from '../router.js';
import type { MockServiceKind, MockServiceVersion } from '../state.js';
import { askedVersion } from './services-common.js';

type Asked = { id: string; kind: MockServiceKind; version: MockServiceVersion };

const items = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value : []);

/** DeployAllRequest's lists of services with a version, and the field each item names its service by. */
const LISTS = [
  ['applications', 'application', 'application_id'],
  ['containers', 'container', 'id'],
  ['jobs', 'job', 'id'],
  ['helms', 'helm', 'id'],
] as const;

/**
 * Each service the body names, with the version asked, in the contract's field names
 * (DeployAllRequest). The contract leaves a job's and a chart's `id` optional; the mock needs it.
 */
function askedServices(fields: Record<string, unknown>): Asked[] {
  for (const list of ['jobs', 'helms'] as const) {
    const index = items(fields[list]).findIndex((item) => typeof item.id !== 'string');
    if (index >= 0) throw new Refusal(400, `${list}[${index}].id: required`);
  }
  return [
    ...LISTS.flatMap(([list, kind, idField]) =>
      items(fields[list]).map((item) => ({ id: String(item[idField]), kind, version: versionIn(kind, item) })),
    ),
    ...(Array.isArray(fields.databases) ? fields.databases : []).map((id) => ({
      id: String(id),
      kind: 'database' as const,
      version: {},
    })),
  ];
}

/**
 * POST /environment/{id}/service/deploy (deployAllServices): the services the body names, each of
 * this environment, deployed as one request, each at the version asked or at the one it runs (two
 * versions for one service are a 400, as a kind's own deploy refuses them). A service that is not
 * in the environment, one named twice, none at all, or one never deployed and given no version (the
 * contract allows leaving it out only for a service deployed before) is a 400. Terraform services
 * are not modelled; `values_override_git_commit_id` is accepted and not modelled. 409 while anything
 * in the environment runs, as the environment's own actions. Answered with the environment's status.
 */
export const deployServicesRoutes = (ctx: MockContext): Route[] => [
  route(
    'POST',
    '/environment/{environmentId}/service/deploy',
    'deployAllServices',
    async ({ caller, params, body }) => {
      const environment = ctx.environmentFor(caller, params.environmentId ?? '', 'deploy');
      const asked = askedServices(checkBody((await body()) ?? {}, 'deployAllServices'));
      if (asked.length === 0) throw new Refusal(400, 'No service to deploy');
      const present = servicesIn(ctx.state, environment.id);
      const versions = new Map<string, MockServiceVersion | undefined>();
      const services: ServiceRef[] = asked.map(({ id, kind, version }) => {
        const lowered = id.toLowerCase();
        const service = present.find((s) => s.kind === kind && s.record.id === lowered);
        if (!service) throw new Refusal(400, `The ${KINDS[kind].label} ${id} is not in this environment`);
        if (versions.has(lowered)) throw new Refusal(400, `The ${KINDS[kind].label} ${id} is named twice`);
        const chosen = askedVersion(kind, service.record, version);
        // The contract: a version may be left out only for a service deployed before.
        const field = versionFieldOf(sourceOf(service));
        if (chosen === undefined && field !== undefined && ctx.state.neverDeployed.includes(lowered)) {
          throw new Refusal(
            400,
            `The ${KINDS[kind].label} ${id} was never deployed: give its ${VERSION_FIELDS[field]}`,
          );
        }
        versions.set(lowered, chosen);
        return service;
      });
      refuseWhileRunning(ctx, environment.id);
      startDeployment(ctx, caller, environment.id, services, 'DEPLOY', (service) => versions.get(service.record.id));
      return { status: 202, body: environmentStatus(ctx.state, environment, ctx.now()) };
    },
  ),
];
