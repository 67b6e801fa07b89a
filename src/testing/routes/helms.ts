import { checkBody } from '../check-body.js';
import type { MockContext } from '../context.js';
import { versionIn } from '../kinds.js';
import type { Route } from '../router.js';
import { serviceRoutes } from './services-common.js';

/**
 * Helm charts come from a chart repository or from git: a deploy takes `chart_version` or
 * `git_commit_id`, by the chart's source (not both; the other is ignored), or neither (the body is
 * optional) to deploy what runs.
 * `values_override_git_commit_id` is accepted and not modelled. The contract has no restart.
 */
export const helmRoutes = (ctx: MockContext): Route[] =>
  serviceRoutes(ctx, 'helm', (body) => versionIn('helm', checkBody(body ?? {}, 'deployHelm')));
