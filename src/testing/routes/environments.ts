import type { components } from '../../../generated/qovery-api.js';
import { refuseWhileRunning, startDeployment } from '../actions.js';
import type { MockContext } from '../context.js';
import { environmentAsService, environmentStatus, environmentStatuses } from '../deployments.js';
import { servicesIn } from '../kinds.js';
import { type ResourceRead, type Route, resourceReads, route } from '../router.js';
import type { DeploymentAction } from '../state.js';

type Schemas = components['schemas'];

export const environmentReads = (ctx: MockContext): ResourceRead<Schemas['Environment']> =>
  resourceReads('/environment/{environmentId}', (caller, id) => ctx.environmentFor(caller, id, 'project:read'));

/** POST /environment/{id}/<verb>: the action on every service of the environment, of every kind, as one request. */
const environmentAction = (
  ctx: MockContext,
  verb: string,
  operation: string,
  action: DeploymentAction,
  answer: (environment: Schemas['Environment']) => unknown,
): Route =>
  route(
    'POST',
    `/environment/{environmentId}/${verb}`,
    operation,
    ({ caller, params }) => {
      const environment = ctx.environmentFor(caller, params.environmentId ?? '', 'deploy');
      refuseWhileRunning(ctx, environment.id);
      startDeployment(ctx, caller, environment.id, servicesIn(ctx.state, environment.id), action);
      return { status: 202, body: answer(environment) };
    },
    false,
  );

export function environmentRoutes(ctx: MockContext): Route[] {
  const { state, now } = ctx;
  const environmentRead = environmentReads(ctx);
  return [
    route('GET', '/project/{projectId}/environment', 'listEnvironment', ({ caller, params }) => {
      const project = ctx.projectFor(caller, params.projectId ?? '', 'project:read');
      return { status: 200, body: { results: state.environments.filter((e) => e.project.id === project.id) } };
    }),

    environmentRead('', 'getEnvironment', (environment) => environment),
    environmentRead('/status', 'getEnvironmentStatus', (environment) => environmentStatus(state, environment, now())),
    environmentRead('/statuses', 'getEnvironmentStatuses', (environment) =>
      environmentStatuses(state, environment, now()),
    ),
    environmentAction(ctx, 'deploy', 'deployEnvironment', 'DEPLOY', (e) => environmentAsService(state, e, now())),
    environmentAction(ctx, 'stop', 'stopEnvironment', 'STOP', (e) => environmentStatus(state, e, now())),
    environmentAction(ctx, 'redeploy', 'redeployEnvironment', 'DEPLOY', (e) => environmentStatus(state, e, now())),
  ];
}
