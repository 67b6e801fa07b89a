import type { components } from '../../../generated/qovery-api.js';
import { checkBody } from '../check-body.js';
import type { MockContext } from '../context.js';
import type { ResourceRead, Route } from '../router.js';
import { serviceReads, serviceRoutes } from './services-common.js';

/** The GETs under /application/{applicationId}: its deployment histories are read through it too. */
export const applicationReads = (ctx: MockContext): ResourceRead<components['schemas']['Application']> =>
  serviceReads(ctx, 'application');

/** Applications are built from git: a deploy takes the commit (`{ git_commit_id }`, required). */
export const applicationRoutes = (ctx: MockContext): Route[] =>
  serviceRoutes(ctx, 'application', (body) => ({
    gitCommitId: String(checkBody(body, 'deployApplication').git_commit_id),
  }));
