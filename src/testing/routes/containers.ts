import { checkBody } from '../check-body.js';
import type { MockContext } from '../context.js';
import type { Route } from '../router.js';
import { serviceRoutes } from './services-common.js';

/** Containers run an image: a deploy takes the tag (`{ image_tag }`, required). */
export const containerRoutes = (ctx: MockContext): Route[] =>
  serviceRoutes(ctx, 'container', (body) => ({ imageTag: String(checkBody(body, 'deployContainer').image_tag) }));
