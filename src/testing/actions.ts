import type { components } from '../../generated/qovery-api.js';
import type { Caller } from './auth.js';
import type { MockContext } from './context.js';
import { canEnd, deploymentsOfEnvironment, isSettled, successOf } from './deployments.js';
import type { PendingFailure } from './mock.js';
import { randomUuid } from './random.js';
import { Refusal } from './responses.js';
import { type DeploymentAction, executionId, type MockDeployment } from './state.js';

type Schemas = components['schemas'];

/** 409 while a request covering the application (or, without one, anything in the environment) runs. */
export function refuseWhileRunning(ctx: MockContext, environmentId: string, applicationId?: string): void {
  const running = ctx.state.deployments.some(
    (d) =>
      d.environmentId === environmentId &&
      (applicationId === undefined || d.applications.some((a) => a.id === applicationId)) &&
      !isSettled(d, ctx.now()),
  );
  if (running) {
    const target = applicationId === undefined ? 'environment' : 'application';
    throw new Refusal(409, `An operation is already in progress on this ${target}`);
  }
}

/** The first pending failure aimed at this request, removed from the queue. */
function takeFailure(
  pendingFailures: PendingFailure[],
  environmentId: string,
  applicationIds: string[],
  action: DeploymentAction,
) {
  const index = pendingFailures.findIndex(
    (f) =>
      canEnd(action, f.state) &&
      (f.environmentId === undefined || f.environmentId === environmentId) &&
      (f.applicationId === undefined || applicationIds.includes(f.applicationId)),
  );
  if (index < 0) return undefined;
  return pendingFailures.splice(index, 1)[0]?.state;
}

/** Queues `action` on these applications as one deployment request; its lifecycle runs on the clock. */
export function startDeployment(
  ctx: MockContext,
  caller: Caller,
  environmentId: string,
  applications: Schemas['Application'][],
  action: DeploymentAction,
  gitCommitId?: string,
): void {
  const { state } = ctx;
  const ids = applications.map((a) => a.id);
  const startedAt = ctx.now();
  const deployment: MockDeployment = {
    id: randomUuid(ctx.random),
    executionId: executionId(environmentId, deploymentsOfEnvironment(state, environmentId).length + 1, startedAt),
    environmentId,
    // A redeploy, stop or restart works on the commit already deployed.
    applications: applications.map((a) => ({
      id: a.id,
      gitCommitId: gitCommitId ?? a.git_repository?.deployed_commit_id,
    })),
    action,
    startedAt,
    timings: { ...ctx.timings },
    outcome: takeFailure(ctx.pendingFailures, environmentId, ids, action) ?? successOf(action),
    triggeredBy: caller.name,
  };
  state.deployments.push(deployment);
}
