// What a preview-environment workflow needs, against the embedded Qovery API: clone (and ensureClone,
// safe to re-run), delete, links, the /variable API with its scopes and secrets, and pointing a
// cloned service at a branch or an image tag.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ConflictError,
  LookupError,
  PermissionDeniedError,
  Qovery,
  StaleUpdateError,
  ValidationError,
} from '../../src/index.js';
import { withoutNulls } from '../../src/resources/service-kinds.js';
import { createQoveryMock, DEPLOY_SCENE, type QoveryMock } from '../../src/testing/index.js';

const SECRET = 'hunter2-preview-secret-value';
let mock: QoveryMock;
let sent: { method: string; path: string; body: string }[];
let logged: string[];

function client(token = mock.adminToken) {
  return new Qovery({
    apiToken: token,
    baseUrl: 'https://api.qovery.test',
    organizationId: mock.organizationId,
    logLevel: 'debug',
    logger: {
      debug: (m: string) => logged.push(m),
      info: (m: string) => logged.push(m),
      warn: (m: string) => logged.push(m),
      error: (m: string) => logged.push(m),
    },
    fetch: async (request) => {
      const body = request.method === 'GET' ? '' : await request.clone().text();
      sent.push({ method: request.method, path: new URL(request.url).pathname, body });
      return mock.fetch(request);
    },
  });
}

beforeEach(() => {
  mock = createQoveryMock({ ...DEPLOY_SCENE, rateLimit: false });
  sent = [];
  logged = [];
});

const staging = (qovery: Qovery) => qovery.environments.find({ project: 'Backend', environment: 'staging' });

describe('cloning an environment', () => {
  it('clones staging into pr-1 with its services, not deployed', async () => {
    const qovery = client();
    const source = await staging(qovery);
    const clone = await qovery.environments.clone(source.id, { name: 'pr-1', mode: 'PREVIEW' });
    expect(clone).toMatchObject({ name: 'pr-1', mode: 'PREVIEW', project: source.project });
    expect(sent.at(-1)).toMatchObject({ method: 'POST', path: `/environment/${source.id}/clone` });
    expect(JSON.parse(sent.at(-1)?.body ?? '')).toEqual({ name: 'pr-1', mode: 'PREVIEW' });
    const services = await qovery.services.list({ environmentId: clone.id });
    expect(services.map((s) => `${s.kind} ${s.name}`).sort()).toEqual(['application api', 'database db']);
  });

  it('refuses a name taken in the project with ConflictError; ensureClone returns that one instead', async () => {
    const qovery = client();
    const source = await staging(qovery);
    await expect(qovery.environments.clone(source.id, { name: 'Production' })).rejects.toBeInstanceOf(ConflictError);
    const first = await qovery.environments.ensureClone(source.id, { name: 'pr-2' });
    expect(first.created).toBe(true);
    sent = [];
    const again = await qovery.environments.ensureClone(source.id, { name: 'PR-2' });
    expect(again).toEqual({ environment: first.environment, created: false });
    expect(sent.map((r) => r.method)).toEqual(['GET', 'GET']);
  });

  it('deletes a clone and its services', async () => {
    const qovery = client();
    const { environment } = await qovery.environments.ensureClone((await staging(qovery)).id, { name: 'pr-3' });
    await qovery.environments.delete(environment.id);
    await expect(qovery.environments.get(environment.id)).rejects.toThrow('404');
    expect(await qovery.services.list({ environmentId: environment.id })).toEqual([]);
  });

  it('lets a viewer read but not clone', async () => {
    const viewer = client(mock.viewerToken);
    const source = await staging(viewer);
    await expect(viewer.environments.clone(source.id, { name: 'pr-4' })).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it('checks its input before sending anything', async () => {
    const qovery = client();
    const source = await staging(qovery);
    sent = [];
    await expect(qovery.environments.clone(source.id, { name: ' ' })).rejects.toThrow('name: must not be empty');
    // @ts-expect-error not a mode
    await expect(qovery.environments.clone(source.id, { name: 'x', mode: 'TEST' })).rejects.toThrow(ValidationError);
    expect(sent).toEqual([]);
  });

  it("lists the environment's public URLs, and each service's", async () => {
    const qovery = client();
    const production = await qovery.environments.find({ environment: 'production' });
    const links = await qovery.environments.links(production.id);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link.url).toMatch(/^https:\/\//);
    const api = await qovery.applications.find({ name: 'api', environmentId: production.id });
    expect((await qovery.applications.links(api.id)).map((l) => l.url)).toEqual(
      links.filter((l) => l.service_id === api.id).map((l) => l.url),
    );
  });
});

describe('variables', () => {
  it('set() creates, then leaves alone, then updates a variable: re-runs write nothing', async () => {
    const qovery = client();
    const scope = { environmentId: (await staging(qovery)).id };
    expect((await qovery.variables.set(scope, 'PR_NUMBER', '7')).outcome).toBe('created');
    sent = [];
    expect((await qovery.variables.set(scope, 'PR_NUMBER', '7')).outcome).toBe('unchanged');
    expect(sent.map((r) => r.method)).toEqual(['GET']);
    expect((await qovery.variables.set(scope, 'PR_NUMBER', '8')).variable.value).toBe('8');
    expect((await qovery.variables.get(scope, 'PR_NUMBER')).value).toBe('8');
  });

  it('overrides a variable inherited from the project instead of creating a second one', async () => {
    const qovery = client();
    const scope = { environmentId: (await staging(qovery)).id };
    const inherited = await qovery.variables.get(scope, 'LOG_LEVEL');
    expect(inherited.scope).toBe('PROJECT');
    const { outcome, variable } = await qovery.variables.set(scope, 'LOG_LEVEL', 'debug');
    expect(outcome).toBe('overridden');
    expect(variable.variable_type).toBe('OVERRIDE');
    expect((await qovery.variables.get(scope, 'LOG_LEVEL')).value).toBe('debug');
  });

  it("at a service, set() overrides the environment's override, not the project's value, and re-runs write nothing", async () => {
    const qovery = client();
    const source = await staging(qovery);
    await qovery.variables.set({ environmentId: source.id }, 'LOG_LEVEL', 'debug');
    const api = await qovery.applications.find({ name: 'api', environmentId: source.id });
    const service = { applicationId: api.id };
    expect((await qovery.variables.get(service, 'LOG_LEVEL')).value).toBe('debug');
    sent = [];
    expect((await qovery.variables.set(service, 'LOG_LEVEL', 'debug')).outcome).toBe('unchanged');
    expect(sent.map((r) => r.method)).toEqual(['GET']);
    const { outcome, variable } = await qovery.variables.set(service, 'LOG_LEVEL', 'trace');
    expect(outcome).toBe('overridden');
    expect(variable).toMatchObject({ scope: 'APPLICATION', value: 'trace' });
    expect((await qovery.variables.get(service, 'LOG_LEVEL')).value).toBe('trace');
    expect((await qovery.variables.get({ environmentId: source.id }, 'LOG_LEVEL')).value).toBe('debug');
  });

  it("never returns, logs or shows a secret's value, even in an error", async () => {
    const qovery = client();
    const source = await staging(qovery);
    const api = await qovery.applications.find({ name: 'api', environmentId: source.id });
    const created = await qovery.variables.create(
      { applicationId: api.id },
      { key: 'API_KEY', value: SECRET, secret: true },
    );
    expect(created).toMatchObject({ key: 'API_KEY', is_secret: true, value: null });
    const listed = await qovery.variables.list({ applicationId: api.id });
    expect(JSON.stringify(listed)).not.toContain(SECRET);
    // A second create of the same key is refused; the error must not carry the value.
    const error = await qovery.variables
      .create({ applicationId: api.id }, { key: 'API_KEY', value: SECRET, secret: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect(String((error as Error).message)).not.toContain(SECRET);
    expect(logged.join('\n')).not.toContain(SECRET);
    expect((await qovery.variables.set({ applicationId: api.id }, 'API_KEY', SECRET, { secret: true })).outcome).toBe(
      'updated',
    );
  });

  it('refuses to turn a plain variable into a secret silently', async () => {
    const qovery = client();
    const scope = { environmentId: (await staging(qovery)).id };
    await qovery.variables.set(scope, 'TOKEN', 'abc');
    await expect(qovery.variables.set(scope, 'TOKEN', 'abc', { secret: true })).rejects.toThrow(
      /exists at environment .* as a plain variable; delete it/,
    );
  });

  it('aliases and deletes, and a viewer cannot write', async () => {
    const qovery = client();
    const scope = { environmentId: (await staging(qovery)).id };
    const { variable } = await qovery.variables.set(scope, 'DB_HOST', 'db.internal');
    const alias = await qovery.variables.alias(variable.id, scope, 'DATABASE_HOST');
    expect(alias).toMatchObject({ key: 'DATABASE_HOST', variable_type: 'ALIAS' });
    await qovery.variables.delete(alias.id);
    await expect(qovery.variables.get(scope, 'DATABASE_HOST')).rejects.toBeInstanceOf(LookupError);
    await expect(client(mock.viewerToken).variables.set(scope, 'X', 'y')).rejects.toBeInstanceOf(PermissionDeniedError);
  });

  it('checks the scope before sending anything', async () => {
    const qovery = client();
    await expect(
      // @ts-expect-error two scopes
      qovery.variables.list({ projectId: mock.organizationId, environmentId: mock.organizationId }),
    ).rejects.toThrow('give exactly one of');
    expect(sent).toEqual([]);
  });
});

describe('pointing a service at a pull request', () => {
  it("changes an application's branch, keeping its other settings", async () => {
    const qovery = client();
    const api = await qovery.applications.find({ environment: 'staging', application: 'api' });
    const updated = await qovery.applications.update(api.id, { branch: 'feature/x' });
    expect(updated.git_repository?.branch).toBe('feature/x');
    const body = JSON.parse(sent.at(-1)?.body ?? '{}');
    expect(sent.at(-1)).toMatchObject({ method: 'PUT', path: `/application/${api.id}` });
    // Its settings as the API has them, less the nulls it answers for what has no value.
    expect(body).toMatchObject({
      name: 'api',
      cpu: api.cpu,
      memory: api.memory,
      healthchecks: withoutNulls(api.healthchecks),
    });
    expect(JSON.stringify(api.healthchecks)).toContain('null');
    expect(sent.at(-1)?.body).not.toContain('null');
    expect(body.git_repository).toEqual({
      url: api.git_repository?.url,
      // The contract requires owner and name here without declaring them: sent as the API has them.
      owner: api.git_repository?.owner,
      name: api.git_repository?.name,
      root_path: api.git_repository?.root_path,
      provider: api.git_repository?.provider,
      // A token the API answers null for (none) is left out, as any null setting.
      ...(api.git_repository?.git_token_id == null ? {} : { git_token_id: api.git_repository.git_token_id }),
      branch: 'feature/x',
    });
  });

  it("changes a container's image tag", async () => {
    const qovery = client();
    const worker = await qovery.containers.find({ environment: 'production', container: 'worker' });
    const updated = await qovery.containers.update(worker.id, { tag: 'pr-9' });
    expect(updated).toMatchObject({ tag: 'pr-9', image_name: worker.image_name });
  });

  it('sends no null back at any depth, as the contract takes none where a setting has no value', async () => {
    const qovery = client();
    const worker = await qovery.containers.find({ environment: 'production', container: 'worker' });
    // The real API answers null in a port's and a probe's optional fields: so does the embedded one.
    const record = mock.state.containers.find((c) => c.id === worker.id);
    const port = record?.ports?.[0] as Record<string, unknown> | undefined;
    if (port) port.name = null;
    expect(JSON.stringify(await qovery.containers.get(worker.id))).toMatch(/"(name|path)":null/);
    sent = [];
    await qovery.containers.update(worker.id, { tag: 'pr-10' });
    const put = sent.find((r) => r.method === 'PUT');
    expect(put?.body).toBeDefined();
    expect(put?.body).not.toContain('null');
    expect(JSON.parse(put?.body ?? '{}').ports?.length).toBe(record?.ports?.length);
  });

  it('writes nothing when the service already has the change (a workflow re-run)', async () => {
    const qovery = client();
    const api = await qovery.applications.find({ environment: 'staging', application: 'api' });
    const worker = await qovery.containers.find({ environment: 'production', container: 'worker' });
    await qovery.applications.update(api.id, { branch: 'feature/x' });
    await qovery.containers.update(worker.id, { tag: 'pr-9' });
    sent = [];
    expect((await qovery.applications.update(api.id, { branch: 'feature/x' })).git_repository?.branch).toBe(
      'feature/x',
    );
    expect((await qovery.containers.update(worker.id, { tag: 'pr-9' })).tag).toBe('pr-9');
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /application/${api.id}`,
      `GET /container/${worker.id}`,
    ]);
  });

  it('refuses to write over a change made since the caller read the service', async () => {
    const qovery = client();
    const api = await qovery.applications.find({ environment: 'staging', application: 'api' });
    await qovery.applications.update(api.id, { branch: 'someone-else' });
    const puts = sent.filter((r) => r.method === 'PUT').length;
    const error = await qovery.applications
      .update(api.id, { branch: 'mine' }, { ifUpdatedAt: api.updated_at ?? api.created_at })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleUpdateError);
    expect((error as StaleUpdateError).message).toContain('changed since it was read');
    expect(sent.filter((r) => r.method === 'PUT')).toHaveLength(puts);
  });
});
