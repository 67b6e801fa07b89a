// Why a deployment failed, end to end against the embedded API (issue 28): a failure asked with
// failNext({ reason }) is what the SDK's wait() reports, for every kind of service, at the cost of
// one request (the logs), and what explain() lays out stage by stage. Waits run on a virtual clock
// (@sinonjs/fake-timers), so the polls are the ones a real wait makes, the same on every run.

import { describe, expect, it } from 'vitest';
import { onVirtualClock } from '../../bench/requests.js';
import { DeploymentFailedError, Qovery } from '../../src/index.js';
import { createQoveryMock, DEPLOY_SCENE, type MockServiceKind, type QoveryMock } from '../../src/testing/index.js';

const REASON = {
  message: 'The container exited with code 137 while starting',
  hint: 'Give it more memory, or look at what it loads at start',
  link: 'https://hub.qovery.com/docs/using-qovery/troubleshoot/',
};

/** A mock of DEPLOY_SCENE on Date.now (faked in the tests), and a client that counts what it sends. */
function counted() {
  const mock: QoveryMock = createQoveryMock({ ...DEPLOY_SCENE, rateLimit: false, now: () => Date.now() });
  const sent: string[] = [];
  const qovery = new Qovery({
    apiToken: mock.adminToken,
    baseUrl: 'https://api.qovery.test',
    maxRetries: 0,
    fetch: (request: Request) => {
      sent.push(`${request.method} ${new URL(request.url).pathname}`);
      return mock.fetch(request);
    },
  });
  return { mock, qovery, sent };
}

const FIELDS: Record<MockServiceKind, 'applicationId' | 'containerId' | 'jobId' | 'databaseId' | 'helmId'> = {
  application: 'applicationId',
  container: 'containerId',
  job: 'jobId',
  database: 'databaseId',
  helm: 'helmId',
};
const NAMESPACES = {
  application: 'applications',
  container: 'containers',
  job: 'jobs',
  database: 'databases',
  helm: 'helms',
} as const;
const NAMES: Record<MockServiceKind, string> = {
  application: 'api',
  container: 'worker',
  job: 'migrate',
  database: 'db',
  helm: 'redis',
};

/** Redeploys the production service of `kind` (failing with `reason` when given) and waits for it. */
async function redeployAndWait(kind: MockServiceKind, reason?: typeof REASON) {
  const { mock, qovery, sent } = counted();
  const production = mock.state.environments.find((e) => e.name === 'production');
  const collection = mock.state[NAMESPACES[kind]] as { id: string; name: string; environment: { id: string } }[];
  const service = collection.find((s) => s.name === NAMES[kind] && s.environment.id === production?.id);
  if (!service) throw new Error(`no ${kind} ${NAMES[kind]}`);
  if (reason) mock.failNext({ serviceId: service.id, state: 'DEPLOYMENT_ERROR', reason });
  const outcome = await onVirtualClock(async () => {
    const queued = await qovery[NAMESPACES[kind]].redeploy(service.id);
    const target = { [FIELDS[kind]]: service.id, deploymentRequestId: queued.deployment_request_id };
    return qovery.deployments.wait(target as unknown as { applicationId: string }).catch((error: unknown) => error);
  });
  return { outcome, requests: sent.length, sent, service };
}

describe('a failed deployment says why, for every kind of service', () => {
  it.each(Object.keys(FIELDS) as MockServiceKind[])(
    '%s: the reason, hint and link in DeploymentFailedError, for one request more than a success',
    async (kind) => {
      const success = await redeployAndWait(kind);
      expect(success.outcome).toMatchObject({ state: 'DEPLOYED' });

      const failure = await redeployAndWait(kind, REASON);
      expect(failure.outcome).toBeInstanceOf(DeploymentFailedError);
      const error = failure.outcome as DeploymentFailedError;
      expect(error.state).toBe('DEPLOYMENT_ERROR');
      expect(error.reason).toMatchObject({
        message: REASON.message,
        hint: REASON.hint,
        link: REASON.link,
        step: 'DEPLOYMENT',
        service: { id: failure.service.id, name: NAMES[kind] },
      });
      for (const text of [REASON.message, REASON.hint, REASON.link]) expect(error.message).toContain(text);
      // The same polls on the same schedule, and the logs read once.
      expect(failure.requests).toBe(success.requests + 1);
      expect(failure.sent.filter((line) => line.endsWith('/logs'))).toHaveLength(1);
    },
  );

  it('a failure without a reason carries a plain one for its state', async () => {
    const { mock, qovery } = counted();
    const [api] = mock.state.applications;
    if (!api) throw new Error('no application');
    mock.failNext({ applicationId: api.id, state: 'BUILD_ERROR' });
    const error = await onVirtualClock(async () => {
      const queued = await qovery.applications.redeploy(api.id);
      return qovery.deployments
        .wait({ applicationId: api.id, deploymentRequestId: queued.deployment_request_id })
        .catch((e: unknown) => e);
    });
    expect(error).toBeInstanceOf(DeploymentFailedError);
    expect((error as DeploymentFailedError).reason).toMatchObject({
      message: 'The build of the image failed',
      step: 'BUILD',
      service: { kind: 'application', name: 'api' },
    });
  });

  it('failNext refuses a reason without a message', () => {
    const { mock } = counted();
    expect(() => mock.failNext({ state: 'BUILD_ERROR', reason: { message: ' ' } })).toThrow(/reason.message/);
  });
});

describe('deployments.explain() against the embedded API', () => {
  it('lays out a failed environment deployment: stages in order, steps per service, the error with its hint and link', async () => {
    const { mock, qovery } = counted();
    const production = mock.state.environments.find((e) => e.name === 'production');
    const container = mock.state.containers.find((c) => c.name === 'worker');
    if (!production || !container) throw new Error('no production');
    mock.failNext({ serviceId: container.id, state: 'DEPLOYMENT_ERROR', reason: { ...REASON, step: 'DEPLOYMENT' } });
    const explained = await onVirtualClock(async () => {
      await qovery.environments.redeploy(production.id);
      await qovery.deployments.wait({ environmentId: production.id }).catch(() => undefined);
      return qovery.deployments.explain({ environmentId: production.id });
    });
    expect(explained.state).toBe('DEPLOYMENT_ERROR');
    expect(explained.executionId).toMatch(new RegExp(`^${production.id}-\\d+$`));
    expect(explained.stages.map((stage) => `${stage.name} ${stage.status}`)).toEqual([
      'Databases DONE',
      'Jobs DONE',
      'Containers ERROR',
      'Applications SKIPPED',
      'Helm charts SKIPPED',
    ]);
    const steps = (stage: string) =>
      explained.stages
        .find((s) => s.name === stage)
        ?.services.map((service) => `${service.name}: ${service.steps.map((s) => `${s.name} ${s.status}`).join(', ')}`);
    expect(steps('Databases')).toEqual(['db: DEPLOYMENT SUCCESS']);
    expect(steps('Containers')).toEqual(['worker: DEPLOYMENT ERROR']);
    // The applications were built before the deploys began; the failure came before theirs.
    expect(steps('Applications')).toEqual([
      'api: GIT_CLONE SUCCESS, BUILD SUCCESS',
      'web: GIT_CLONE SUCCESS, BUILD SUCCESS',
    ]);
    expect(explained.errors).toEqual([
      expect.objectContaining({
        ...REASON,
        stage: 'Containers',
        step: 'DEPLOYMENT',
        service: { id: container.id, name: 'worker', kind: 'container' },
      }),
    ]);
  });

  it('a cancelled deployment: wait() settles as CANCELED and the logs say so', async () => {
    const { mock, qovery } = counted();
    const production = mock.state.environments.find((e) => e.name === 'production');
    if (!production) throw new Error('no production');
    const outcome = await onVirtualClock(async () => {
      const queued = await qovery.environments.redeploy(production.id);
      const waiting = qovery.deployments
        .wait({ environmentId: production.id, deploymentRequestId: queued.deployment_request_id })
        .catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const cancelled = await qovery.environments.cancel(production.id);
      expect(cancelled.last_deployment_state).toBe('CANCELED');
      const settled = await waiting;
      // Read on the same clock: the mock's entries are written as its clock reaches them.
      const logs = await qovery.deployments.logs({ environmentId: production.id });
      const statuses = await qovery.environments.statuses(production.id);
      return { settled, logs, statuses };
    });
    expect(outcome.settled).toBeInstanceOf(DeploymentFailedError);
    expect((outcome.settled as DeploymentFailedError).state).toBe('CANCELED');
    expect(outcome.logs.at(-1)?.message?.safe_message).toBe('The deployment was cancelled');
    expect(outcome.statuses.applications.map((s) => s.state)).toEqual(['CANCELED', 'CANCELED']);
  });
});
