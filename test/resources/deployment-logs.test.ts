/**
 * Why a deployment failed (issue 28): deployments.logs() and explain(), the reason a failed wait()
 * carries, and environments.cancel(), against hand-written answers shaped as the real API's
 * (execution ids `<environment id>-<n>`, nulls where nothing is, entries out of order).
 */
import { describe, expect, it } from 'vitest';
import { ConflictError, DeploymentFailedError, NotFoundError, ValidationError } from '../../src/index.js';
import { describeError, durationSeconds, explain } from '../../src/resources/deployment-logs.js';
import { answer, client, received } from '../helpers.js';

const ENV = '77777777-7777-4777-8777-777777777777';
const API = '88888888-8888-4888-8888-888888888888';
const DB = '99999999-9999-4999-8999-999999999999';
const EXECUTION = `${ENV}-12`;
const ORG = '11111111-1111-4111-8111-111111111111';

const entry = (
  at: string,
  stage: string,
  step: string,
  transmitter: { id: string; name: string; type: string },
  body: { message?: string; error?: { message: string; hint?: string; link?: string } },
) => ({
  type: body.error ? 'Error' : 'Info',
  timestamp: at,
  details: {
    organization_id: ORG,
    cluster_id: null,
    execution_id: EXECUTION,
    transmitter,
    stage: { step, id: null, name: stage },
  },
  message: body.message ? { safe_message: body.message, full_details: null } : null,
  error: body.error
    ? {
        tag: 'BUILD_FAILED',
        user_log_message: body.error.message,
        hint_message: body.error.hint ?? null,
        link: body.error.link ?? null,
        underlying_error: null,
      }
    : null,
});
const environment = { id: ENV, name: 'production', type: 'Environment' };
const api = { id: API, name: 'api', type: 'Application' };
const db = { id: DB, name: 'db', type: 'Database' };
const FAILURE = {
  message: 'The build of the Dockerfile failed at step 4/7',
  hint: 'Check that the Dockerfile builds locally',
  link: 'https://hub.qovery.com/docs/troubleshoot',
};
// Out of order on purpose: the SDK puts them oldest first.
const LOGS = [
  entry('2026-12-07T10:00:40.5Z', 'apps', 'BUILD', api, { error: FAILURE }),
  entry('2026-12-07T10:00:00Z', 'pre-check', 'PRE_CHECK', environment, { message: 'checking the cluster' }),
  entry('2026-12-07T10:00:05.123456Z', 'databases', 'DEPLOYMENT', db, { message: 'db deployed' }),
  entry('2026-12-07T10:00:15Z', 'databases', 'DEPLOYMENT', db, { message: 'db ready' }),
  entry('2026-12-07T10:00:20Z', 'apps', 'GIT_CLONE', api, { message: 'cloned' }),
  entry('2026-12-07T10:00:22Z', 'apps', 'BUILD', api, { message: 'building' }),
];
const HISTORY = {
  page: 1,
  page_size: 20,
  results: [
    {
      identifier: { execution_id: EXECUTION, environment_id: ENV },
      auditing_data: { created_at: '2026-12-07T10:00:00Z', updated_at: '2026-12-07T10:01:00Z', triggered_by: 'CI' },
      status: 'DEPLOYMENT_ERROR',
      trigger_action: 'DEPLOY',
      total_duration: 'PT41S',
      action_status: 'ERROR',
      stages: [
        { name: 'databases', status: 'DONE', duration: 'PT10S', services: [] },
        { name: 'apps', status: 'ERROR', duration: 'PT21S', services: [] },
      ],
    },
  ],
};

describe('deployments.logs()', () => {
  it('answers the entries oldest first, the latest deployment without executionId', async () => {
    answer('get', `/environment/${ENV}/logs`, 200, LOGS);
    const logs = await client().deployments.logs({ environmentId: ENV });
    expect(logs.map((e) => e.timestamp)).toEqual([...LOGS.map((e) => e.timestamp)].sort());
    expect(new URL(received[0]?.url ?? '').search).toBe('');
  });

  it('asks for one execution by its id, which is not a UUID', async () => {
    answer('get', `/environment/${ENV}/logs`, 200, []);
    await client().deployments.logs({ environmentId: ENV, executionId: EXECUTION });
    expect(new URL(received[0]?.url ?? '').searchParams.get('version')).toBe(EXECUTION);
  });

  it('keeps an entry of an unknown type, with nulls and new fields, as it came', async () => {
    const odd = { type: 'Telemetry', timestamp: '2026-12-07T10:00:00Z', details: null, novel: { x: 1 } };
    answer('get', `/environment/${ENV}/logs`, 200, [odd]);
    expect(await client().deployments.logs({ environmentId: ENV })).toEqual([odd]);
  });

  it('refuses a bad environment id or an empty execution id before any request', async () => {
    for (const params of [{ environmentId: 'prod' }, { environmentId: ENV, executionId: '' }, {}]) {
      await expect(client().deployments.logs(params as never)).rejects.toBeInstanceOf(ValidationError);
    }
    expect(received).toHaveLength(0);
  });

  it('an unknown execution is a NotFoundError', async () => {
    answer('get', `/environment/${ENV}/logs`, 404, { status: 404, message: 'execution not found' });
    await expect(client().deployments.logs({ environmentId: ENV, executionId: `${ENV}-999` })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('deployments.explain()', () => {
  it('gives the deployment as a tree with durations and its errors, from two requests', async () => {
    answer('get', `/environment/${ENV}/logs`, 200, LOGS);
    answer('get', `/environment/${ENV}/deploymentHistoryV2`, 200, HISTORY);
    const explained = await client().deployments.explain({ environmentId: ENV });
    expect(received).toHaveLength(2);
    expect(explained).toEqual({
      environmentId: ENV,
      executionId: EXECUTION,
      state: 'DEPLOYMENT_ERROR',
      durationSeconds: 41,
      stages: [
        { name: 'pre-check', status: 'DONE', durationSeconds: 0, services: [] },
        {
          name: 'databases',
          status: 'DONE',
          durationSeconds: 10,
          services: [
            {
              id: DB,
              name: 'db',
              kind: 'database',
              status: 'SUCCESS',
              durationSeconds: 10,
              steps: [{ name: 'DEPLOYMENT', status: 'SUCCESS', durationSeconds: 10 }],
            },
          ],
        },
        {
          name: 'apps',
          status: 'ERROR',
          durationSeconds: 21,
          services: [
            {
              id: API,
              name: 'api',
              kind: 'application',
              status: 'ERROR',
              durationSeconds: 21,
              steps: [
                { name: 'GIT_CLONE', status: 'SUCCESS', durationSeconds: 0 },
                { name: 'BUILD', status: 'ERROR', durationSeconds: 19 },
              ],
            },
          ],
        },
      ],
      errors: [
        {
          ...FAILURE,
          stage: 'apps',
          step: 'BUILD',
          service: { id: API, name: 'api', kind: 'application' },
          at: '2026-12-07T10:00:40.5Z',
        },
      ],
    });
  });

  it('explains a past deployment by its execution id, without the history when it is not listed', async () => {
    answer('get', `/environment/${ENV}/logs`, 200, LOGS.slice(1, 4));
    answer('get', `/environment/${ENV}/deploymentHistoryV2`, 200, { ...HISTORY, results: [] });
    const explained = await client().deployments.explain({ environmentId: ENV, executionId: `${ENV}-3` });
    expect(explained.executionId).toBe(EXECUTION); // as its logs name it
    expect(explained.state).toBeUndefined();
    expect(explained.durationSeconds).toBe(15);
    expect(explained.errors).toEqual([]);
  });
});

describe('a failed wait() says why', () => {
  const failedStatus = {
    id: API,
    state: 'BUILD_ERROR',
    service_deployment_status: 'OUT_OF_DATE',
    is_part_last_deployment: true,
    execution_id: EXECUTION,
    deployment_request_id: null,
    status_details: { action: 'DEPLOY', status: 'ERROR', sub_action: 'NONE' },
    deployment_requests_count: 0,
  };

  it('reads the logs once, with the execution id of the last status, and puts the reason in the error', async () => {
    answer('get', `/application/${API}/status`, 200, failedStatus);
    answer('get', `/environment/${ENV}/logs`, 200, LOGS);
    const error = (await client()
      .deployments.wait({ applicationId: API }, { interval: 1 })
      .catch((e: unknown) => e)) as DeploymentFailedError;
    expect(error).toBeInstanceOf(DeploymentFailedError);
    expect(error.reason).toMatchObject(FAILURE);
    expect(error.reason?.service).toEqual({ id: API, name: 'api', kind: 'application' });
    expect(error.message).toBe(
      'Deployment ended in BUILD_ERROR: BUILD of application "api" failed: The build of the Dockerfile failed at step 4/7. Hint: Check that the Dockerfile builds locally. See https://hub.qovery.com/docs/troubleshoot',
    );
    const logReads = received.filter((r) => new URL(r.url).pathname.endsWith('/logs'));
    expect(logReads).toHaveLength(1);
    expect(new URL(logReads[0]?.url ?? '').searchParams.get('version')).toBe(EXECUTION);
  });

  it('still throws the failure when the logs cannot be read, with reasonError saying why', async () => {
    answer('get', `/application/${API}/status`, 200, failedStatus);
    answer('get', `/environment/${ENV}/logs`, 503, { message: 'down' });
    const error = (await client()
      .deployments.wait({ applicationId: API }, { interval: 1 })
      .catch((e: unknown) => e)) as DeploymentFailedError;
    expect(error).toBeInstanceOf(DeploymentFailedError);
    expect(error.message).toBe('Deployment ended in BUILD_ERROR');
    expect(error.reason).toBeUndefined();
    expect(error.reasonError?.name).toBe('InternalServerError');
    // One read of the logs, never retried.
    expect(received.filter((r) => new URL(r.url).pathname.endsWith('/logs'))).toHaveLength(1);
  });

  it('reads nothing more when the deployment succeeds', async () => {
    answer('get', `/application/${API}/status`, 200, { ...failedStatus, state: 'DEPLOYED' });
    await client().deployments.wait({ applicationId: API }, { interval: 1 });
    expect(received.map((r) => new URL(r.url).pathname)).toEqual([`/application/${API}/status`]);
  });
});

describe('environments.cancel()', () => {
  it('posts force_cancel, and a 409 is a ConflictError', async () => {
    answer('post', `/environment/${ENV}/cancelDeployment`, 202, {
      id: ENV,
      state: 'CANCELING',
      last_deployment_state: 'CANCELING',
    });
    expect(await client().environments.cancel(ENV, { force: true })).toMatchObject({ state: 'CANCELING' });
    expect(await received[0]?.json()).toEqual({ force_cancel: true });
    answer('post', `/environment/${ENV}/cancelDeployment`, 409, { message: 'nothing to cancel' });
    await expect(client().environments.cancel(ENV)).rejects.toBeInstanceOf(ConflictError);
    expect(received).toHaveLength(2); // a POST: never retried
  });

  it('refuses an unknown option before any request', async () => {
    await expect(client().environments.cancel(ENV, { forced: true } as never)).rejects.toBeInstanceOf(ValidationError);
    expect(received).toHaveLength(0);
  });
});

describe('reading durations and errors', () => {
  it('reads ISO 8601 durations as the history writes them', () => {
    expect([
      durationSeconds('PT41S'),
      durationSeconds('PT1M5.4S'),
      durationSeconds('P1DT2H'),
      durationSeconds('41'),
    ]).toEqual([41, 65, 93_600, undefined]);
  });

  it('says an error as one sentence, with only what it has', () => {
    expect(describeError({ message: 'Out of memory.' })).toBe('Out of memory.');
  });
});

describe('explain() lays the stages out in the order the history lists them', () => {
  it('a stage that logged first but runs later in Qovery’s order comes after; one the history does not list keeps its place', () => {
    const api = { id: '22222222-2222-4222-8222-222222222222', name: 'api', type: 'Application' };
    const db = { id: '33333333-3333-4333-8333-333333333333', name: 'db', type: 'Database' };
    const entries = [
      entry('2026-12-01T10:00:00Z', 'Applications', 'BUILD', api, { message: 'building' }),
      entry('2026-12-01T10:00:01Z', 'Extra', 'DEPLOYMENT', api, { message: 'extra' }),
      entry('2026-12-01T10:00:02Z', 'Databases', 'DEPLOYMENT', db, { message: 'db up' }),
    ];
    const history = {
      identifier: { execution_id: EXECUTION },
      status: 'DEPLOYED',
      stages: [
        { name: 'Databases', status: 'DONE', services: [] },
        { name: 'Applications', status: 'DONE', services: [] },
      ],
    };
    const explained = explain(ENV, entries as never, history as never);
    expect(explained.stages.map((s) => s.name)).toEqual(['Databases', 'Extra', 'Applications']);
  });
});
