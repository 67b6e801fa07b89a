// Containers, jobs, databases and helm charts, end to end against the embedded Qovery API (its fetch
// handler, no sockets), with deployment phases of a few milliseconds on the real clock. What every
// kind shares runs once per kind; what each deploys from has its own tests.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ConflictError,
  DeploymentFailedError,
  LookupError,
  PermissionDeniedError,
  Qovery,
  type ServiceStatus,
  ValidationError,
} from '../../src/index.js';
import { createQoveryMock, DEPLOY_SCENE, type QoveryMock } from '../../src/testing/index.js';

const FAST = { queuedMs: 15, buildingMs: 30, deployingMs: 20 };
const COMMIT = '9f2c4e1a7b3d5f60718293a4b5c6d7e8f9012345';
let mock: QoveryMock;
let sent: { method: string; path: string; body: unknown }[];

function client(token = mock.adminToken, options: { maxRetries?: number; organizationId?: string } = {}) {
  return new Qovery({
    apiToken: token,
    baseUrl: 'https://api.qovery.test',
    maxRetries: 0,
    fetch: async (request) => {
      const text = request.method === 'GET' ? '' : await request.clone().text();
      sent.push({
        method: request.method,
        path: new URL(request.url).pathname,
        body: text ? JSON.parse(text) : undefined,
      });
      return mock.fetch(request);
    },
    ...options,
  });
}

beforeEach(() => {
  mock = createQoveryMock({ ...DEPLOY_SCENE, lifecycle: FAST, rateLimit: false });
  sent = [];
});

/** Each kind's namespace, the name DEPLOY_SCENE gives one of it in production, and its id field. */
const KINDS = [
  { kind: 'container', namespace: 'containers', name: 'worker', idField: 'containerId', segment: 'container' },
  { kind: 'job', namespace: 'jobs', name: 'migrate', idField: 'jobId', segment: 'job' },
  { kind: 'database', namespace: 'databases', name: 'db', idField: 'databaseId', segment: 'database' },
  { kind: 'helm', namespace: 'helms', name: 'redis', idField: 'helmId', segment: 'helm' },
] as const;
type KindCase = (typeof KINDS)[number];

const namespaceOf = (qovery: Qovery, c: KindCase) => qovery[c.namespace];
const production = (qovery: Qovery) => qovery.environments.find({ project: 'Backend', environment: 'production' });

/** The service named `c.name` in production, found by names. */
async function findIn(qovery: Qovery, c: KindCase) {
  return namespaceOf(qovery, c).find({ project: 'Backend', environment: 'production', [c.kind]: c.name } as never);
}

/** Deploys the service with what its kind deploys from (a database from nothing). */
function deploy(qovery: Qovery, c: KindCase, id: string): Promise<ServiceStatus> {
  switch (c.kind) {
    case 'container':
      return qovery.containers.deploy(id, { imageTag: '2.0.0' });
    case 'job':
      return qovery.jobs.deploy(id, { imageTag: '2.0.0' });
    case 'helm':
      return qovery.helms.deploy(id, { chartVersion: '18.1.0' });
    case 'database':
      return qovery.databases.deploy(id);
  }
}

describe.each(KINDS)('$namespace', (c) => {
  it(`lists, gets and finds a ${c.kind} by name, case-insensitively`, async () => {
    const qovery = client();
    const environment = await production(qovery);
    const listed = await namespaceOf(qovery, c).list({ environmentId: environment.id });
    expect(listed.map((s) => s.name)).toContain(c.name);
    const found = await findIn(qovery, c);
    expect(found.name).toBe(c.name);
    expect(await namespaceOf(qovery, c).get(found.id)).toEqual(found);
    const byId = await namespaceOf(qovery, c).find({ name: c.name.toUpperCase(), environmentId: environment.id });
    expect(byId.id).toBe(found.id);
  });

  it(`deploys a ${c.kind}, and deployments.wait follows it by its id and request id to DEPLOYED`, async () => {
    const qovery = client();
    const service = await findIn(qovery, c);
    const queued = await deploy(qovery, c, service.id);
    expect(queued.id).toBe(service.id);
    expect(queued.deployment_request_id).toMatch(/^[0-9a-f-]{36}$/);
    const states: string[] = [];
    const final = await qovery.deployments.wait(
      { [c.idField]: service.id, deploymentRequestId: queued.deployment_request_id } as never,
      { interval: 5, onProgress: (p) => states.push(p.state) },
    );
    expect(final.state).toBe('DEPLOYED');
    expect(final.deploymentRequestId).toBe(queued.deployment_request_id);
    expect(states.at(-1)).toBe('DEPLOYED');
    expect((await namespaceOf(qovery, c).status(service.id)).state).toBe('DEPLOYED');
    const deploys = sent.filter((r) => r.method === 'POST');
    expect(deploys.map((r) => r.path)).toEqual([`/${c.segment}/${service.id}/deploy`]);
  });

  it(`redeploys and stops a ${c.kind}, each action one POST, never retried`, async () => {
    const qovery = client(mock.adminToken, { maxRetries: 3 });
    const service = await findIn(qovery, c);
    const redeployed = await namespaceOf(qovery, c).redeploy(service.id);
    await qovery.deployments.wait(
      { [c.idField]: service.id, deploymentRequestId: redeployed.deployment_request_id } as never,
      { interval: 5 },
    );
    mock.faults.inject({
      kind: 'status',
      status: 503,
      times: 1,
      operation: `stop${c.kind[0]?.toUpperCase()}${c.kind.slice(1)}`,
    });
    sent = [];
    await expect(namespaceOf(qovery, c).stop(service.id)).rejects.toThrow('503');
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([`POST /${c.segment}/${service.id}/stop`]);
    const stopped = await namespaceOf(qovery, c).stop(service.id);
    const final = await qovery.deployments.wait(
      { [c.idField]: service.id, deploymentRequestId: stopped.deployment_request_id } as never,
      { until: 'STOPPED', interval: 5 },
    );
    expect(final.status).toBe('STOPPED');
  });

  it(`answers a second action on a running ${c.kind} with ConflictError and the API's message`, async () => {
    const qovery = client();
    const service = await findIn(qovery, c);
    await deploy(qovery, c, service.id);
    const conflict = await namespaceOf(qovery, c)
      .redeploy(service.id)
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConflictError);
    expect((conflict as ConflictError).message).toMatch(/^409 .*in progress/);
  });

  it(`rejects with DeploymentFailedError when the ${c.kind}'s deployment fails`, async () => {
    const qovery = client();
    const service = await findIn(qovery, c);
    mock.failNext({ serviceId: service.id, state: 'DEPLOYMENT_ERROR' });
    const queued = await deploy(qovery, c, service.id);
    const error = await qovery.deployments
      .wait({ [c.idField]: service.id, deploymentRequestId: queued.deployment_request_id } as never, { interval: 5 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeploymentFailedError);
    expect((error as DeploymentFailedError).state).toBe('DEPLOYMENT_ERROR');
  });

  it(`refuses a viewer's deploy of a ${c.kind} with PermissionDeniedError, and lets it read`, async () => {
    const viewer = client(mock.viewerToken);
    const service = await findIn(viewer, c);
    await expect(deploy(viewer, c, service.id)).rejects.toBeInstanceOf(PermissionDeniedError);
    expect((await namespaceOf(viewer, c).status(service.id)).id).toBe(service.id);
  });

  it(`checks a ${c.kind}'s id before sending anything`, async () => {
    const qovery = client();
    const error = await namespaceOf(qovery, c)
      .get('not-an-id')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toBe(
      `Invalid input to ${c.namespace}.get: ${c.idField}: must be a UUID`,
    );
    expect(sent).toEqual([]);
  });
});

describe('what each kind deploys from', () => {
  it('deploys a container at an image tag, sending { image_tag }, and the tag becomes the deployed one', async () => {
    const qovery = client();
    const worker = await qovery.containers.find({ environment: 'production', container: 'worker' });
    expect(worker.tag).toBe('1.0.0');
    const queued = await qovery.containers.deploy(worker.id, { imageTag: '1.1.0' });
    expect(sent.at(-1)?.body).toEqual({ image_tag: '1.1.0' });
    await qovery.deployments.wait(
      { containerId: worker.id, deploymentRequestId: queued.deployment_request_id },
      { interval: 5 },
    );
    expect((await qovery.containers.get(worker.id)).tag).toBe('1.1.0');
  });

  it('refuses a container deploy without a tag before sending anything', async () => {
    const qovery = client();
    const worker = await qovery.containers.find({ environment: 'production', container: 'worker' });
    sent = [];
    // @ts-expect-error the tag is required
    await expect(qovery.containers.deploy(worker.id, {})).rejects.toThrow('imageTag: is required');
    await expect(qovery.containers.deploy(worker.id, { imageTag: ' ' })).rejects.toThrow('imageTag: must not be empty');
    expect(sent).toEqual([]);
  });

  it('deploys a job at an image tag or a commit, never both', async () => {
    const qovery = client();
    const migrate = await qovery.jobs.find({ environment: 'production', job: 'migrate' });
    await qovery.jobs.deploy(migrate.id, { imageTag: '2.0.0' });
    expect(sent.at(-1)?.body).toEqual({ image_tag: '2.0.0' });
    sent = [];
    const both = await qovery.jobs
      // @ts-expect-error one source at a time
      .deploy(migrate.id, { imageTag: '2.0.0', gitCommitId: COMMIT })
      .catch((e: unknown) => e);
    expect(both).toBeInstanceOf(ValidationError);
    expect((both as ValidationError).message).toContain('give imageTag or gitCommitId, not both');
    expect(sent).toEqual([]);
  });

  it('deploys a helm chart at a chart version, sending { chart_version }', async () => {
    const qovery = client();
    const redis = await qovery.helms.find({ environment: 'production', helm: 'redis' });
    await qovery.helms.deploy(redis.id, { chartVersion: '18.1.0' });
    expect(sent.at(-1)?.body).toEqual({ chart_version: '18.1.0' });
  });

  it('deploys a database with no body: it deploys from its settings alone', async () => {
    const qovery = client();
    const db = await qovery.databases.find({ environment: 'production', database: 'db' });
    await qovery.databases.deploy(db.id);
    expect(sent.at(-1)).toEqual({ method: 'POST', path: `/database/${db.id}/deploy`, body: undefined });
  });

  it('restarts containers and databases; jobs and helm charts have no restart in the contract', async () => {
    const qovery = client();
    const db = await qovery.databases.find({ environment: 'production', database: 'db' });
    const restarted = await qovery.databases.restart(db.id);
    const final = await qovery.deployments.wait(
      { databaseId: db.id, deploymentRequestId: restarted.deployment_request_id },
      { until: 'RESTARTED', interval: 5 },
    );
    expect(final.state).toBe('RESTARTED');
    expect('restart' in qovery.jobs).toBe(false);
    expect('restart' in qovery.helms).toBe(false);
  });
});

describe('finding a service of one kind by name', () => {
  it('lists every match of an ambiguous name, with where each is', async () => {
    const error = await client()
      .databases.find({ database: 'db' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LookupError);
    expect((error as LookupError).kind).toBe('database');
    expect((error as LookupError).matches.map((m) => m.name).sort()).toEqual([
      'Backend/production/db',
      'Backend/staging/db',
    ]);
  });

  it('costs two requests by names (the organization list of services, then the one found) and one by environment id', async () => {
    const qovery = client(mock.adminToken, { organizationId: mock.organizationId });
    await qovery.containers.find({ environment: 'production', container: 'worker' });
    expect(sent.map((r) => r.path)).toEqual([
      `/organization/${mock.organizationId}/services`,
      expect.stringMatching(/^\/container\/[0-9a-f-]{36}$/),
    ]);
    const environment = mock.state.environments.find((e) => e.name === 'production');
    sent = [];
    await qovery.containers.find({ name: 'worker', environmentId: environment?.id as string });
    expect(sent.map((r) => r.path)).toEqual([`/environment/${environment?.id}/container`]);
  });
});
