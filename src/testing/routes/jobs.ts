import { checkBody } from '../check-body.js';
import type { MockContext } from '../context.js';
import { versionIn } from '../kinds.js';
import type { Route } from '../router.js';
import { serviceRoutes } from './services-common.js';

/**
 * Jobs run an image or are built from git: a deploy takes `image_tag` or `git_commit_id`, by the
 * job's source (not both; the other is ignored), or neither (the body is optional) to deploy what
 * runs. The contract has no restart.
 */
export const jobRoutes = (ctx: MockContext): Route[] =>
  serviceRoutes(ctx, 'job', (body) => versionIn('job', checkBody(body ?? {}, 'deployJob')));
