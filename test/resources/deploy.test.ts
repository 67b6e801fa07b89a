// Environments, applications and deployments, end to end against the embedded Qovery API (its
// fetch handler, no sockets), with deployment phases of a few milliseconds on the real clock.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  APITimeoutError,
  APIUserAbortError,
  BadRequestError,
  ConflictError,
  DeploymentFailedError,
  type DeploymentProgress,
  LookupError,
  PermissionDeniedError,
  Qovery,
  serviceState,
  ValidationError,
} from '../../src/index.js';
import { pollSpacing } from '../../src/resources/deployments.js';
import { createQoveryMock, DEPLOY_SCENE, type QoveryMock } from '../../src/testing/index.js';

const COMMIT = '9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345';
const FAST = { queuedMs: 15, buildingMs: 30, deployingMs: 20 };
let mock: QoveryMock;
let sent: { method: string; path: string }[];

function client(token = mock.adminToken, options: Partial<ConstructorParameters<typeof Qovery>[0] & object> = {}) {
  return new Qovery({
    apiToken: token,
    baseUrl: 'https://api.qovery.test',
    maxRetries: 0,
    fetch: (request) => {
      sent.push({ method: request.method, path: new URL(request.url).pathname });
      return mock.fetch(request);
    },
    ...options,
  });
}

beforeEach(() => {
  mock = createQoveryMock({ ...DEPLOY_SCENE, lifecycle: FAST, rateLimit: false });
  sent = [];
});

const api = async (qovery: Qovery) =>
  qovery.applications.find({ project: 'Backend', environment: 'production', application: 'api' });

describe('finding by name', () => {
  it('finds an application by the names a pipeline uses', async () => {
    const qovery = client();
    const application = await api(qovery);
    expect(application.name).toBe('api');
    const production = await qovery.environments.find({ project: 'Backend', environment: 'production' });
    expect(application.environment.id).toBe(production.id);
    expect(await qovery.applications.find({ name: 'API', environmentId: production.id })).toEqual(application);
  });

  it('refuses a name that matches in several environments, listing where', async () => {
    const error = await client()
      .applications.find({ application: 'api' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LookupError);
    const lookup = error as LookupError;
    expect(lookup.kind).toBe('application');
    expect(lookup.matches.map((m) => m.name).sort()).toEqual(['Backend/production/api', 'Backend/staging/api']);
    expect(lookup.message).toContain('2 applications match application "api"');
  });

  it('says when nothing matches', async () => {
    const error = await client()
      .applications.find({ environment: 'production', application: 'worker' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LookupError);
    expect((error as LookupError).matches).toEqual([]);
    expect((error as LookupError).message).toBe(
      'No application matches environment "production", application "worker"',
    );
  });

  it('checks the shape of a lookup before sending anything', async () => {
    const qovery = client();
    // @ts-expect-error neither form: a name needs its environmentId
    await expect(qovery.applications.find({ name: 'api' })).rejects.toThrow(ValidationError);
    await expect(qovery.environments.find({ name: 'x', projectId: 'nope' })).rejects.toThrow(ValidationError);
    expect(sent).toEqual([]);
  });
});

describe('deploying and waiting', () => {
  it('deploys at a commit and waits through every phase to DEPLOYED', async () => {
    const qovery = client();
    const application = await api(qovery);
    const queued = await qovery.applications.deploy(application.id, { gitCommitId: COMMIT });
    expect(queued.deployment_request_id).toMatch(/^[0-9a-f-]{36}$/);
    const seen: DeploymentProgress[] = [];
    const final = await qovery.deployments.wait(
      { applicationId: application.id, deploymentRequestId: queued.deployment_request_id },
      { until: 'DEPLOYED', interval: 5, onProgress: (p) => seen.push(p) },
    );
    expect(final.state).toBe('DEPLOYED');
    expect(final.status).toBe('RUNNING');
    expect(final.deploymentRequestId).toBe(queued.deployment_request_id);
    const order = ['QUEUED', 'BUILDING', 'DEPLOYING', 'DEPLOYED'];
    const states = seen.map((p) => p.state);
    expect(states.at(-1)).toBe('DEPLOYED');
    expect(states.every((s, i) => i === 0 || order.indexOf(s) > order.indexOf(states[i - 1] as string))).toBe(true);
    expect((await qovery.applications.get(application.id)).git_repository?.deployed_commit_id).toBe(COMMIT);
  });

  it('rejects with DeploymentFailedError carrying the final status when the build fails', async () => {
    const qovery = client();
    const application = await api(qovery);
    mock.failNext({ applicationId: application.id, state: 'BUILD_ERROR' });
    const queued = await qovery.applications.deploy(application.id, { gitCommitId: COMMIT });
    const error = await qovery.deployments
      .wait({ applicationId: application.id, deploymentRequestId: queued.deployment_request_id }, { interval: 5 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeploymentFailedError);
    const failed = error as DeploymentFailedError;
    expect(failed.state).toBe('BUILD_ERROR');
    expect(failed.finalStatus.status).toBe('ERROR');
    expect((failed.finalStatus.raw as { id: string }).id).toBe(application.id);
  });

  it('answers an action during a running deployment with ConflictError, and accepts it once settled', async () => {
    const qovery = client();
    const application = await api(qovery);
    const queued = await qovery.applications.deploy(application.id, { gitCommitId: COMMIT });
    const conflict = await qovery.applications.restart(application.id).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as ConflictError).status).toBe(409);
    expect((conflict as ConflictError).message).toMatch(/^409 .*in progress/);
    await qovery.deployments.wait(
      { applicationId: application.id, deploymentRequestId: queued.deployment_request_id },
      { interval: 5 },
    );
    const restarted = await qovery.applications.restart(application.id);
    const final = await qovery.deployments.wait(
      { applicationId: application.id, deploymentRequestId: restarted.deployment_request_id },
      { until: ['RESTARTED'], interval: 5 },
    );
    expect(final.state).toBe('RESTARTED');
  });

  it('deploys a whole environment and follows it by deployment request id alone', async () => {
    const qovery = client();
    const production = await qovery.environments.find({ environment: 'production' });
    const queued = await qovery.environments.deploy(production.id);
    const requestId = queued.deployment_request_id as string;
    expect((await qovery.deployments.status(requestId)).environment_id).toBe(production.id);
    const final = await qovery.deployments.wait({ deploymentRequestId: requestId }, { interval: 5 });
    expect(final.state).toBe('DEPLOYED');
    const statuses = await qovery.environments.statuses(production.id);
    expect(statuses.applications.map((s) => s.state)).toEqual(['DEPLOYED', 'DEPLOYED']);
  });

  it('deploys the services named, each at its version, as one request, and follows it', async () => {
    const qovery = client();
    const production = await qovery.environments.find({ environment: 'production' });
    const statuses = await qovery.environments.statuses(production.id);
    const [api, web] = await Promise.all(
      ['api', 'web'].map((name) => qovery.applications.find({ name, environmentId: production.id })),
    );
    const worker = await qovery.containers.find({ name: 'worker', environmentId: production.id });
    sent = [];
    const queued = await qovery.environments.deployServices(production.id, {
      applications: [{ id: api?.id as string, gitCommitId: COMMIT }],
      containers: [{ id: worker.id, imageTag: '1.1.0' }],
      databases: statuses.databases.map((database) => database.id),
    });
    expect(sent).toEqual([{ method: 'POST', path: `/environment/${production.id}/service/deploy` }]);
    const final = await qovery.deployments.wait(
      { environmentId: production.id, deploymentRequestId: queued.deployment_request_id },
      { interval: 5 },
    );
    expect(final.state).toBe('DEPLOYED');
    expect((await qovery.applications.get(api?.id as string)).git_repository?.deployed_commit_id).toBe(COMMIT);
    expect((await qovery.containers.get(worker.id)).tag).toBe('1.1.0');
    // One request covered exactly the services named: web, the job and the chart were left alone.
    const request = mock.state.deployments.find((d) => d.id === queued.deployment_request_id);
    expect(request?.services.map((service) => service.id).sort()).toEqual(
      [api?.id, worker.id, ...statuses.databases.map((database) => database.id)].sort(),
    );
    expect(web?.id).toBeDefined();
  });

  it('deploys a new clone only when each service is given a version, as the contract asks of one never deployed', async () => {
    const qovery = client();
    const staging = await qovery.environments.find({ environment: 'staging' });
    const clone = await qovery.environments.clone(staging.id, { name: 'pr-9' });
    const [api] = await qovery.applications.list({ environmentId: clone.id });
    const refused = await qovery.environments
      .deployServices(clone.id, { applications: [{ id: api?.id as string }] })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect((refused as BadRequestError).message).toContain('was never deployed: give its git_commit_id');
    const queued = await qovery.environments.deployServices(clone.id, {
      applications: [{ id: api?.id as string, gitCommitId: COMMIT }],
    });
    const final = await qovery.deployments.wait(
      { environmentId: clone.id, deploymentRequestId: queued.deployment_request_id },
      { interval: 5 },
    );
    expect(final.state).toBe('DEPLOYED');
    // Deployed once, the application may be named without a version: it keeps the one it runs.
    const again = await qovery.environments.deployServices(clone.id, { applications: [{ id: api?.id as string }] });
    await qovery.deployments.wait(
      { environmentId: clone.id, deploymentRequestId: again.deployment_request_id },
      { interval: 5 },
    );
    expect((await qovery.applications.get(api?.id as string)).git_repository?.deployed_commit_id).toBe(COMMIT);
  });

  it('checks what deployServices names before sending anything, and refuses a service of another environment', async () => {
    const qovery = client();
    const production = await qovery.environments.find({ environment: 'production' });
    const staging = await qovery.environments.find({ environment: 'staging' });
    const stagingApi = await qovery.applications.find({ name: 'api', environmentId: staging.id });
    sent = [];
    const refused = (params: unknown) =>
      qovery.environments
        .deployServices(production.id, params as Parameters<Qovery['environments']['deployServices']>[1])
        .catch((e: unknown) => e);
    for (const [params, message] of [
      [{}, 'name at least one service to deploy'],
      [{ applications: [] }, 'name at least one service to deploy'],
      [{ applications: [{ id: 'not-a-uuid' }] }, 'must be a UUID'],
      [{ jobs: [{ id: stagingApi.id, imageTag: '1', gitCommitId: COMMIT }] }, 'a job deploys from one source'],
      [{ containers: [{ id: stagingApi.id, tag: '1' }] }, 'tag'],
      [
        { applications: [{ id: stagingApi.id }], containers: [{ id: stagingApi.id.toUpperCase() }] },
        'names a service twice',
      ],
    ] as const) {
      const error = await refused(params);
      expect(error, JSON.stringify(params)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message, JSON.stringify(params)).toContain(message);
    }
    expect(sent).toEqual([]);
    const requests = mock.state.deployments.length;
    const error = await refused({ applications: [{ id: stagingApi.id, gitCommitId: COMMIT }] });
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).message).toContain(stagingApi.id);
    expect(mock.state.deployments).toHaveLength(requests);
  });

  it('stops an environment and waits for STOPPED', async () => {
    const qovery = client();
    const staging = await qovery.environments.find({ project: 'Backend', environment: 'staging' });
    const queued = await qovery.environments.stop(staging.id);
    const final = await qovery.deployments.wait(
      { environmentId: staging.id, deploymentRequestId: queued.deployment_request_id },
      { until: 'STOPPED', interval: 5 },
    );
    expect(final.state).toBe('STOPPED');
    expect(final.status).toBe('STOPPED');
  });

  it('gives up with APITimeoutError after its timeout, naming the last state', async () => {
    mock = createQoveryMock({ ...DEPLOY_SCENE, lifecycle: { queuedMs: 60_000 }, rateLimit: false });
    const qovery = client();
    const application = await api(qovery);
    const queued = await qovery.applications.deploy(application.id, { gitCommitId: COMMIT });
    const error = await qovery.deployments
      .wait(
        { applicationId: application.id, deploymentRequestId: queued.deployment_request_id },
        { timeout: 40, interval: 5 },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toContain('the last state was QUEUED');
  });

  it('stops waiting when its signal aborts', async () => {
    mock = createQoveryMock({ ...DEPLOY_SCENE, lifecycle: { queuedMs: 60_000 }, rateLimit: false });
    const qovery = client();
    const application = await api(qovery);
    await qovery.applications.deploy(application.id, { gitCommitId: COMMIT });
    const controller = new AbortController();
    const waiting = qovery.deployments.wait(
      { applicationId: application.id },
      { interval: 5, signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toThrow(APIUserAbortError);
  });

  it('never retries an action, even when the retry budget allows it', async () => {
    const qovery = client(mock.adminToken, { maxRetries: 3, maxRetryDelay: 0 });
    const application = await api(qovery);
    mock.faults.inject({ kind: 'status', status: 503, operation: 'deployApplication' });
    sent = [];
    await expect(qovery.applications.deploy(application.id, { gitCommitId: COMMIT })).rejects.toThrow('503');
    expect(sent.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('refuses a deploy without a commit, and a viewer token, before or at the API', async () => {
    const application = await api(client());
    sent = [];
    // @ts-expect-error gitCommitId is required
    await expect(client().applications.deploy(application.id, {})).rejects.toThrow(ValidationError);
    expect(sent).toEqual([]);
    await expect(client(mock.viewerToken).applications.deploy(application.id, { gitCommitId: COMMIT })).rejects.toThrow(
      PermissionDeniedError,
    );
  });

  it('checks wait targets: one of applicationId or environmentId, or a request id alone', async () => {
    const qovery = client();
    const id = '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1aff';
    // @ts-expect-error two targets
    await expect(qovery.deployments.wait({ applicationId: id, containerId: id })).rejects.toThrow(ValidationError);
    // @ts-expect-error no target
    await expect(qovery.deployments.wait({})).rejects.toThrow(ValidationError);
    // @ts-expect-error until must be states
    await expect(qovery.deployments.wait({ applicationId: id }, { until: 3 })).rejects.toThrow(ValidationError);
    expect(sent).toEqual([]);
  });
});

describe('deployment history', () => {
  it('walks every page lazily, newest first, without repeats', async () => {
    const qovery = client();
    const application = await api(qovery);
    sent = [];
    const ids: string[] = [];
    const dates: string[] = [];
    for await (const deployment of qovery.deployments.history({ applicationId: application.id })) {
      ids.push(deployment.id);
      dates.push(deployment.created_at);
      // The second page is not fetched before the first is used up.
      if (ids.length === 20) expect(sent.filter((r) => r.path.endsWith('/deploymentHistory'))).toHaveLength(1);
    }
    expect(ids.length).toBeGreaterThanOrEqual(45);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('stops at its limit without fetching further pages', async () => {
    const qovery = client();
    const application = await api(qovery);
    sent = [];
    const seen = [];
    for await (const deployment of qovery.deployments.history({ applicationId: application.id, limit: 25 }))
      seen.push(deployment);
    expect(seen).toHaveLength(25);
    expect(sent.filter((r) => r.path.endsWith('/deploymentHistory'))).toHaveLength(2);
  });

  it('walks an environment history too, and lists the latest page of the V2 history', async () => {
    const qovery = client();
    const production = await qovery.environments.find({ environment: 'production' });
    let count = 0;
    for await (const deployment of qovery.deployments.history({ environmentId: production.id })) {
      expect(deployment.id).toBeTruthy();
      count++;
    }
    expect(count).toBeGreaterThan(0);
    const application = await api(qovery);
    const page = await qovery.deployments.list({ applicationId: application.id, pageSize: 5 });
    expect(page.results).toHaveLength(5);
    expect(page.page_size).toBe(5);
  });
});

// Every kind in the report, and what it costs: test/resources/services.test.ts.
describe('status report', () => {
  it('flags a service in error, keeping the API state beside the one-word status', async () => {
    const qovery = client();
    const application = await api(qovery);
    mock.failNext({ applicationId: application.id, state: 'DEPLOYMENT_ERROR' });
    const queued = await qovery.applications.deploy(application.id, { gitCommitId: COMMIT });
    await qovery.deployments
      .wait({ applicationId: application.id, deploymentRequestId: queued.deployment_request_id }, { interval: 5 })
      .catch(() => undefined);
    const report = await qovery.status({ environmentId: application.environment.id });
    expect(report.hasErrors).toBe(true);
    const failed = report.services.find((s) => s.id === application.id);
    expect(failed).toMatchObject({
      name: 'api',
      status: 'ERROR',
      state: 'DEPLOYMENT_ERROR',
      environment: 'production',
    });
    expect(report.services).toHaveLength(6);
  });
});

describe('helpers', () => {
  it.each([
    ['DEPLOYED', 'RUNNING'],
    ['RESTARTED', 'RUNNING'],
    ['BUILD_ERROR', 'ERROR'],
    ['DEPLOYMENT_ERROR', 'ERROR'],
    ['STOP_ERROR', 'ERROR'],
    ['QUEUED', 'IN_PROGRESS'],
    ['DEPLOYMENT_QUEUED', 'IN_PROGRESS'],
    ['BUILDING', 'IN_PROGRESS'],
    ['WAITING_RUNNING', 'IN_PROGRESS'],
    ['STOPPED', 'STOPPED'],
    ['CANCELED', 'STOPPED'],
    ['READY', 'STOPPED'],
    ['UNAVAILABLE', 'UNKNOWN'],
    ['SOMETHING_NEW', 'UNKNOWN'],
  ])('serviceState(%s) is %s', (state, word) => {
    expect(serviceState(state)).toBe(word);
  });

  it('polls at the normal pace with most of the rate limit left, and shares out the rest when low', () => {
    const now = Date.UTC(2026, 10, 28);
    const resetAt = new Date(now + 600_000);
    expect(pollSpacing(undefined, now)).toBe(0);
    expect(pollSpacing({ limit: 1000, remaining: 500, resetAt }, now)).toBe(0);
    expect(pollSpacing({ limit: 1000, remaining: 60, resetAt }, now)).toBe(10_000);
    expect(pollSpacing({ limit: 1000, remaining: 0, resetAt }, now)).toBe(600_000);
    // A reset in milliseconds (a proxy's mistake) is capped as timers are, not left to fire at once.
    const farOff = new Date(now * 1000);
    expect(pollSpacing({ limit: 1000, remaining: 5, resetAt: farOff }, now)).toBe(2 ** 31 - 1);
  });
});

describe('wait() against an API that misbehaves', () => {
  const APP = '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1aaa';
  const OURS = '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1bbb';
  const OTHER = '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1ccc';
  const status = (state: string, deploymentRequestId: string | null) => ({
    id: APP,
    state,
    service_deployment_status: 'UP_TO_DATE',
    status_details: { action: 'DEPLOY', status: 'SUCCESS', sub_action: 'NONE' },
    is_part_last_deployment: true,
    deployment_requests_count: 0,
    deployment_request_id: deploymentRequestId,
  });
  /** A client whose API answers the application status from `answers`, in turn (the last one repeats). */
  function scripted(answers: unknown[], extra: (url: URL) => unknown = () => undefined, options = {}) {
    let calls = 0;
    return new Qovery({
      apiToken: 'qov_FAKE_TEST_TOKEN_DO_NOT_USE_1234567890',
      baseUrl: 'https://api.qovery.test',
      maxRetries: 0,
      ...options,
      fetch: async (request) => {
        const url = new URL(request.url);
        const body = url.pathname.endsWith(`/application/${APP}/status`)
          ? answers[Math.min(calls++, answers.length - 1)]
          : extra(url);
        return Response.json(body);
      },
    });
  }

  it('does not take the previous deployment’s final state for ours when the API gives no request id', async () => {
    const qovery = scripted([
      status('DEPLOYED', null),
      status('QUEUED', null),
      status('BUILDING', null),
      status('DEPLOYMENT_ERROR', null),
    ]);
    const error = await qovery.deployments
      .wait({ applicationId: APP, deploymentRequestId: OURS }, { interval: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeploymentFailedError);
    expect((error as DeploymentFailedError).state).toBe('DEPLOYMENT_ERROR');
  });

  it('asks about its own request when the service shows another, settled deployment', async () => {
    const qovery = scripted([status('DEPLOYED', OTHER)], (url) =>
      url.pathname === '/environment/deploymentStatus'
        ? { deployment_request_id: url.searchParams.get('deploymentRequestId'), status: 'CANCELED' }
        : undefined,
    );
    const error = await qovery.deployments
      .wait({ applicationId: APP, deploymentRequestId: OURS }, { interval: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeploymentFailedError);
    expect((error as DeploymentFailedError).finalStatus).toMatchObject({
      state: 'CANCELED',
      deploymentRequestId: OURS,
    });
  });

  it('asks about its own request while the service runs another deployment, and returns once ours settled', async () => {
    const asked: string[] = [];
    const qovery = scripted([status('STOPPING', OTHER)], (url) => {
      if (url.pathname !== '/environment/deploymentStatus') return undefined;
      asked.push(url.searchParams.get('deploymentRequestId') ?? '');
      return { deployment_request_id: OURS, status: 'DEPLOYED' };
    });
    const done = await qovery.deployments.wait({ applicationId: APP, deploymentRequestId: OURS }, { timeout: 500 });
    expect(done).toMatchObject({ state: 'DEPLOYED', deploymentRequestId: OURS });
    expect(asked).toEqual([OURS]);
  });

  it("follows an environment's latest deployment, not the sum of its services' states", async () => {
    const ENVIRONMENT = '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1ddd';
    // An environment is polled through its stages' view (getEnvironmentStatusesWithStages).
    const qovery = scripted([], (url) =>
      url.pathname === `/environment/${ENVIRONMENT}/statusesWithStages`
        ? {
            // Another service failed long ago; our deployment request went through.
            environment: {
              id: ENVIRONMENT,
              state: 'DEPLOYMENT_ERROR',
              last_deployment_state: 'DEPLOYED',
              deployment_request_id: OURS,
            },
            stages: [],
          }
        : undefined,
    );
    const done = await qovery.deployments.wait({ environmentId: ENVIRONMENT, deploymentRequestId: OURS });
    expect(done).toMatchObject({ state: 'DEPLOYED', status: 'RUNNING', deploymentRequestId: OURS });
  });

  it("lets an error thrown by the caller's onProgress through as it is, not as an abort", async () => {
    const qovery = scripted([status('DEPLOYED', OURS)]);
    const mistake = new TypeError("Cannot read properties of undefined (reading 'total_duration_sec')");
    const error = await qovery.deployments
      .wait(
        { applicationId: APP },
        {
          onProgress: () => {
            throw mistake;
          },
        },
      )
      .catch((e: unknown) => e);
    expect(error).toBe(mistake);
  });

  it('refuses an `until` that is not a deployment state, such as the one-word RUNNING or a typo', async () => {
    const qovery = scripted([status('DEPLOYED', OURS)]);
    for (const until of ['RUNNING', 'DEPLOYD', ['DEPLOYED', 'DONE']]) {
      const error = await qovery.deployments.wait({ applicationId: APP }, { until }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).message).toContain('until: must be a deployment state');
    }
  });

  it('matches a deployment request id given in upper case', async () => {
    const qovery = scripted([status('DEPLOYED', OURS)]);
    const done = await qovery.deployments.wait(
      { applicationId: APP, deploymentRequestId: OURS.toUpperCase() },
      { timeout: 500 },
    );
    expect(done).toMatchObject({ state: 'DEPLOYED', deploymentRequestId: OURS });
  });

  it('with response checks off, a status body that is not an object is no state, not a crash echoing it', async () => {
    const token = 'qov_FAKE_TEST_TOKEN_DO_NOT_USE_1234567890';
    const qovery = scripted([`Token ${token}`], () => undefined, { validateResponses: false });
    const error = await qovery.deployments.wait({ applicationId: APP }, { timeout: 80 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe('deployments.wait gave up after 80 ms; the last state was UNKNOWN');
  });

  it('keeps to its timeout even while a poll hangs', async () => {
    const qovery = new Qovery({
      apiToken: 'qov_FAKE_TEST_TOKEN_DO_NOT_USE_1234567890',
      baseUrl: 'https://api.qovery.test',
      timeout: 5_000,
      maxRetries: 2,
      fetch: (request) =>
        new Promise((_, reject) => request.signal.addEventListener('abort', () => reject(request.signal.reason))),
    });
    const started = Date.now();
    const error = await qovery.deployments.wait({ applicationId: APP }, { timeout: 60 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect((error as Error).message).toBe('deployments.wait gave up after 60 ms; the last state was not seen yet');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('matches `until` case-insensitively, and refuses an empty list', async () => {
    const qovery = scripted([status('DEPLOYED', OURS)]);
    expect((await qovery.deployments.wait({ applicationId: APP }, { until: 'deployed' })).state).toBe('DEPLOYED');
    await expect(qovery.deployments.wait({ applicationId: APP }, { until: [] })).rejects.toThrow(ValidationError);
  });
});

describe('input checks of the lists and the report', () => {
  it('refuses unknown fields and two scopes before sending anything', async () => {
    const qovery = client();
    const id = '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1aff';
    // @ts-expect-error projectID is not a field
    await expect(qovery.environments.list({ projectID: id })).rejects.toThrow('projectID: is not a known field');
    await expect(qovery.status({ projectId: id, environmentId: id })).rejects.toThrow('not both');
    expect(sent).toEqual([]);
  });

  it('walks a history in as many requests as it has pages, not one more', async () => {
    const qovery = client();
    const application = await api(qovery);
    sent = [];
    let count = 0;
    for await (const _ of qovery.deployments.history({ applicationId: application.id })) count++;
    expect(sent.filter((r) => r.path.endsWith('/deploymentHistory'))).toHaveLength(Math.ceil(count / 20));
  });
});
