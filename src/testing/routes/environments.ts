import type { components } from '../../../generated/qovery-api.js';
import { refuseWhileRunning, startDeployment } from '../actions.js';
import { checkBody } from '../check-body.js';
import type { MockContext } from '../context.js';
import {
  deploymentsOfEnvironment,
  environmentAsService,
  environmentStatus,
  environmentStatuses,
  environmentStatusesWithStages,
  isSettled,
} from '../deployments.js';
import { type CloneSpec, cloneEnvironment, dropEnvironments } from '../environments.js';
import { linksOf, servicesIn } from '../kinds.js';
import { randomUuid } from '../random.js';
import { Refusal } from '../responses.js';
import { type ResourceRead, type Route, resourceReads, route } from '../router.js';
import { type DeploymentAction, type MockState, sameName } from '../state.js';

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

/**
 * What a clone of `source` is made of (body CloneEnvironmentRequest): the name, unique in the
 * project (409), the project (default the source's; another organization's is not found), the mode
 * and the cluster (default the source's; a cluster of another organization, or none, is not
 * found). `apply_deployment_rule` is accepted and not modelled.
 */
function cloneSpec(state: MockState, source: Schemas['Environment'], fields: Record<string, unknown>): CloneSpec {
  const name = String(fields.name);
  const projectId = typeof fields.project_id === 'string' ? fields.project_id.toLowerCase() : source.project.id;
  const project = state.projects.find((p) => p.id === projectId && p.organization.id === source.organization.id);
  if (!project) throw new Refusal(404, `Project ${projectId} not found`);
  const clusterId = typeof fields.cluster_id === 'string' ? fields.cluster_id.toLowerCase() : source.cluster_id;
  const cluster = state.clusters.find((c) => c.organization.id === source.organization.id && c.id === clusterId);
  if (!cluster) throw new Refusal(404, `Cluster ${clusterId} not found`);
  if (state.environments.some((e) => e.project.id === project.id && sameName(e.name, name))) {
    throw new Refusal(409, 'This project already has an environment with that name');
  }
  const mode = (fields.mode as Schemas['EnvironmentModeEnum'] | undefined) ?? source.mode;
  return { name, project, mode, cluster: { id: cluster.id, name: cluster.name } };
}

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
    environmentRead('/statusesWithStages', 'getEnvironmentStatusesWithStages', (environment) =>
      environmentStatusesWithStages(state, environment, now()),
    ),
    environmentAction(ctx, 'deploy', 'deployEnvironment', 'DEPLOY', (e) => environmentAsService(state, e, now())),
    environmentAction(ctx, 'stop', 'stopEnvironment', 'STOP', (e) => environmentStatus(state, e, now())),
    environmentAction(ctx, 'redeploy', 'redeployEnvironment', 'DEPLOY', (e) => environmentStatus(state, e, now())),
    environmentRead('/link', 'listEnvironmentServicesLinks', (environment) => ({
      results: servicesIn(state, environment.id).flatMap(linksOf),
    })),

    // Cancels what runs in the environment: its services end CANCELED, its logs say so. 409 when
    // nothing runs (a cancelled deployment has stopped running). force_cancel is recorded on the
    // deployment (`forceCanceled`); the mock cancels at once either way. The contract declares no 400: a malformed id is not found.
    route(
      'POST',
      '/environment/{environmentId}/cancelDeployment',
      'cancelEnvironmentDeployment',
      async ({ caller, params, body }) => {
        const environment = ctx.environmentFor(caller, params.environmentId ?? '', 'deploy');
        // The contract's body is inline (no schema to check with): an object, force_cancel a boolean.
        const fields = (await body()) ?? {};
        if (typeof fields !== 'object' || fields === null || Array.isArray(fields))
          throw new Refusal(400, 'body: must be a JSON object');
        const force = (fields as Record<string, unknown>).force_cancel;
        if (force !== undefined && typeof force !== 'boolean')
          throw new Refusal(400, 'force_cancel: must be a boolean');
        const at = now();
        const running = deploymentsOfEnvironment(state, environment.id).filter((d) => !isSettled(d, at));
        if (running.length === 0) {
          const latest = deploymentsOfEnvironment(state, environment.id)[0];
          throw new Refusal(
            409,
            latest?.canceledAt !== undefined || latest?.outcome === 'CANCELED'
              ? 'The deployment of this environment is already cancelled'
              : 'No deployment is running in this environment',
          );
        }
        for (const deployment of running) {
          deployment.canceledAt = at;
          deployment.forceCanceled = force === true;
          deployment.outcome = 'CANCELED';
        }
        return { status: 202, body: environmentStatus(state, environment, at) };
      },
      false,
    ),

    // The contract declares no 400 here: a malformed id is not found, like any unknown one. A body
    // the contract's schema refuses is still a 400 (the API's answer, which the contract leaves out).
    route(
      'POST',
      '/environment/{environmentId}/clone',
      'cloneEnvironment',
      async ({ caller, params, body }) => {
        const source = ctx.environmentFor(caller, params.environmentId ?? '', 'deploy');
        const spec = cloneSpec(state, source, checkBody(await body(), 'cloneEnvironment'));
        const clone = cloneEnvironment(state, source, spec, () => randomUuid(ctx.random), ctx.iso());
        return { status: 202, body: clone };
      },
      false,
    ),

    // skipReconcile is accepted and not modelled.
    route('DELETE', '/environment/{environmentId}', 'deleteEnvironment', ({ caller, params }) => {
      const environment = ctx.environmentFor(caller, params.environmentId ?? '', 'deploy');
      dropEnvironments(state, new Set([environment.id]));
      return { status: 204 };
    }),
  ];
}
