import type { components } from '../../../generated/qovery-api.js';
import { refuseWhileRunning, startDeployment } from '../actions.js';
import { checkBody } from '../check-body.js';
import type { MockContext } from '../context.js';
import { applicationStatus, applicationsOf } from '../deployments.js';
import { type ResourceRead, type Route, resourceReads, route } from '../router.js';
import type { DeploymentAction } from '../state.js';
import { environmentReads } from './environments.js';

type Schemas = components['schemas'];

export const applicationReads = (ctx: MockContext): ResourceRead<Schemas['Application']> =>
  resourceReads(
    '/application/{applicationId}',
    (caller, id) => ctx.applicationFor(caller, id, 'project:read').application,
  );

/** POST /application/{id}/<verb>: 202 with the application's Status, the action just queued. */
const applicationAction = (
  ctx: MockContext,
  verb: string,
  operation: string,
  action: DeploymentAction,
  commitFromBody?: (body: unknown) => string,
): Route =>
  route(
    'POST',
    `/application/{applicationId}/${verb}`,
    operation,
    async ({ caller, params, body }) => {
      const { application, environment } = ctx.applicationFor(caller, params.applicationId ?? '', 'deploy');
      const gitCommitId = commitFromBody?.(await body());
      refuseWhileRunning(ctx, environment.id, application.id);
      startDeployment(ctx, caller, environment.id, [application], action, gitCommitId);
      return { status: 202, body: applicationStatus(ctx.state, application, ctx.now()) };
    },
    commitFromBody !== undefined,
  );

export function applicationRoutes(ctx: MockContext): Route[] {
  const { state, now } = ctx;
  const applicationRead = applicationReads(ctx);
  return [
    // toUpdate (only applications with a newer commit) is ignored: the mock knows no branch heads.
    environmentReads(ctx)('/application', 'listApplication', (environment) => ({
      results: applicationsOf(state, environment.id),
    })),

    applicationRead('', 'getApplication', (application) => application),
    applicationRead('/status', 'getApplicationStatus', (application) => applicationStatus(state, application, now())),
    applicationAction(ctx, 'deploy', 'deployApplication', 'DEPLOY', (body) =>
      String(checkBody(body, 'deployApplication').git_commit_id),
    ),
    applicationAction(ctx, 'redeploy', 'redeployApplication', 'DEPLOY'),
    applicationAction(ctx, 'restart-service', 'rebootApplication', 'RESTART'),
    applicationAction(ctx, 'stop', 'stopApplication', 'STOP'),
  ];
}
