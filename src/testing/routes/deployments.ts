import type { MockContext } from '../context.js';
import {
  applicationHistoryV1,
  applicationHistoryV2,
  deploymentsOfEnvironment,
  deploymentsOfService,
  environmentHistoryV1,
  environmentHistoryV2,
  environmentLogs,
  progress,
} from '../deployments.js';
import { newestPage, pageAfter } from '../paging.js';
import { Refusal } from '../responses.js';
import { type Route, route } from '../router.js';
import { applicationReads } from './applications.js';
import { environmentReads } from './environments.js';

export function deploymentRoutes(ctx: MockContext): Route[] {
  const { state, now } = ctx;
  const environmentRead = environmentReads(ctx);
  const applicationRead = applicationReads(ctx);
  return [
    // Its path matches /environment/{environmentId} too: the router tries it first, having no parameter.
    route('GET', '/environment/deploymentStatus', 'getDeploymentStatusByDeploymentRequestId', ({ caller, query }) => {
      const id = query.get('deploymentRequestId');
      const deployment = state.deployments.find((d) => d.id === id?.toLowerCase());
      if (!deployment) throw new Refusal(404, `Deployment request ${id ?? '(none)'} not found`);
      ctx.environmentFor(caller, deployment.environmentId, 'project:read');
      return {
        status: 200,
        body: {
          deployment_request_id: deployment.id,
          environment_id: deployment.environmentId,
          status: progress(deployment, now()).state,
        },
      };
    }),

    environmentRead('/deploymentHistory', 'listEnvironmentDeploymentHistory', (environment, query) =>
      pageAfter(deploymentsOfEnvironment(state, environment.id), query.get('startId'), (d) =>
        environmentHistoryV1(state, d, now()),
      ),
    ),
    // An execution id names one deployment of the environment; without one, its latest deployment.
    environmentRead('/logs', 'listEnvironmentLogs', (environment, query) => {
      const version = query.get('version') ?? undefined;
      const entries = environmentLogs(state, environment.id, version || undefined, now());
      if (!entries) throw new Refusal(404, `Deployment ${version} not found in this environment`);
      return entries;
    }),
    environmentRead('/deploymentHistoryV2', 'listEnvironmentDeploymentHistoryV2', (environment, query) =>
      newestPage(deploymentsOfEnvironment(state, environment.id), query.get('pageSize'), (d) =>
        environmentHistoryV2(state, d, now()),
      ),
    ),

    applicationRead('/deploymentHistory', 'listApplicationDeploymentHistory', (application, query) =>
      pageAfter(deploymentsOfService(state, application.id), query.get('startId'), (d) =>
        applicationHistoryV1(d, application, now()),
      ),
    ),
    applicationRead('/deploymentHistoryV2', 'listApplicationDeploymentHistoryV2', (application, query) =>
      newestPage(deploymentsOfService(state, application.id), query.get('pageSize'), (d) =>
        applicationHistoryV2(d, application, now()),
      ),
    ),
  ];
}
