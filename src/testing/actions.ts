import type { Caller } from './auth.js';
import type { MockContext } from './context.js';
import { canEnd, deploymentsOfEnvironment, isSettled, successOf } from './deployments.js';
import { deployedVersion, KINDS, type ServiceRef } from './kinds.js';
import type { PendingFailure } from './mock.js';
import { randomUuid } from './random.js';
import { Refusal } from './responses.js';
import { type DeploymentAction, executionId, type MockDeployment, type MockServiceVersion } from './state.js';

/** 409 while a request covering the service (or, without one, anything in the environment) runs. */
export function refuseWhileRunning(ctx: MockContext, environmentId: string, service?: ServiceRef): void {
  const id = service?.record.id;
  const running = ctx.state.deployments.some(
    (d) =>
      d.environmentId === environmentId &&
      (id === undefined || d.services.some((s) => s.id === id)) &&
      !isSettled(d, ctx.now()),
  );
  if (running) {
    const target = service === undefined ? 'environment' : KINDS[service.kind].label;
    throw new Refusal(409, `An operation is already in progress on this ${target}`);
  }
}

/** The first pending failure aimed at this request, removed from the queue. */
function takeFailure(
  pendingFailures: PendingFailure[],
  environmentId: string,
  serviceIds: string[],
  action: DeploymentAction,
) {
  const index = pendingFailures.findIndex((f) => {
    const serviceId = f.serviceId ?? f.applicationId;
    return (
      canEnd(action, f.state) &&
      (f.environmentId === undefined || f.environmentId === environmentId) &&
      (serviceId === undefined || serviceIds.includes(serviceId))
    );
  });
  if (index < 0) return undefined;
  return pendingFailures.splice(index, 1)[0];
}

/**
 * Queues `action` on these services as one deployment request; its lifecycle runs on the clock.
 * A deploy installs `version` (what the request's body asked: one for all, or each service's own)
 * or, without one, the version each service runs now, as a redeploy, stop or restart does.
 */
export function startDeployment(
  ctx: MockContext,
  caller: Caller,
  environmentId: string,
  services: ServiceRef[],
  action: DeploymentAction,
  version?: MockServiceVersion | ((service: ServiceRef) => MockServiceVersion | undefined),
): void {
  const { state } = ctx;
  const startedAt = ctx.now();
  const failure = takeFailure(
    ctx.pendingFailures,
    environmentId,
    services.map((s) => s.record.id),
    action,
  );
  const deployment: MockDeployment = {
    id: randomUuid(ctx.random),
    executionId: executionId(environmentId, deploymentsOfEnvironment(state, environmentId).length + 1),
    environmentId,
    services: services.map((service) => ({
      id: service.record.id,
      kind: service.kind,
      ...((typeof version === 'function' ? version(service) : version) ?? deployedVersion(service)),
    })),
    action,
    startedAt,
    timings: { ...ctx.timings },
    outcome: failure?.state ?? successOf(action),
    triggeredBy: caller.name,
  };
  if (failure) {
    const serviceId = failure.serviceId ?? failure.applicationId;
    deployment.failure = {
      ...(serviceId !== undefined && { serviceId }),
      ...(failure.reason && { reason: { ...failure.reason } }),
    };
  }
  state.deployments.push(deployment);
}
