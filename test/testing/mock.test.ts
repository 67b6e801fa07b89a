import { beforeEach, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  AuthenticationError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  Qovery,
  RateLimitError,
  ResponseValidationError,
} from '../../src/index.js';
import { createQoveryMock, DEPLOY_SCENE, type QoveryMock, SEED } from '../../src/testing/index.js';

const BASE = 'https://api.qovery.com';
let mock: QoveryMock;

const sdk = (apiToken = mock.adminToken) => new Qovery({ apiToken, baseUrl: BASE, fetch: mock.fetch, maxRetries: 0 });

/** A raw call, for what the SDK itself would refuse to send. */
async function raw(method: string, path: string, options: { token?: string | null; body?: unknown } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = options.token === undefined ? mock.adminToken : options.token;
  if (token !== null) headers.authorization = `Token ${token}`;
  const response = await mock.fetch(`${BASE}${path}`, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

beforeEach(() => {
  mock = createQoveryMock();
});

describe('the seeded mock', () => {
  it('has one organization with the predefined roles, an admin token and a viewer token', async () => {
    const qovery = sdk();
    const organizations = await qovery.organization.list();
    expect(organizations.map((o) => [o.id, o.name])).toEqual([[SEED.organizationId, 'Acme']]);
    expect((await qovery.organization.roles()).map((r) => r.name)).toEqual([
      'Admin',
      'DevOps',
      'Viewer',
      'Billing Manager',
    ]);
    expect((await qovery.apiTokens.list()).map((t) => [t.name, t.role_name])).toEqual([
      ['mock admin', 'Admin'],
      ['mock viewer', 'Viewer'],
    ]);
  });

  it('takes seeds through options', async () => {
    mock = createQoveryMock({ organizations: [{ name: 'Globex' }], projects: [{ name: 'web', description: 'site' }] });
    const qovery = sdk();
    expect((await qovery.organization.get()).name).toBe('Globex');
    expect((await qovery.projects.list()).map((p) => p.name)).toEqual(['web']);
  });

  it('reset() goes back to the seed', async () => {
    await sdk().projects.create({ name: 'temporary' });
    expect(mock.state.projects).toHaveLength(1);
    mock.reset();
    expect(mock.state.projects).toHaveLength(0);
  });

  it('is deterministic for a given seed', async () => {
    const a = createQoveryMock({ seed: 7 });
    const b = createQoveryMock({ seed: 7 });
    const create = (m: QoveryMock) =>
      new Qovery({ apiToken: m.adminToken, baseUrl: BASE, fetch: m.fetch }).apiTokens.create({ name: 'CI' });
    const [x, y] = await Promise.all([create(a), create(b)]);
    expect(x.id).toBe(y.id);
    expect(x.token).toBe(y.token);
    expect(x.token).toMatch(/^qov_[A-Za-z0-9]{40}$/);
  });
});

describe('auth', () => {
  it.each([
    ['missing', null],
    ['unknown', 'qov_FAKE_UNKNOWN'],
  ])('a %s token gets 401 with the documented body', async (_name, token) => {
    const { status, body } = await raw('GET', '/organization', { token });
    expect(status).toBe(401);
    expect(body).toEqual({ status: 401, error: 'Unauthorized', message: 'Invalid or missing authentication token' });
  });

  it('a malformed header gets 401', async () => {
    const response = await mock.fetch(`${BASE}/organization`, {
      headers: { authorization: `Basic ${mock.adminToken}` },
    });
    expect(response.status).toBe(401);
  });

  it('a known JWT is accepted as Bearer', async () => {
    const jwt = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJmYWtlIn0.';
    mock = createQoveryMock({ users: [{ jwt, name: 'Jane' }] });
    const qovery = sdk(jwt);
    expect(qovery.authScheme).toBe('Bearer');
    expect((await qovery.organization.list()).map((o) => o.name)).toEqual(['Acme']);
  });

  it('a token created through the API works at once, and fails with 401 once deleted', async () => {
    const admin = sdk();
    const created = await admin.apiTokens.create({ name: 'CI', role: 'Viewer' });
    const ci = sdk(created.token ?? 'no token in the answer');
    expect((await ci.projects.list()).length).toBe(0);
    await admin.apiTokens.delete(created.id);
    await expect(ci.projects.list()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('a viewer reads but cannot create projects or tokens (403)', async () => {
    const viewer = sdk(mock.viewerToken);
    await expect(viewer.projects.list()).resolves.toEqual([]);
    await expect(viewer.apiTokens.list()).resolves.toHaveLength(2);
    await expect(viewer.projects.create({ name: 'web' })).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(viewer.apiTokens.create({ name: 'CI' })).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(viewer.organization.update({ name: 'Renamed' })).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(mock.state.projects).toHaveLength(0);
  });

  it('a DevOps token manages API tokens but leaves creating, editing and deleting projects to Admin', async () => {
    const project = await sdk().projects.create({ name: 'web' });
    const { token } = await sdk().apiTokens.create({ name: 'pipeline', role: 'DevOps' });
    const devops = sdk(token ?? 'no token in the answer');
    await expect(devops.apiTokens.create({ name: 'CI' })).resolves.toMatchObject({ name: 'CI' });
    await expect(devops.projects.create({ name: 'api' })).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(devops.projects.update(project.id, { name: 'site' })).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(devops.projects.delete(project.id)).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(mock.state.projects.map((p) => p.name)).toEqual(['web']);
  });

  it('a token of one organization cannot reach another (403)', async () => {
    mock = createQoveryMock({ organizations: [{ name: 'Acme' }, { name: 'Globex' }] });
    const other = mock.state.organizations[1]?.id ?? '';
    await expect(sdk().projects.list({ organizationId: other })).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});

describe('validation and status codes', () => {
  it('project create answers 200, token create 201 with the token, deletes 204', async () => {
    const project = await raw('POST', `/organization/${mock.organizationId}/project`, { body: { name: 'web' } });
    expect(project.status).toBe(200);
    const token = await raw('POST', `/organization/${mock.organizationId}/apiToken`, {
      body: { name: 'CI', role_id: null },
    });
    expect(token.status).toBe(201);
    expect(token.body.token).toMatch(/^qov_/);
    expect((await raw('DELETE', `/project/${project.body.id}`)).status).toBe(204);
    expect((await raw('DELETE', `/organization/${mock.organizationId}/apiToken/${token.body.id}`)).status).toBe(204);
  });

  it.each([
    ['a project without a name', 'POST', 'project', {}, 'name: is required'],
    ['a project with a numeric name', 'POST', 'project', { name: 7 }, 'name: expected string, received number'],
    [
      'a project with a numeric description',
      'POST',
      'project',
      { name: 'x', description: 1 },
      'description: expected string, received number',
    ],
    ['a token without role_id', 'POST', 'apiToken', { name: 'CI' }, 'role_id: is required'],
    ['a token with a bad role_id', 'POST', 'apiToken', { name: 'CI', role_id: 'admin' }, 'role_id: must be a UUID'],
    [
      'a token with an unknown role',
      'POST',
      'apiToken',
      { name: 'CI', role_id: SEED.adminTokenId },
      `role_id: no role ${SEED.adminTokenId} in this organization`,
    ],
    ['a body that is not JSON', 'POST', 'project', '{"name":', 'body: is not valid JSON'],
    [
      'a token scope the contract does not list',
      'POST',
      'apiToken',
      { name: 'CI', role_id: null, scope: 'ROOT' },
      'scope: must be one of ADMIN',
    ],
  ])('%s gets 400 with a detail naming the field', async (_name, method, resource, body, detail) => {
    const response = await raw(method, `/organization/${mock.organizationId}/${resource}`, { body });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ status: 400, title: 'Bad Request', detail });
  });

  it('a non-UUID id gets 400, an unknown one 404', async () => {
    expect((await raw('PUT', '/project/web', { body: { name: 'x' } })).body.detail).toBe('projectId: must be a UUID');
    expect((await raw('GET', '/project/web')).status).toBe(404);
    await expect(sdk().projects.get('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers an operation of the contract it does not serve with 501 naming it, not a 404 or 405', async () => {
    const environmentId = '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1aff';
    for (const [method, path, operationId] of [
      ['PUT', `/environment/${environmentId}`, 'editEnvironment'],
      ['GET', `/organization/${mock.organizationId}/project/stats`, 'getOrganizationProjectStats'],
    ]) {
      const response = await raw(method as string, path as string);
      expect(response.status).toBe(501);
      expect(response.body.detail).toContain(`does not implement ${operationId}`);
    }
    const error = await sdk()
      .request('put', '/environment/{environmentId}', { params: { path: { environmentId } }, body: { name: 'x' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 501 });
    expect((error as Error).message).toContain('editEnvironment');
    // Outside the contract, a path is unknown and a method not allowed.
    expect((await raw('GET', '/nowhere')).status).toBe(404);
    expect((await raw('PATCH', '/organization')).status).toBe(405);
  });

  it('takes ids in upper case too, as UUIDs are case-insensitive', async () => {
    const project = await sdk().projects.create({ name: 'web' });
    await expect(sdk().projects.get(project.id.toUpperCase())).resolves.toMatchObject({ id: project.id });
    const devops = (await sdk().organization.roles()).find((r) => r.name === 'DevOps');
    const created = await sdk().apiTokens.create({ name: 'CI', roleId: devops?.id.toUpperCase() });
    expect(created.role_name).toBe('DevOps');
  });

  it('names are unique case-insensitively: 409 for projects and tokens', async () => {
    const qovery = sdk();
    const web = await qovery.projects.create({ name: 'Web' });
    await expect(qovery.projects.create({ name: 'web' })).rejects.toBeInstanceOf(ConflictError);
    await expect(qovery.projects.create({ name: 'WEB ' })).rejects.toBeInstanceOf(ConflictError);
    const api = await qovery.projects.create({ name: 'api' });
    await expect(qovery.projects.update(api.id, { name: 'wEb' })).rejects.toBeInstanceOf(ConflictError);
    await expect(qovery.projects.update(web.id, { name: 'web' })).resolves.toMatchObject({ name: 'web' });
    await expect(qovery.apiTokens.create({ name: 'MOCK ADMIN' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses an empty or blank name with a 400 naming the field, before anything changes', async () => {
    mock = createQoveryMock(DEPLOY_SCENE);
    const [project] = mock.state.projects;
    const [environment] = mock.state.environments;
    const application = mock.state.applications.find((a) => a.environment.id === environment?.id);
    if (!project || !environment || !application) throw new Error('DEPLOY_SCENE changed');
    const before = JSON.stringify(mock.state.projects) + JSON.stringify(mock.state.environments);
    for (const name of ['', '   ']) {
      for (const [method, path, body] of [
        ['POST', `/organization/${mock.organizationId}/project`, { name }],
        ['PUT', `/project/${project.id}`, { name }],
        ['POST', `/environment/${environment.id}/clone`, { name }],
        ['PUT', `/application/${application.id}`, { name, healthchecks: application.healthchecks }],
        ['POST', `/organization/${mock.organizationId}/apiToken`, { name, scope: 'ADMIN', role_id: null }],
      ] as const) {
        const answer = await raw(method, path, { body });
        expect([path, answer.status, answer.body.detail]).toEqual([path, 400, 'name: must not be empty']);
      }
    }
    expect(JSON.stringify(mock.state.projects) + JSON.stringify(mock.state.environments)).toBe(before);
    expect(mock.state.applications.find((a) => a.id === application.id)?.name).toBe(application.name);
  });

  it('lists filter tokens by name and creator', async () => {
    const qovery = sdk();
    await qovery.apiTokens.create({ name: 'CI deploy' });
    expect((await qovery.apiTokens.list({ name: 'deploy' })).map((t) => t.name)).toEqual(['CI deploy']);
    expect((await qovery.apiTokens.list({ creatorName: 'mock admin' })).map((t) => t.name)).toEqual(['CI deploy']);
  });
});

describe('rate limits', () => {
  it('count per token, answer 429 with Retry-After past the limit, and reset with the clock', async () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    mock = createQoveryMock({ rateLimit: { limit: 2, windowMs: 60_000 }, now: () => now });
    const first = await raw('GET', '/organization');
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(first.headers.get('x-ratelimit-reset')).toBe(String(now / 1000 + 60));
    await raw('GET', '/organization');
    now += 15_000;
    const refused = await sdk()
      .organization.list()
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitError);
    expect((refused as RateLimitError).retryAfter).toBe(45);
    expect((refused as RateLimitError).rateLimit?.remaining).toBe(0);
    expect((await raw('GET', '/organization', { token: mock.viewerToken })).status).toBe(200);
    now += 45_000;
    expect((await raw('GET', '/organization')).headers.get('x-ratelimit-remaining')).toBe('1');
  });

  it('a token refused once deleted keeps the count it had, rather than starting afresh', async () => {
    mock = createQoveryMock({ rateLimit: { limit: 5, windowMs: 60_000 } });
    const { id, token } = await sdk().apiTokens.create({ name: 'CI' });
    for (let i = 0; i < 5; i++) await raw('GET', '/organization', { token });
    await sdk().apiTokens.delete(id);
    const after = await raw('GET', '/organization', { token });
    expect(after.status).toBe(401);
    expect(after.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('can be turned off', async () => {
    mock = createQoveryMock({ rateLimit: false });
    expect((await raw('GET', '/organization')).headers.get('x-ratelimit-limit')).toBeNull();
  });
});

describe('faults', () => {
  it('a 502 page on one route is an InternalServerError there only', async () => {
    mock.faults.inject({ kind: 'status', status: 502, operation: 'listProject' });
    const qovery = sdk();
    await expect(qovery.projects.list()).rejects.toBeInstanceOf(InternalServerError);
    await expect(qovery.organization.list()).resolves.toHaveLength(1);
  });

  it('a dropped connection is an APIConnectionError', async () => {
    mock.faults.inject({ kind: 'drop', times: 1 });
    const qovery = sdk();
    await expect(qovery.organization.list()).rejects.toBeInstanceOf(APIConnectionError);
    await expect(qovery.organization.list()).resolves.toHaveLength(1);
  });

  it('truncated JSON and a wrong content type are ResponseValidationErrors carrying the text', async () => {
    mock.faults.inject({ kind: 'truncate', times: 1 });
    const error = (await sdk()
      .organization.list()
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(typeof error.body).toBe('string');
    mock.faults.inject({ kind: 'content-type', contentType: 'text/plain', times: 1 });
    const response = await mock.fetch(`${BASE}/organization`, {
      headers: { authorization: `Token ${mock.adminToken}` },
    });
    expect(response.headers.get('content-type')).toBe('text/plain');
  });

  it('latency delays the answer and the signal still cancels it', async () => {
    mock.faults.inject({ kind: 'latency', ms: 40 });
    const started = performance.now();
    await sdk().organization.list();
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    const controller = new AbortController();
    const pending = sdk().organization.list({ signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'APIUserAbortError' });
  });

  it('random faults follow the seed: the same requests fail on every run', async () => {
    const failures = async () => {
      const m = createQoveryMock({ seed: 42 });
      m.faults.inject({ kind: 'status', status: 503, probability: 0.5 });
      const q = new Qovery({ apiToken: m.adminToken, baseUrl: BASE, fetch: m.fetch, maxRetries: 0 });
      const outcomes: boolean[] = [];
      for (let i = 0; i < 20; i++)
        outcomes.push(
          await q.organization.list().then(
            () => true,
            () => false,
          ),
        );
      return outcomes;
    };
    const first = await failures();
    expect(first).toEqual(await failures());
    expect(first.filter(Boolean).length).toBeGreaterThan(0);
    expect(first.filter((ok) => !ok).length).toBeGreaterThan(0);
  });
});

describe('seeding roles', () => {
  it('takes the roles every organization gets, with their permissions', async () => {
    mock = createQoveryMock({
      roles: [
        {
          name: 'Admin',
          permissions: ['organization:read', 'project:read', 'project:write', 'token:read', 'token:write'],
        },
        { name: 'Viewer', permissions: ['organization:read'] },
        { name: 'Deployer', permissions: ['organization:read', 'project:read'] },
      ],
    });
    expect((await sdk().organization.roles()).map((r) => r.name)).toEqual(['Admin', 'Viewer', 'Deployer']);
    // This Viewer may not even read projects.
    await expect(sdk(mock.viewerToken).projects.list()).rejects.toBeInstanceOf(PermissionDeniedError);
  });
});
