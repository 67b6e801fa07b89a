// Every service of the organization, whatever its kind: services.list/find and the status report,
// against the embedded Qovery API, counting the requests each costs (1,000 an hour per token).
import { beforeEach, describe, expect, it } from 'vitest';
import { LookupError, Qovery, ValidationError } from '../../src/index.js';
import { createQoveryMock, DEPLOY_SCENE, type QoveryMock } from '../../src/testing/index.js';

const FAST = { queuedMs: 15, buildingMs: 30, deployingMs: 20 };
let mock: QoveryMock;
let sent: string[];

function client(organizationId?: string) {
  return new Qovery({
    apiToken: mock.adminToken,
    baseUrl: 'https://api.qovery.test',
    organizationId,
    fetch: (request) => {
      sent.push(`${request.method} ${new URL(request.url).pathname}`);
      return mock.fetch(request);
    },
  });
}

beforeEach(() => {
  mock = createQoveryMock({ ...DEPLOY_SCENE, lifecycle: FAST, rateLimit: false });
  sent = [];
});

const SCENE = [
  'Backend/production/api application',
  'Backend/production/db database',
  'Backend/production/migrate job',
  'Backend/production/redis helm',
  'Backend/production/web application',
  'Backend/production/worker container',
  'Backend/staging/api application',
  'Backend/staging/db database',
];

describe('services', () => {
  it('lists every service of the organization with its kind, project and environment, in one request', async () => {
    const services = await client(mock.organizationId).services.list();
    expect(services.map((s) => `${s.project_name}/${s.environment_name}/${s.name} ${s.kind}`).sort()).toEqual(SCENE);
    expect(sent).toEqual([`GET /organization/${mock.organizationId}/services`]);
  });

  it('narrows the list to an environment by id', async () => {
    const staging = mock.state.environments.find((e) => e.name === 'staging');
    const services = await client().services.list({ environmentId: staging?.id as string });
    expect(services.map((s) => `${s.name} ${s.kind}`).sort()).toEqual(['api application', 'db database']);
  });

  it('finds a service by its name alone, saying what kind it is', async () => {
    const found = await client(mock.organizationId).services.find({ name: 'Redis' });
    expect(found).toMatchObject({
      name: 'redis',
      kind: 'helm',
      environment_name: 'production',
      project_name: 'Backend',
    });
    expect(sent).toEqual([`GET /organization/${mock.organizationId}/services`]);
  });

  it('lists every match of an ambiguous name with its kind, and narrows by environment or kind', async () => {
    const qovery = client();
    const error = await qovery.services.find({ name: 'db' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LookupError);
    expect((error as LookupError).matches.map(({ name, kind }) => `${name} ${kind}`).sort()).toEqual([
      'Backend/production/db database',
      'Backend/staging/db database',
    ]);
    expect((error as LookupError).message).toMatch(
      /^2 services match name "db": Backend\/\w+\/db \(database [0-9a-f-]{36}\)/,
    );
    expect((await qovery.services.find({ name: 'db', environment: 'staging' })).environment_name).toBe('staging');
    await expect(qovery.services.find({ name: 'db', kind: 'container' })).rejects.toThrow(
      'No container matches name "db", kind "container"',
    );
  });

  it('checks a lookup before sending anything', async () => {
    const qovery = client();
    // @ts-expect-error the name is required
    await expect(qovery.services.find({ environment: 'production' })).rejects.toThrow(ValidationError);
    await expect(qovery.services.list({ projectId: 'nope' })).rejects.toThrow('projectId: must be a UUID');
    expect(sent).toEqual([]);
  });
});

describe('status report', () => {
  it('names every service of every kind, with its project, environment, status and state', async () => {
    const report = await client().status();
    expect(report.hasErrors).toBe(false);
    expect(report.services.map((s) => `${s.project}/${s.environment}/${s.name} ${s.kind}`).sort()).toEqual(SCENE);
    // Environment by environment: each environment's services come together.
    const runs = report.services.map((s) => s.environment).filter((e, i, all) => e !== all[i - 1]);
    expect(runs).toEqual([...new Set(runs)]);
    for (const service of report.services) {
      expect(service.name).toEqual(expect.any(String));
      expect(service).toMatchObject({ status: 'RUNNING', state: 'DEPLOYED' });
    }
  });

  it('costs 1 + E requests for E environments (2 + E when the organization must be looked up first)', async () => {
    await client(mock.organizationId).status();
    const environments = mock.state.environments.length;
    expect(environments).toBe(2);
    expect(sent).toHaveLength(1 + environments);
    expect(sent[0]).toBe(`GET /organization/${mock.organizationId}/services`);
    expect(sent.slice(1).every((r) => /^GET \/environment\/[0-9a-f-]{36}\/statuses$/.test(r))).toBe(true);
    sent = [];
    await client().status();
    expect(sent).toEqual([
      'GET /organization',
      `GET /organization/${mock.organizationId}/services`,
      expect.any(String),
      expect.any(String),
    ]);
  });

  it('names a failed database, and its environment alone costs 2 requests', async () => {
    const qovery = client(mock.organizationId);
    const db = await qovery.databases.find({ environment: 'production', database: 'db' });
    mock.failNext({ serviceId: db.id, state: 'DEPLOYMENT_ERROR' });
    const queued = await qovery.databases.deploy(db.id);
    await qovery.deployments
      .wait({ databaseId: db.id, deploymentRequestId: queued.deployment_request_id }, { interval: 5 })
      .catch(() => undefined);
    sent = [];
    const report = await qovery.status({ environment: 'production' });
    expect(sent).toHaveLength(2);
    expect(report.hasErrors).toBe(true);
    expect(report.services.filter((s) => s.status === 'ERROR')).toEqual([
      {
        id: db.id,
        name: 'db',
        kind: 'database',
        project: 'Backend',
        projectId: mock.state.projects[0]?.id,
        environment: 'production',
        environmentId: db.environment.id,
        status: 'ERROR',
        state: 'DEPLOYMENT_ERROR',
      },
    ]);
  });

  it('takes null for a list of statuses the environment has none of, as the real API sends an optional field', async () => {
    // The mock answers an empty list; the real API may send null for an optional one (agentic_workflows).
    const qovery = new Qovery({
      apiToken: mock.adminToken,
      fetch: async (request) => {
        const response = await mock.fetch(request);
        if (!new URL(request.url).pathname.endsWith('/statuses')) return response;
        const body = { ...((await response.json()) as object), agentic_workflows: null };
        return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
      },
    });
    const report = await qovery.status({ environment: 'production' });
    expect(report.hasErrors).toBe(false);
    expect(report.services.map((s) => `${s.name} ${s.status}`).sort()).toEqual([
      'api RUNNING',
      'db RUNNING',
      'migrate RUNNING',
      'redis RUNNING',
      'web RUNNING',
      'worker RUNNING',
    ]);
  });

  it('refuses a project or environment name that matches nothing, rather than report nothing in error', async () => {
    await expect(client().status({ environment: 'prodcution' })).rejects.toThrow(
      new LookupError('No service matches environment "prodcution"', 'service', []),
    );
  });
});
