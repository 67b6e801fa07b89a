// Containers, jobs, databases and helm charts in the embedded Qovery API, seen over HTTP as any
// client would: what every kind shares runs once per kind, on the injected clock; what each deploys
// from, the organization's list of services and the environment's view of them follow.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createQoveryMock,
  DEPLOY_SCENE,
  type MockServiceKind,
  type QoveryMock,
  type QoveryMockOptions,
} from '../../src/testing/index.js';
import { COMMIT, httpScene, type Json, START, UNKNOWN_ID } from './http-scene.js';

const GLOBEX = '7d3e2f10-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
const { at, call, get, environment, statesAt, serviceId: idOf, ...http } = httpScene();
let mock: QoveryMock;

function scene(options: QoveryMockOptions = {}): void {
  mock = http.start(options);
}

const stateOf = async (kind: MockServiceKind, id: string) => (await get(`/${kind}/${id}/status`)).state;

/**
 * Each kind DEPLOY_SCENE has in production: what its deploy takes, and where the version it
 * deploys shows in its record (a database deploys from its settings alone: nothing moves).
 */
const KINDS = [
  {
    kind: 'container',
    name: 'worker',
    body: { image_tag: '1.1.0' },
    version: (record: Json) => record.tag,
    seeded: '1.0.0',
    deployed: '1.1.0',
    restart: true,
  },
  {
    kind: 'job',
    name: 'migrate',
    body: { image_tag: '2.0.0' },
    version: (record: Json) => record.source.image.tag,
    seeded: '1.0.0',
    deployed: '2.0.0',
    restart: false,
  },
  {
    kind: 'database',
    name: 'db',
    body: undefined,
    version: (record: Json) => record.version,
    seeded: '16',
    deployed: '16',
    restart: true,
  },
  {
    kind: 'helm',
    name: 'redis',
    body: { chart_version: '18.1.0' },
    version: (record: Json) => record.source.repository.chart_version,
    seeded: '18.0.0',
    deployed: '18.1.0',
    restart: false,
  },
] as const;

beforeEach(() => scene());

describe('the deploy scene, every kind of service', () => {
  it('has container "worker", job "migrate", database "db" and helm chart "redis" in production, and "db" in staging', async () => {
    const names = async (segment: string, environmentName: string) =>
      (await get(`/environment/${environment(environmentName).id}/${segment}`)).results.map((s: Json) => s.name);
    expect(await names('container', 'production')).toEqual(['worker']);
    expect(await names('job', 'production')).toEqual(['migrate']);
    expect(await names('database', 'production')).toEqual(['db']);
    expect(await names('helm', 'production')).toEqual(['redis']);
    expect(await names('database', 'staging')).toEqual(['db']);
    expect(await names('container', 'staging')).toEqual([]);
  });

  it('seeds each as its contract shapes it: image and tag, job source and schedule, engine and mode, chart and version', async () => {
    expect(await get(`/container/${idOf('container', 'worker')}`)).toMatchObject({
      name: 'worker',
      image_name: 'acme/worker',
      tag: '1.0.0',
      registry: { kind: 'DOCKER_HUB' },
      service_type: 'CONTAINER',
    });
    expect(await get(`/job/${idOf('job', 'migrate')}`)).toMatchObject({
      job_type: 'LIFECYCLE',
      source: { image: { image_name: 'acme/migrate', tag: '1.0.0' } },
      service_type: 'JOB',
    });
    expect(await get(`/database/${idOf('database', 'db')}`)).toMatchObject({
      type: 'POSTGRESQL',
      mode: 'CONTAINER',
      port: 5432,
      service_type: 'DATABASE',
    });
    expect(await get(`/helm/${idOf('helm', 'redis')}`)).toMatchObject({
      source: { repository: { chart_name: 'redis', chart_version: '18.0.0' } },
      service_type: 'HELM',
    });
  });

  it('starts every service DEPLOYED and up to date, with no deployment request yet', async () => {
    for (const { kind, name } of KINDS) {
      expect(await get(`/${kind}/${idOf(kind, name)}/status`), kind).toMatchObject({
        state: 'DEPLOYED',
        service_deployment_status: 'UP_TO_DATE',
        deployment_request_id: null,
        deployment_requests_count: 0,
      });
    }
  });

  it('leaves the applications, their ids and their histories, as they were without the other kinds', () => {
    const applicationsOnly = createQoveryMock({
      ...DEPLOY_SCENE,
      containers: [],
      jobs: [],
      databases: [],
      helms: [],
      now: () => START,
    });
    expect(mock.state.applications).toEqual(applicationsOnly.state.applications);
    expect(mock.state.deployments).toEqual(applicationsOnly.state.deployments);
    expect(mock.state.deployments).toHaveLength(45 + 3 + 4);
  });
});

describe.each(KINDS)('a $kind ("$name")', (c) => {
  const id = () => idOf(c.kind, c.name);
  const deploy = (token?: string) => call('POST', `/${c.kind}/${id()}/deploy`, { body: c.body, token });

  it('deploys QUEUED, BUILDING, DEPLOYING, then DEPLOYED on the clock, and only then runs the new version', async () => {
    const accepted = await deploy();
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({
      id: id(),
      state: 'QUEUED',
      status_details: { action: 'DEPLOY', status: 'QUEUED' },
      deployment_requests_count: 1,
    });
    expect(await statesAt([999, 1000, 4000, 5999], () => stateOf(c.kind, id()))).toEqual([
      'QUEUED',
      'BUILDING',
      'DEPLOYING',
      'DEPLOYING',
    ]);
    expect(c.version(await get(`/${c.kind}/${id()}`))).toBe(c.seeded);
    at(6000);
    expect(await get(`/${c.kind}/${id()}/status`)).toMatchObject({
      state: 'DEPLOYED',
      service_deployment_status: 'UP_TO_DATE',
      status_details: { status: 'SUCCESS' },
      deployment_request_id: accepted.body.deployment_request_id,
    });
    expect(c.version(await get(`/${c.kind}/${id()}`))).toBe(c.deployed);
  });

  it('redeploys what runs, and stops to STOPPED', async () => {
    expect((await call('POST', `/${c.kind}/${id()}/redeploy`)).body.state).toBe('QUEUED');
    at(6000);
    expect(await stateOf(c.kind, id())).toBe('DEPLOYED');
    expect(c.version(await get(`/${c.kind}/${id()}`))).toBe(c.seeded);
    expect((await call('POST', `/${c.kind}/${id()}/stop`)).body.state).toBe('STOP_QUEUED');
    expect(await statesAt([7000, 9000], () => stateOf(c.kind, id()))).toEqual(['STOPPING', 'STOPPED']);
  });

  it(c.restart ? 'restarts to RESTARTED' : 'has no restart, as the contract has none', async () => {
    const restarted = await call('POST', `/${c.kind}/${id()}/restart-service`);
    if (!c.restart) {
      expect(restarted.status).toBe(404);
      return;
    }
    expect(restarted.body.state).toBe('RESTART_QUEUED');
    expect(await statesAt([1000, 3000], () => stateOf(c.kind, id()))).toEqual(['RESTARTING', 'RESTARTED']);
  });

  it('ends in DEPLOYMENT_ERROR when failNext names it, still running the version it had', async () => {
    mock.failNext({ serviceId: id(), state: 'DEPLOYMENT_ERROR' });
    await deploy();
    expect(await statesAt([5999, 6000], () => stateOf(c.kind, id()))).toEqual(['DEPLOYING', 'DEPLOYMENT_ERROR']);
    expect((await get(`/${c.kind}/${id()}/status`)).status_details.status).toBe('ERROR');
    expect(c.version(await get(`/${c.kind}/${id()}`))).toBe(c.seeded);
    // Only the next action fails.
    await deploy();
    at(20_000);
    expect(await stateOf(c.kind, id())).toBe('DEPLOYED');
  });

  it('answers 409 to any action while a deployment of it runs, and accepts one once it has settled', async () => {
    await deploy();
    at(5999);
    const verbs = ['deploy', 'redeploy', 'stop', ...(c.restart ? ['restart-service'] : [])];
    for (const verb of verbs) {
      const refused = await call('POST', `/${c.kind}/${id()}/${verb}`, { body: c.body });
      expect(refused.status, verb).toBe(409);
      expect(refused.body.detail, verb).toMatch(
        /^An operation is already in progress on this (container|job|database|helm chart)$/,
      );
    }
    at(6000);
    expect((await deploy()).status).toBe(202);
  });

  it('answers 409 while its environment stops', async () => {
    await call('POST', `/environment/${environment('production').id}/stop`);
    expect((await deploy()).status).toBe(409);
  });

  it('lets a viewer read it, and refuses the viewer every action with 403', async () => {
    expect((await call('GET', `/${c.kind}/${id()}`, { token: mock.viewerToken })).status).toBe(200);
    expect((await call('GET', `/${c.kind}/${id()}/status`, { token: mock.viewerToken })).status).toBe(200);
    expect((await deploy(mock.viewerToken)).status).toBe(403);
    for (const verb of ['redeploy', 'stop']) {
      expect((await call('POST', `/${c.kind}/${id()}/${verb}`, { token: mock.viewerToken })).status, verb).toBe(403);
    }
    expect(mock.state.deployments.filter((d) => d.triggeredBy !== 'Mock Seed')).toEqual([]);
  });

  it('is out of reach of another organization, even to read (403)', async () => {
    scene({
      organizations: [{}, { id: GLOBEX, name: 'Globex' }],
      apiTokens: [{ secret: 'qov_globex', organizationId: GLOBEX }],
    });
    expect((await call('GET', `/${c.kind}/${id()}`, { token: 'qov_globex' })).status).toBe(403);
    expect((await deploy('qov_globex')).status).toBe(403);
  });

  it('answers 404 for an unknown id, and for the id of a service of another kind', async () => {
    const unknown = await call('GET', `/${c.kind}/${UNKNOWN_ID}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toMatch(/ 0{8}-0000-4000-8000-0{12} not found$/);
    expect((await call('POST', `/${c.kind}/${UNKNOWN_ID}/deploy`, { body: c.body })).status).toBe(404);
    const api = idOf('application', 'api');
    expect((await call('GET', `/${c.kind}/${api}/status`)).status).toBe(404);
  });
});

describe('what each kind deploys from', () => {
  it('refuses a container deploy without image_tag, or with one not a string, with a 400 naming the field', async () => {
    const worker = idOf('container', 'worker');
    for (const [body, detail] of [
      [{}, 'image_tag: is required'],
      [{ image_tag: 2 }, 'image_tag: expected string, received number'],
      [undefined, 'body: must be a JSON object'],
    ] as const) {
      const refused = await call('POST', `/container/${worker}/deploy`, { body });
      expect(refused.status).toBe(400);
      expect(refused.body.detail).toBe(detail);
    }
    expect(mock.state.deployments.filter((d) => d.triggeredBy !== 'Mock Seed')).toEqual([]);
  });

  it('deploys a job built from git at a commit; an image tag, which it has none of, changes nothing', async () => {
    scene({ jobs: [{ name: 'nightly', environment: 'staging', source: 'git', schedule: 'cron' }] });
    const nightly = idOf('job', 'nightly', 'staging');
    const job = await get(`/job/${nightly}`);
    expect(job).toMatchObject({ job_type: 'CRON', schedule: { cronjob: { scheduled_at: '0 3 * * *' } } });
    const seeded = job.source.docker.git_repository.deployed_commit_id;
    expect(seeded).toMatch(/^[0-9a-f]{40}$/);
    expect((await call('POST', `/job/${nightly}/deploy`, { body: { image_tag: '2.0.0' } })).status).toBe(202);
    at(6000);
    expect(await get(`/job/${nightly}/status`)).toMatchObject({
      state: 'DEPLOYED',
      service_deployment_status: 'UP_TO_DATE',
    });
    expect((await get(`/job/${nightly}`)).source.docker.git_repository.deployed_commit_id).toBe(seeded);
    expect((await call('POST', `/job/${nightly}/deploy`, { body: { git_commit_id: COMMIT } })).status).toBe(202);
    at(12_000);
    expect((await get(`/job/${nightly}`)).source.docker.git_repository.deployed_commit_id).toBe(COMMIT);
  });

  it('refuses an image tag and a commit together (400), as the contract documents', async () => {
    const refused = await call('POST', `/job/${idOf('job', 'migrate')}/deploy`, {
      body: { image_tag: '2.0.0', git_commit_id: COMMIT },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toBe('image_tag, git_commit_id: give one of them, not both');
  });

  it('deploys a job run from an image given a commit at the tag it runs', async () => {
    const migrate = idOf('job', 'migrate');
    expect((await call('POST', `/job/${migrate}/deploy`, { body: { git_commit_id: COMMIT } })).status).toBe(202);
    at(6000);
    expect(await get(`/job/${migrate}/status`)).toMatchObject({
      state: 'DEPLOYED',
      service_deployment_status: 'UP_TO_DATE',
    });
    expect((await get(`/job/${migrate}`)).source.image.tag).toBe('1.0.0');
  });

  it('deploys a job or a helm chart without a body at the version it runs', async () => {
    const migrate = idOf('job', 'migrate');
    const redis = idOf('helm', 'redis');
    expect((await call('POST', `/job/${migrate}/deploy`)).status).toBe(202);
    expect((await call('POST', `/helm/${redis}/deploy`, { body: {} })).status).toBe(202);
    at(6000);
    expect(await get(`/job/${migrate}/status`)).toMatchObject({
      state: 'DEPLOYED',
      service_deployment_status: 'UP_TO_DATE',
    });
    expect((await get(`/helm/${redis}`)).source.repository.chart_version).toBe('18.0.0');
  });

  it('deploys a helm chart from git at a commit, and refuses a chart version with it (400)', async () => {
    scene({ helms: [{ name: 'ingress', source: 'git' }] });
    const ingress = idOf('helm', 'ingress');
    const refused = await call('POST', `/helm/${ingress}/deploy`, {
      body: { chart_version: '2.0.0', git_commit_id: COMMIT },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toBe('chart_version, git_commit_id: give one of them, not both');
    const body = { git_commit_id: COMMIT, values_override_git_commit_id: COMMIT };
    expect((await call('POST', `/helm/${ingress}/deploy`, { body })).status).toBe(202);
    expect((await get(`/helm/${ingress}/status`)).service_deployment_status).toBe('OUT_OF_DATE');
    at(6000);
    expect((await get(`/helm/${ingress}`)).source.git.git_repository.deployed_commit_id).toBe(COMMIT);
  });

  it('deploys a database from its settings: a managed MySQL one as a PostgreSQL one in the cluster', async () => {
    scene({ databases: [{ name: 'orders', type: 'MYSQL', mode: 'MANAGED' }] });
    const orders = idOf('database', 'orders');
    expect(await get(`/database/${orders}`)).toMatchObject({
      type: 'MYSQL',
      mode: 'MANAGED',
      version: '8.0',
      port: 3306,
    });
    expect((await call('POST', `/database/${orders}/deploy`)).status).toBe(202);
    at(6000);
    expect(await stateOf('database', orders)).toBe('DEPLOYED');
  });

  it('shows the version a service is deploying as out of date until it is DEPLOYED', async () => {
    const worker = idOf('container', 'worker');
    await call('POST', `/container/${worker}/deploy`, { body: { image_tag: '1.1.0' } });
    expect((await get(`/container/${worker}/status`)).service_deployment_status).toBe('OUT_OF_DATE');
    at(6000);
    expect((await get(`/container/${worker}/status`)).service_deployment_status).toBe('UP_TO_DATE');
  });
});

describe('the organization list of services (listServicesByOrganizationId)', () => {
  const services = (query = '', token?: string) =>
    call('GET', `/organization/${mock.organizationId}/services${query}`, { token });

  it('lists every service of every kind, with its project, environment and cluster', async () => {
    const { status, body } = await services();
    expect(status).toBe(200);
    expect(body.results.map((s: Json) => `${s.environment_name}/${s.name} ${s.service_type}`).sort()).toEqual([
      'production/api APPLICATION',
      'production/db DATABASE',
      'production/migrate JOB',
      'production/redis HELM',
      'production/web APPLICATION',
      'production/worker CONTAINER',
      'staging/api APPLICATION',
      'staging/db DATABASE',
    ]);
    const production = environment('production');
    expect(body.results.find((s: Json) => s.name === 'migrate')).toEqual({
      id: idOf('job', 'migrate'),
      name: 'migrate',
      description: '',
      icon_uri: 'app://qovery-console/lifecycle-job',
      service_type: 'JOB',
      project_id: production.project.id,
      project_name: 'Backend',
      environment_id: production.id,
      environment_name: 'production',
      cluster_id: production.cluster_id,
      job_type: 'LIFECYCLE',
    });
    // Not a job: no job type, null as the real API sends it.
    expect(body.results.find((s: Json) => s.name === 'worker').job_type).toBeNull();
  });

  it('narrows the list to an environment, a project or a cluster given by id', async () => {
    const staging = environment('staging');
    const names = async (query: string) =>
      (await services(query)).body.results.map((s: Json) => `${s.name} ${s.service_type}`).sort();
    expect(await names(`?environment_id=${staging.id}`)).toEqual(['api APPLICATION', 'db DATABASE']);
    expect(await names(`?project_id=${staging.project.id}`)).toHaveLength(8);
    expect(await names(`?project_id=${staging.project.id}&environment_id=${staging.id}`)).toHaveLength(2);
    expect(await names(`?cluster_id=${staging.cluster_id}`)).toHaveLength(8);
    expect(await names(`?project_id=${UNKNOWN_ID}`)).toEqual([]);
  });

  it("lets a viewer list, refuses another organization's token (403), and an unknown organization is a 404", async () => {
    expect((await services('', mock.viewerToken)).status).toBe(200);
    scene({
      organizations: [{}, { id: GLOBEX, name: 'Globex' }],
      apiTokens: [{ secret: 'qov_globex', organizationId: GLOBEX }],
    });
    expect((await services('', 'qov_globex')).status).toBe(403);
    expect((await call('GET', `/organization/${GLOBEX}/services`, { token: 'qov_globex' })).body.results).toEqual([]);
    expect((await call('GET', `/organization/${UNKNOWN_ID}/services`)).status).toBe(404);
  });

  it('drops the services of a deleted project, of every kind', async () => {
    const [backend] = mock.state.projects;
    expect((await call('DELETE', `/project/${backend?.id}`)).status).toBe(204);
    expect((await services()).body.results).toEqual([]);
    expect([mock.state.containers, mock.state.jobs, mock.state.databases, mock.state.helms]).toEqual([[], [], [], []]);
  });
});

describe("an environment's services of every kind", () => {
  const production = () => environment('production');

  it('getEnvironmentStatuses lists each service of each kind with its Status', async () => {
    const statuses = await get(`/environment/${production().id}/statuses`);
    const ids = (list: Json[]) => list.map((s) => s.id);
    expect(ids(statuses.applications)).toEqual([idOf('application', 'api'), idOf('application', 'web')]);
    expect(ids(statuses.containers)).toEqual([idOf('container', 'worker')]);
    expect(ids(statuses.jobs)).toEqual([idOf('job', 'migrate')]);
    expect(ids(statuses.databases)).toEqual([idOf('database', 'db')]);
    expect(ids(statuses.helms)).toEqual([idOf('helm', 'redis')]);
    expect(statuses.terraforms).toEqual([]);
    for (const status of [...statuses.containers, ...statuses.jobs, ...statuses.databases, ...statuses.helms]) {
      expect(status).toMatchObject({ state: 'DEPLOYED', service_deployment_status: 'UP_TO_DATE' });
    }
  });

  it('deploys every service of every kind as one request, seen in each status and in one history entry', async () => {
    const accepted = await call('POST', `/environment/${production().id}/deploy`);
    const requestId = accepted.body.deployment_request_id;
    at(2000);
    const statuses = await get(`/environment/${production().id}/statuses`);
    const all = [
      ...statuses.applications,
      ...statuses.containers,
      ...statuses.jobs,
      ...statuses.databases,
      ...statuses.helms,
    ];
    expect(all.map((s: Json) => [s.state, s.deployment_request_id])).toEqual(Array(6).fill(['BUILDING', requestId]));
    expect(await stateOf('database', idOf('database', 'db', 'staging'))).toBe('DEPLOYED');

    at(6000);
    const [v2] = (await get(`/environment/${production().id}/deploymentHistoryV2`)).results;
    // A stage per kind, in the order they deploy, every one done.
    expect(
      v2.stages.map(
        (stage: Json) =>
          `${stage.name} ${stage.status}: ${stage.services.map((s: Json) => `${s.identifier.name} ${s.identifier.service_type}`).join(', ')}`,
      ),
    ).toEqual([
      'Databases DONE: db DATABASE',
      'Jobs DONE: migrate JOB',
      'Containers DONE: worker CONTAINER',
      'Applications DONE: api APPLICATION, web APPLICATION',
      'Helm charts DONE: redis HELM',
    ]);
    expect(v2.stages[2].services[0].details).toEqual({
      image_name: 'acme/worker',
      tag: '1.0.0',
      arguments: [],
      entrypoint: null,
    });
    const [v1] = (await get(`/environment/${production().id}/deploymentHistory`)).results;
    expect(v1).toMatchObject({
      id: requestId,
      status: 'DEPLOYED',
      containers: [{ name: 'worker', tag: '1.0.0', status: 'DEPLOYED' }],
      jobs: [{ name: 'migrate', image_name: 'acme/migrate', tag: '1.0.0' }],
      databases: [{ name: 'db', status: 'DEPLOYED' }],
      helms: [{ name: 'redis', repository: { chart_name: 'redis', chart_version: '18.0.0' } }],
    });
  });

  it('stops every service of every kind, and the environment is STOPPED once all are', async () => {
    await call('POST', `/environment/${production().id}/stop`);
    at(3000);
    expect((await get(`/environment/${production().id}/status`)).state).toBe('STOPPED');
    expect(await stateOf('helm', idOf('helm', 'redis'))).toBe('STOPPED');
  });

  it('shows a failed database as the state of its environment', async () => {
    mock.failNext({ serviceId: idOf('database', 'db'), state: 'DEPLOYMENT_ERROR' });
    await call('POST', `/environment/${production().id}/redeploy`);
    at(6000);
    expect((await get(`/environment/${production().id}/status`)).state).toBe('DEPLOYMENT_ERROR');
    expect(await stateOf('database', idOf('database', 'db'))).toBe('DEPLOYMENT_ERROR');
  });

  it("refuses an environment action while one of its containers deploys (409), not another environment's", async () => {
    await call('POST', `/container/${idOf('container', 'worker')}/deploy`, { body: { image_tag: '1.1.0' } });
    const refused = await call('POST', `/environment/${production().id}/deploy`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('An operation is already in progress on this environment');
    expect((await call('POST', `/environment/${environment('staging').id}/deploy`)).status).toBe(202);
  });
});

describe('failNext on a service of any kind', () => {
  it('takes applicationId as the serviceId of an application', async () => {
    const api = idOf('application', 'api');
    mock.failNext({ applicationId: api, state: 'BUILD_ERROR' });
    await call('POST', `/application/${api}/deploy`, { body: { git_commit_id: COMMIT } });
    at(4000);
    expect(await stateOf('application', api)).toBe('BUILD_ERROR');
  });

  it('waits for the named service: an action on another one succeeds', async () => {
    mock.failNext({ serviceId: idOf('helm', 'redis'), state: 'STOP_ERROR' });
    await call('POST', `/container/${idOf('container', 'worker')}/stop`);
    await call('POST', `/helm/${idOf('helm', 'redis')}/stop`);
    at(3000);
    expect(await stateOf('container', idOf('container', 'worker'))).toBe('STOPPED');
    expect(await stateOf('helm', idOf('helm', 'redis'))).toBe('STOP_ERROR');
  });

  it('refuses an id the mock does not have, and two ids naming two services', () => {
    expect(() => mock.failNext({ serviceId: UNKNOWN_ID, state: 'CANCELED' })).toThrow(/no service/);
    expect(() =>
      mock.failNext({
        serviceId: idOf('job', 'migrate'),
        applicationId: idOf('application', 'api'),
        state: 'CANCELED',
      }),
    ).toThrow(/give one/);
  });
});

describe('reset()', () => {
  it('brings every kind back to its seeded version', async () => {
    const worker = idOf('container', 'worker');
    await call('POST', `/container/${worker}/deploy`, { body: { image_tag: '9.9.9' } });
    at(6000);
    expect((await get(`/container/${worker}`)).tag).toBe('9.9.9');
    mock.reset();
    expect((await get(`/container/${worker}`)).tag).toBe('1.0.0');
    expect(await stateOf('container', worker)).toBe('DEPLOYED');
  });
});
