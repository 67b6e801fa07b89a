// Environments, applications and deployments in the embedded Qovery API, seen over HTTP as any
// client would: the lifecycle runs on an injected clock, so each phase is reached by moving it.
import { beforeEach, describe, expect, it } from 'vitest';
import { createQoveryMock, DEPLOY_SCENE, type QoveryMock, type QoveryMockOptions } from '../../src/testing/index.js';
import { COMMIT, httpScene, type Json, UNKNOWN_ID } from './http-scene.js';

const { at, call, get, environment, statesAt, ...http } = httpScene();
let mock: QoveryMock;

function scene(options: QoveryMockOptions = {}): void {
  mock = http.start(options);
}

function application(environmentName: string, name: string) {
  const { id } = environment(environmentName);
  const found = mock.state.applications.find((a) => a.name === name && a.environment.id === id);
  if (!found) throw new Error(`no application ${name} in ${environmentName}`);
  return found;
}

const productionApi = () => application('production', 'api');
const deploy = (applicationId: string, body: unknown = { git_commit_id: COMMIT }, token?: string) =>
  call('POST', `/application/${applicationId}/deploy`, { body, token });
const stateOf = async (applicationId: string) => (await get(`/application/${applicationId}/status`)).state;

beforeEach(() => scene());

describe('the deploy scene', () => {
  it('has project Backend with production and staging, and "api" in both', async () => {
    const [backend] = mock.state.projects;
    expect(backend?.name).toBe('Backend');
    const environments = (await get(`/project/${backend?.id}/environment`)).results;
    expect(environments.map((e: Json) => [e.name, e.mode])).toEqual([
      ['production', 'PRODUCTION'],
      ['staging', 'STAGING'],
    ]);
    const names = async (name: string) =>
      (await get(`/environment/${environment(name).id}/application`)).results.map((a: Json) => a.name);
    expect(await names('production')).toEqual(['api', 'web']);
    expect(await names('staging')).toEqual(['api']);
  });

  it('starts with every application DEPLOYED at a known commit', async () => {
    const api = productionApi();
    const status = await get(`/application/${api.id}/status`);
    expect(status).toMatchObject({ state: 'DEPLOYED', service_deployment_status: 'UP_TO_DATE' });
    expect(api.git_repository?.deployed_commit_id).toMatch(/^[0-9a-f]{40}$/);
    expect((await get(`/environment/${environment('staging').id}/status`)).state).toBe('DEPLOYED');
  });

  it('draws the same ids on every run', () => {
    const again = createQoveryMock(DEPLOY_SCENE);
    expect(again.state.environments.map((e) => e.id)).toEqual(mock.state.environments.map((e) => e.id));
    expect(again.state.applications.map((a) => a.id)).toEqual(mock.state.applications.map((a) => a.id));
  });

  it('is not the default seed, which stays without environments', () => {
    const plain = createQoveryMock();
    expect(plain.state.environments).toEqual([]);
    expect(plain.state.applications).toEqual([]);
    expect(plain.state.deployments).toEqual([]);
  });
});

describe('the lifecycle, on the injected clock', () => {
  it('a deploy goes QUEUED, BUILDING, DEPLOYING, then DEPLOYED (1 s, 3 s, 2 s by default)', async () => {
    const api = productionApi();
    const accepted = await deploy(api.id);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({
      id: api.id,
      state: 'QUEUED',
      status_details: { action: 'DEPLOY', status: 'QUEUED', sub_action: 'NONE' },
      deployment_requests_count: 1,
    });
    expect(await statesAt([999, 1000, 3999, 4000, 5999, 6000, 60_000], () => stateOf(api.id))).toEqual([
      'QUEUED',
      'BUILDING',
      'BUILDING',
      'DEPLOYING',
      'DEPLOYING',
      'DEPLOYED',
      'DEPLOYED',
    ]);
    expect((await get(`/application/${api.id}/status`)).status_details.status).toBe('SUCCESS');
  });

  it('moves the deployed commit once DEPLOYED, not before', async () => {
    const api = productionApi();
    const before = api.git_repository?.deployed_commit_id;
    await deploy(api.id);
    at(5999);
    expect((await get(`/application/${api.id}`)).git_repository.deployed_commit_id).toBe(before);
    expect((await get(`/application/${api.id}/status`)).service_deployment_status).toBe('OUT_OF_DATE');
    at(6000);
    expect((await get(`/application/${api.id}`)).git_repository.deployed_commit_id).toBe(COMMIT);
    expect((await get(`/application/${api.id}/status`)).service_deployment_status).toBe('UP_TO_DATE');
  });

  it('takes the phase lengths from the lifecycle option', async () => {
    scene({ lifecycle: { queuedMs: 10, buildingMs: 20, deployingMs: 30 } });
    const api = productionApi();
    await deploy(api.id);
    expect(await statesAt([9, 10, 30, 60], () => stateOf(api.id))).toEqual([
      'QUEUED',
      'BUILDING',
      'DEPLOYING',
      'DEPLOYED',
    ]);
  });

  it('a stop goes STOP_QUEUED, STOPPING, STOPPED; a restart RESTART_QUEUED, RESTARTING, RESTARTED', async () => {
    const api = productionApi();
    expect((await call('POST', `/application/${api.id}/stop`)).body.state).toBe('STOP_QUEUED');
    expect(await statesAt([1000, 3000], () => stateOf(api.id))).toEqual(['STOPPING', 'STOPPED']);
    expect((await call('POST', `/application/${api.id}/restart-service`)).body.state).toBe('RESTART_QUEUED');
    expect(await statesAt([4000, 6000], () => stateOf(api.id))).toEqual(['RESTARTING', 'RESTARTED']);
  });

  it('a redeploy deploys the commit already deployed', async () => {
    const api = productionApi();
    const deployed = api.git_repository?.deployed_commit_id;
    expect((await call('POST', `/application/${api.id}/redeploy`)).body.state).toBe('QUEUED');
    at(6000);
    const [latest] = (await get(`/application/${api.id}/deploymentHistory`)).results;
    expect(latest).toMatchObject({ status: 'SUCCESS', commit: { git_commit_id: deployed } });
  });
});

describe('failNext', () => {
  it('BUILD_ERROR ends the next deploy once building is over, and only that one', async () => {
    const api = productionApi();
    const deployed = api.git_repository?.deployed_commit_id;
    mock.failNext({ applicationId: api.id, state: 'BUILD_ERROR' });
    await deploy(api.id);
    expect(await statesAt([999, 1000, 3999, 4000, 10_000], () => stateOf(api.id))).toEqual([
      'QUEUED',
      'BUILDING',
      'BUILDING',
      'BUILD_ERROR',
      'BUILD_ERROR',
    ]);
    expect((await get(`/application/${api.id}/status`)).status_details.status).toBe('ERROR');
    expect((await get(`/application/${api.id}`)).git_repository.deployed_commit_id).toBe(deployed);

    await deploy(api.id);
    at(20_000);
    expect(await stateOf(api.id)).toBe('DEPLOYED');
  });

  it('DEPLOYMENT_ERROR ends it after the deploying phase', async () => {
    const api = productionApi();
    mock.failNext({ applicationId: api.id, state: 'DEPLOYMENT_ERROR' });
    await deploy(api.id);
    expect(await statesAt([4000, 5999, 6000], () => stateOf(api.id))).toEqual([
      'DEPLOYING',
      'DEPLOYING',
      'DEPLOYMENT_ERROR',
    ]);
  });

  it('on an environment, fails its next action; a failure that cannot end an action waits for one it can', async () => {
    const production = environment('production');
    mock.failNext({ environmentId: production.id, state: 'STOP_ERROR' });
    await call('POST', `/environment/${production.id}/deploy`);
    at(6000);
    expect((await get(`/environment/${production.id}/status`)).state).toBe('DEPLOYED');
    await call('POST', `/environment/${production.id}/stop`);
    at(9000);
    expect((await get(`/environment/${production.id}/status`)).state).toBe('STOP_ERROR');
  });

  it('refuses an id the mock does not have', () => {
    expect(() => mock.failNext({ applicationId: UNKNOWN_ID, state: 'CANCELED' })).toThrow(/no application/);
  });

  it('refuses a failure without a failure state, which would otherwise let the action succeed', () => {
    const [api] = mock.state.applications;
    // @ts-expect-error state is required; JavaScript callers can still leave it out
    expect(() => mock.failNext({ applicationId: api?.id })).toThrow(/state must be one of BUILD_ERROR/);
    expect(() => mock.failNext({ applicationId: api?.id, state: 'DEPLOYED' as 'CANCELED' })).toThrow(
      /state must be one of/,
    );
  });
});

describe('one action at a time', () => {
  it('answers 409 while a deployment runs, and accepts the action again once it has settled', async () => {
    const api = productionApi();
    await deploy(api.id);
    at(5999);
    for (const verb of ['deploy', 'redeploy', 'stop', 'restart-service']) {
      const refused = await call('POST', `/application/${api.id}/${verb}`, { body: { git_commit_id: COMMIT } });
      expect(refused.status, verb).toBe(409);
      expect(refused.body.detail).toBe('An operation is already in progress on this application');
    }
    at(6000);
    expect((await deploy(api.id)).status).toBe(202);
  });

  it('refuses an environment action while one of its applications deploys, and an application action during an environment stop', async () => {
    const production = environment('production');
    await deploy(productionApi().id);
    const refused = await call('POST', `/environment/${production.id}/stop`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('An operation is already in progress on this environment');
    // Another environment is free.
    expect((await call('POST', `/environment/${environment('staging').id}/stop`)).status).toBe(202);

    at(6000);
    expect((await call('POST', `/environment/${production.id}/stop`)).status).toBe(202);
    expect((await deploy(application('production', 'web').id)).status).toBe(409);
  });
});

describe('permissions and input', () => {
  it('a viewer reads but gets 403 on every action', async () => {
    const api = productionApi();
    const production = environment('production');
    expect((await call('GET', `/application/${api.id}/status`, { token: mock.viewerToken })).status).toBe(200);
    expect((await deploy(api.id, undefined, mock.viewerToken)).status).toBe(403);
    for (const path of [
      `/application/${api.id}/redeploy`,
      `/application/${api.id}/stop`,
      `/application/${api.id}/restart-service`,
      `/environment/${production.id}/deploy`,
      `/environment/${production.id}/stop`,
      `/environment/${production.id}/redeploy`,
    ]) {
      expect((await call('POST', path, { token: mock.viewerToken })).status, path).toBe(403);
    }
    expect(mock.state.deployments.filter((d) => d.triggeredBy !== 'Mock Seed')).toEqual([]);
  });

  it('another organization gets 403, even to read', async () => {
    const globex = '7d3e2f10-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
    scene({
      organizations: [{}, { id: globex, name: 'Globex' }],
      apiTokens: [{ secret: 'qov_globex', organizationId: globex }],
    });
    expect((await call('GET', `/application/${productionApi().id}`, { token: 'qov_globex' })).status).toBe(403);
    expect((await deploy(productionApi().id, undefined, 'qov_globex')).status).toBe(403);
  });

  it.each([
    ['without git_commit_id', {}, 'git_commit_id: is required'],
    ['with a numeric git_commit_id', { git_commit_id: 42 }, 'git_commit_id: expected string, received number'],
    ['without a git_commit_id', {}, 'git_commit_id: is required'],
  ])('a deploy %s is a 400 naming the field', async (_, body, detail) => {
    const refused = await deploy(productionApi().id, body);
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toBe(detail);
  });

  it('unknown and malformed ids are 404', async () => {
    expect((await call('GET', `/application/${UNKNOWN_ID}`)).status).toBe(404);
    expect((await call('GET', '/environment/production/status')).status).toBe(404);
    expect((await call('POST', `/environment/${UNKNOWN_ID}/deploy`)).status).toBe(404);
    expect((await call('POST', '/application/api/stop')).status).toBe(404);
  });
});

describe('deployment history', () => {
  it('V1 pages through all 45 deployments with startId, newest first, 20 at a time, to an empty page', async () => {
    const api = productionApi();
    const seen: Json[] = [];
    const sizes: number[] = [];
    let startId = '';
    for (;;) {
      const page = await get(`/application/${api.id}/deploymentHistory${startId ? `?startId=${startId}` : ''}`);
      expect(page.page_size).toBe(20);
      sizes.push(page.results.length);
      if (page.results.length === 0) break;
      seen.push(...page.results);
      startId = page.results.at(-1).id;
    }
    expect(sizes).toEqual([20, 20, 5, 0]);
    expect(new Set(seen.map((entry) => entry.id)).size).toBe(45);
    const times = seen.map((entry) => Date.parse(entry.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(times).size).toBe(45);
    // Seeded history has a failed build now and then; the latest succeeded.
    expect(seen[0].status).toBe('SUCCESS');
    expect(seen.filter((entry) => entry.status === 'FAILED').length).toBeGreaterThan(0);
  });

  it('V1 answers 404 for a startId that is not in this history', async () => {
    const other = mock.state.deployments.find((d) => d.services[0]?.id === application('production', 'web').id);
    expect(
      (await call('GET', `/application/${productionApi().id}/deploymentHistory?startId=${other?.id}`)).status,
    ).toBe(404);
    expect(
      (await call('GET', `/application/${productionApi().id}/deploymentHistory?startId=${UNKNOWN_ID}`)).status,
    ).toBe(404);
  });

  it('shows a running deployment on top, with a null V1 status until it settles', async () => {
    const api = productionApi();
    const { body } = await deploy(api.id);
    const [running] = (await get(`/application/${api.id}/deploymentHistory`)).results;
    expect(running.id).toBe(body.deployment_request_id);
    expect(running.commit.git_commit_id).toBe(COMMIT);
    // V1's status enum has only SUCCESS and FAILED: none yet, so null, as the real API sends it.
    expect(running.status).toBeNull();
    const [v2] = (await get(`/application/${api.id}/deploymentHistoryV2`)).results;
    expect(v2).toMatchObject({ status: 'QUEUED', status_details: { status: 'QUEUED' } });
    at(6000);
    expect((await get(`/application/${api.id}/deploymentHistory`)).results[0].status).toBe('SUCCESS');
    expect((await get(`/application/${api.id}/deploymentHistoryV2`)).results[0]).toMatchObject({
      status: 'DEPLOYED',
      status_details: { action: 'DEPLOY', status: 'SUCCESS' },
      total_duration: 'PT6S',
    });
  });

  it('V2 gives the newest pageSize entries (default 20), in V1 order', async () => {
    const api = productionApi();
    const v1 = (await get(`/application/${api.id}/deploymentHistory`)).results;
    const byDefault = await get(`/application/${api.id}/deploymentHistoryV2`);
    expect(byDefault).toMatchObject({ page: 1, page_size: 20 });
    expect(byDefault.results).toHaveLength(20);
    const five = await get(`/application/${api.id}/deploymentHistoryV2?pageSize=5`);
    expect(five.page_size).toBe(5);
    expect(five.results.map((entry: Json) => entry.auditing_data.created_at)).toEqual(
      v1.slice(0, 5).map((entry: Json) => entry.created_at),
    );
    expect((await get(`/application/${api.id}/deploymentHistoryV2?pageSize=100`)).results).toHaveLength(45);
  });

  it("an environment's history has the requests of all its applications", async () => {
    const production = environment('production');
    const v2 = await get(`/environment/${production.id}/deploymentHistoryV2?pageSize=100`);
    expect(v2.results).toHaveLength(48);
    const pages = [await get(`/environment/${production.id}/deploymentHistory`)];
    while (pages.at(-1).results.length === 20) {
      pages.push(
        await get(`/environment/${production.id}/deploymentHistory?startId=${pages.at(-1).results.at(-1).id}`),
      );
    }
    expect(pages.map((p) => p.results.length)).toEqual([20, 20, 8]);
  });
});

describe('environment actions', () => {
  it('deploy covers every application of the environment as one request', async () => {
    const production = environment('production');
    const accepted = await call('POST', `/environment/${production.id}/deploy`);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ id: production.id, state: 'QUEUED' });
    const requestId = accepted.body.deployment_request_id;

    at(2000);
    const statuses = await get(`/environment/${production.id}/statuses`);
    expect(statuses.environment).toMatchObject({ state: 'BUILDING', deployment_request_id: requestId });
    expect(statuses.applications.map((s: Json) => [s.state, s.deployment_request_id])).toEqual([
      ['BUILDING', requestId],
      ['BUILDING', requestId],
    ]);
    expect(await stateOf(application('staging', 'api').id)).toBe('DEPLOYED');

    at(6000);
    const [entry] = (await get(`/environment/${production.id}/deploymentHistory`)).results;
    expect(entry).toMatchObject({ id: requestId, status: 'DEPLOYED' });
    expect(entry.applications.map((a: Json) => a.name)).toEqual(['api', 'web']);
  });

  it('stop answers an EnvironmentStatus and ends with everything STOPPED', async () => {
    const production = environment('production');
    const accepted = await call('POST', `/environment/${production.id}/stop`);
    expect(accepted.body).toMatchObject({
      id: production.id,
      state: 'STOP_QUEUED',
      last_deployment_state: 'STOP_QUEUED',
    });
    at(3000);
    expect(await get(`/environment/${production.id}/status`)).toMatchObject({
      state: 'STOPPED',
      last_deployment_state: 'STOPPED',
      total_deployment_duration_in_seconds: 3,
      triggered_by: 'mock admin',
    });
  });

  it('aggregates: an application in error makes the environment show that error', async () => {
    const production = environment('production');
    mock.failNext({ applicationId: application('production', 'web').id, state: 'DEPLOYMENT_ERROR' });
    await call('POST', `/environment/${production.id}/redeploy`);
    at(6000);
    expect((await get(`/environment/${production.id}/status`)).state).toBe('DEPLOYMENT_ERROR');
  });

  it('getDeploymentStatusByDeploymentRequestId follows a request to its end', async () => {
    const production = environment('production');
    const { body } = await call('POST', `/environment/${production.id}/deploy`);
    const path = `/environment/deploymentStatus?deploymentRequestId=${body.deployment_request_id}`;
    expect(await statesAt([0, 1000, 4000, 6000], async () => (await get(path)).status)).toEqual([
      'QUEUED',
      'BUILDING',
      'DEPLOYING',
      'DEPLOYED',
    ]);
    expect(await get(path)).toEqual({
      deployment_request_id: body.deployment_request_id,
      environment_id: production.id,
      status: 'DEPLOYED',
    });
    for (const id of [UNKNOWN_ID, 'not-a-uuid']) {
      expect((await call('GET', `/environment/deploymentStatus?deploymentRequestId=${id}`)).status).toBe(404);
    }
  });
});

describe('reset()', () => {
  it('drops new deployments and pending failures, back to the seeded history', async () => {
    const api = productionApi();
    const seeded = mock.state.deployments.length;
    mock.failNext({ applicationId: api.id, state: 'BUILD_ERROR' });
    await deploy(api.id);
    mock.failNext({ applicationId: api.id, state: 'BUILD_ERROR' });
    mock.reset();
    expect(mock.state.deployments).toHaveLength(seeded);
    await deploy(api.id);
    at(6000);
    expect(await stateOf(api.id)).toBe('DEPLOYED');
  });
});
