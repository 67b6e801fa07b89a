// What a preview-environment workflow needs of the embedded Qovery API, seen over HTTP as any client
// would: clone an environment (its services of every kind, never deployed, and its variables),
// delete it, read its links, manage variables at every scope (inherited, overridden, aliased, secret)
// and point a service at a branch or a tag.
import { beforeEach, describe, expect, it } from 'vitest';
import { createQoveryMock, DEPLOY_SCENE, type MockVariable, type QoveryMock } from '../../src/testing/index.js';
import { httpScene, type Json, START, UNKNOWN_ID } from './http-scene.js';

const { at, call, get, environment, servicesIn, serviceId, ...http } = httpScene();
let mock: QoveryMock;
beforeEach(() => {
  mock = http.start();
});

const SECRET = 'preview-test-secret-value';
/** What staging, and each of its services, sees of DEPLOY_SCENE's variables. */
const STAGING_SEES = ['PROJECT VALUE LOG_LEVEL=info', 'ENVIRONMENT VALUE DATABASE_PASSWORD=null'];

/** The services of an environment, of every kind, as `kind name`. */
const servicesOf = (environmentId: string): string[] => servicesIn(environmentId).map((s) => `${s.kind} ${s.name}`);

const projectId = () => environment('production').project.id;

async function clone(sourceName: string, body: Json, token?: string) {
  return call('POST', `/environment/${environment(sourceName).id}/clone`, { body, token });
}

/** What a scope sees, as `SCOPE TYPE KEY=value`. */
async function seen(scope: string, parentId: string, token?: string): Promise<string[]> {
  const { results } = await get(`/variable?parent_id=${parentId}&scope=${scope}`, token);
  return results.map((v: Json) => `${v.scope} ${v.variable_type} ${v.key}=${v.value}`);
}

const variable = (key: string, parentId?: string): MockVariable => {
  const found = mock.state.variables.find((v) => v.key === key && (parentId === undefined || v.parentId === parentId));
  if (!found) throw new Error(`no variable ${key}`);
  return found;
};

describe('cloning an environment', () => {
  it('copies the environment: new id, the name given, the source mode, cluster and project by default', async () => {
    const source = environment('production');
    const { status, body } = await clone('production', { name: 'pr-1' });
    expect(status).toBe(202);
    expect(body).toMatchObject({
      name: 'pr-1',
      mode: 'PRODUCTION',
      cluster_id: source.cluster_id,
      project: source.project,
      organization: source.organization,
      created_at: new Date(START).toISOString(),
    });
    expect(body.id).not.toBe(source.id);
    expect(await get(`/environment/${body.id}`)).toEqual(body);
    const { results } = await get(`/project/${projectId()}/environment`);
    expect(results.map((e: Json) => e.name)).toEqual(['production', 'staging', 'pr-1']);
  });

  it('copies every service of every kind, with the same settings under new ids, never deployed', async () => {
    const source = environment('production');
    const { body: copy } = await clone('production', { name: 'pr-1', mode: 'PREVIEW' });
    expect(copy.mode).toBe('PREVIEW');
    expect(servicesOf(copy.id)).toEqual(servicesOf(source.id));
    const copies = servicesIn(copy.id);
    for (const [index, { kind, id }] of servicesIn(source.id).entries()) {
      const { id: _a, created_at: _b, environment: _c, ports: p1, host: h1, ...settings } = await get(`/${kind}/${id}`);
      const copied = await get(`/${kind}/${copies[index]?.id}`);
      const { id: copiedId, created_at: _e, environment: _f, ports: p2, host: h2, ...copiedSettings } = copied;
      expect(copiedId).not.toBe(id);
      expect(copiedSettings).toEqual(settings);
      expect(p2?.map((p: Json) => p.internal_port)).toEqual(p1?.map((p: Json) => p.internal_port));
      if (p1?.length) expect(p2[0].id).not.toBe(p1[0].id);
      expect(typeof h2).toBe(typeof h1);
    }
    const statuses = await get(`/environment/${copy.id}/statuses`);
    expect(statuses.environment).toMatchObject({ state: 'READY', deployment_status: 'NEVER_DEPLOYED' });
    for (const kind of ['applications', 'containers', 'jobs', 'databases', 'helms']) {
      expect(statuses[kind].length).toBeGreaterThan(0);
      for (const status of statuses[kind]) {
        expect(status).toMatchObject({ state: 'READY', service_deployment_status: 'NEVER_DEPLOYED' });
      }
    }
    // The source is as it was: deployed, its histories its own.
    expect((await get(`/environment/${source.id}/status`)).state).toBe('DEPLOYED');
    expect((await get(`/environment/${copy.id}/deploymentHistoryV2`)).results).toEqual([]);
  });

  it('a clone deployed runs: its services become DEPLOYED and UP_TO_DATE', async () => {
    const { body: copy } = await clone('production', { name: 'pr-1' });
    expect((await call('POST', `/environment/${copy.id}/deploy`)).status).toBe(202);
    at(60_000);
    const statuses = await get(`/environment/${copy.id}/statuses`);
    expect(statuses.environment).toMatchObject({ state: 'DEPLOYED', deployment_status: 'UP_TO_DATE' });
    expect(mock.state.neverDeployed).toEqual([]);
  });

  it('copies the variables of the environment and of its services; secrets stay secret', async () => {
    const staging = environment('staging');
    const api = serviceId('application', 'api', 'staging');
    await call('POST', '/variable', {
      body: { key: 'API_KEY', value: SECRET, is_secret: true, variable_scope: 'APPLICATION', variable_parent_id: api },
    });
    const { body: copy } = await clone('staging', { name: 'pr-2' });
    const copiedApi = serviceId('application', 'api', 'pr-2');
    expect(await seen('ENVIRONMENT', copy.id)).toEqual(STAGING_SEES);
    expect(await seen('APPLICATION', copiedApi)).toEqual([...STAGING_SEES, 'APPLICATION VALUE API_KEY=null']);
    // The values are copied in the state, still secret, under new ids.
    const copied = variable('API_KEY', copiedApi);
    expect(copied).toMatchObject({ value: SECRET, isSecret: true, scope: 'APPLICATION' });
    expect(copied.id).not.toBe(variable('API_KEY', api).id);
    expect(variable('DATABASE_PASSWORD', copy.id)).toMatchObject({
      value: variable('DATABASE_PASSWORD', staging.id).value,
      isSecret: true,
    });
    expect(JSON.stringify(await get(`/variable?parent_id=${copiedApi}&scope=APPLICATION`))).not.toContain(SECRET);
  });

  it("copies overrides and aliases: of the clone's own variables to the copies, of the project's as they are", async () => {
    const staging = environment('staging');
    const password = variable('DATABASE_PASSWORD').id;
    const api = serviceId('application', 'api', 'staging');
    const logLevel = variable('LOG_LEVEL').id;
    const override = { value: 'debug', override_scope: 'ENVIRONMENT', override_parent_id: staging.id };
    expect((await call('POST', `/variable/${logLevel}/override`, { body: override })).status).toBe(201);
    const alias = { key: 'DB_PASS', alias_scope: 'APPLICATION', alias_parent_id: api };
    expect((await call('POST', `/variable/${password}/alias`, { body: alias })).status).toBe(201);
    await clone('staging', { name: 'pr-3' });
    const copiedApi = serviceId('application', 'api', 'pr-3');
    const { results } = await get(`/variable?parent_id=${copiedApi}&scope=APPLICATION`);
    const byKey = Object.fromEntries(results.map((v: Json) => [v.key, v]));
    expect(byKey.LOG_LEVEL).toMatchObject({ variable_type: 'OVERRIDE', scope: 'ENVIRONMENT', value: 'debug' });
    expect(byKey.LOG_LEVEL.overridden_variable).toMatchObject({ id: logLevel, scope: 'PROJECT', value: 'info' });
    const copiedPassword = variable('DATABASE_PASSWORD', environment('pr-3').id).id;
    expect(byKey.DB_PASS).toMatchObject({ variable_type: 'ALIAS', value: null, is_secret: true });
    expect(byKey.DB_PASS.aliased_variable).toMatchObject({ id: copiedPassword, value: null });
  });

  it('into another project: overrides of the old project variables become variables of their own', async () => {
    const staging = environment('staging');
    const logLevel = variable('LOG_LEVEL').id;
    const override = { value: 'debug', override_scope: 'ENVIRONMENT', override_parent_id: staging.id };
    await call('POST', `/variable/${logLevel}/override`, { body: override });
    const { body: other } = await call('POST', `/organization/${mock.organizationId}/project`, {
      body: { name: 'Frontend' },
    });
    const { status, body: copy } = await clone('staging', {
      name: 'staging',
      project_id: other.id,
      mode: 'DEVELOPMENT',
    });
    expect(status).toBe(202);
    expect(copy).toMatchObject({ project: { id: other.id }, mode: 'DEVELOPMENT' });
    expect(await seen('ENVIRONMENT', copy.id)).toEqual([
      'ENVIRONMENT VALUE DATABASE_PASSWORD=null',
      'ENVIRONMENT VALUE LOG_LEVEL=debug',
    ]);
    expect((await get(`/project/${other.id}`)).associated_environments_count).toBe(1);
  });

  it('refuses a name the project has, case-insensitively (409), and an unknown source (404)', async () => {
    expect((await clone('staging', { name: 'Production' })).status).toBe(409);
    expect((await clone('staging', { name: 'pr-4' })).status).toBe(202);
    const again = await clone('production', { name: ' PR-4 ' });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('already has an environment with that name');
    const unknown = await call('POST', `/environment/${UNKNOWN_ID}/clone`, { body: { name: 'pr-5' } });
    expect(unknown.status).toBe(404);
    expect((await clone('staging', { name: 'pr-5', cluster_id: UNKNOWN_ID })).status).toBe(404);
    expect((await clone('staging', { name: 'pr-5', project_id: UNKNOWN_ID })).status).toBe(404);
  });

  it('refuses a body without a name with a 400, though the contract declares none for this operation', async () => {
    // Reported to the SDK's side: cloneEnvironment declares no 400 in the contract.
    expect((await clone('staging', {})).status).toBe(400);
    expect((await clone('staging', { name: '  ' })).status).toBe(400);
  });

  it('takes the deploy permission: the Viewer reads but cannot clone', async () => {
    const viewer = await clone('staging', { name: 'pr-6' }, mock.viewerToken);
    expect(viewer.status).toBe(403);
    expect(mock.state.environments.map((e) => e.name)).toEqual(['production', 'staging']);
  });
});

describe('deleting an environment', () => {
  it('removes it with its services of every kind, their variables and its deployments', async () => {
    const { body: copy } = await clone('production', { name: 'pr-1' });
    const services = servicesIn(copy.id).map((s) => s.id);
    const web = serviceId('application', 'web', 'pr-1');
    await call('POST', '/variable', {
      body: { key: 'K', value: 'v', is_secret: false, variable_scope: 'APPLICATION', variable_parent_id: web },
    });
    await call('POST', `/environment/${copy.id}/deploy`);
    const before = mock.state.variables.length;
    expect((await get(`/project/${projectId()}`)).associated_environments_count).toBe(3);

    const { status, body } = await call('DELETE', `/environment/${copy.id}`);
    expect([status, body]).toEqual([204, undefined]);
    expect((await call('GET', `/environment/${copy.id}`)).status).toBe(404);
    expect(servicesOf(copy.id)).toEqual([]);
    expect((await call('GET', `/application/${web}`)).status).toBe(404);
    expect(mock.state.variables.filter((v) => v.parentId === copy.id || services.includes(v.parentId))).toEqual([]);
    expect(mock.state.variables).toHaveLength(before - 1);
    expect(mock.state.deployments.filter((d) => d.environmentId === copy.id)).toEqual([]);
    expect(mock.state.neverDeployed).toEqual([]);
    expect((await get(`/project/${projectId()}`)).associated_environments_count).toBe(2);
    // The rest is as it was; the deploy that was running lands nowhere.
    at(60_000);
    expect(servicesOf(environment('production').id)).toContain('application api');
    expect((await get(`/environment/${environment('production').id}/status`)).state).toBe('DEPLOYED');
  });

  it('refuses the Viewer (403) and an unknown environment (404)', async () => {
    const staging = environment('staging');
    expect((await call('DELETE', `/environment/${staging.id}`, { token: mock.viewerToken })).status).toBe(403);
    expect((await call('DELETE', `/environment/${UNKNOWN_ID}`)).status).toBe(404);
    expect(servicesOf(staging.id)).toEqual(['application api', 'database db']);
  });

  it("a project's deletion takes its variables, and its environments' and services'", async () => {
    await clone('staging', { name: 'pr-1' });
    expect(mock.state.variables.length).toBeGreaterThan(0);
    expect((await call('DELETE', `/project/${projectId()}`)).status).toBe(204);
    expect(mock.state.variables).toEqual([]);
  });
});

describe('links', () => {
  it("lists the public URL of each application and container of an environment, stable and Qovery's", async () => {
    const production = environment('production');
    const { results } = await get(`/environment/${production.id}/link`);
    const suffix = `${production.id.slice(0, 8)}.mock-qovery.example`;
    expect(results.map((l: Json) => l.url)).toEqual([
      `https://api-${suffix}`,
      `https://web-${suffix}`,
      `https://worker-${suffix}`,
    ]);
    expect(results[0]).toEqual({
      service_id: serviceId('application', 'api', 'production'),
      service_type: 'APPLICATION',
      url: `https://api-${suffix}`,
      internal_port: 8080,
      external_port: 443,
      is_qovery_domain: true,
      is_default: true,
    });
    expect(results[2].service_type).toBe('CONTAINER');
  });

  it("serves each service's links, and none for a helm chart without ports", async () => {
    const api = serviceId('application', 'api', 'production');
    const worker = serviceId('container', 'worker', 'production');
    const redis = serviceId('helm', 'redis', 'production');
    expect((await get(`/application/${api}/link`)).results.map((l: Json) => l.service_id)).toEqual([api]);
    expect((await get(`/container/${worker}/link`)).results.map((l: Json) => l.service_id)).toEqual([worker]);
    expect(await get(`/helm/${redis}/link`)).toEqual({ results: [] });
    expect((await call('GET', `/application/${UNKNOWN_ID}/link`)).status).toBe(404);
    expect((await get(`/application/${api}/link`, mock.viewerToken)).results).toHaveLength(1);
  });

  it('a clone, not deployed yet, has links of its own: the domain comes with the service', async () => {
    const { body: copy } = await clone('staging', { name: 'pr-1' });
    const { results } = await get(`/environment/${copy.id}/link`);
    expect(results.map((l: Json) => l.url)).toEqual([`https://api-${copy.id.slice(0, 8)}.mock-qovery.example`]);
  });
});

describe('variables', () => {
  it('a scope sees its own variables and those of the scopes above it, each saying where it is defined', async () => {
    const staging = environment('staging');
    const api = serviceId('application', 'api', 'staging');
    expect(await seen('PROJECT', projectId())).toEqual(['PROJECT VALUE LOG_LEVEL=info']);
    expect(await seen('ENVIRONMENT', staging.id)).toEqual(STAGING_SEES);
    expect(await seen('ENVIRONMENT', environment('production').id)).toEqual(['PROJECT VALUE LOG_LEVEL=info']);
    const { body: own } = await call('POST', '/variable', {
      body: {
        key: 'PORT',
        value: '8080',
        is_secret: false,
        variable_scope: 'APPLICATION',
        variable_parent_id: api,
        description: 'The port it listens on',
      },
    });
    expect(own).toMatchObject({
      key: 'PORT',
      value: '8080',
      mount_path: null,
      scope: 'APPLICATION',
      variable_type: 'VALUE',
      is_secret: false,
      service_id: api,
      service_name: 'api',
      service_type: 'APPLICATION',
      description: 'The port it listens on',
      created_at: new Date(START).toISOString(),
    });
    expect(await seen('APPLICATION', api)).toEqual([...STAGING_SEES, 'APPLICATION VALUE PORT=8080']);
    const secrets = await get(`/variable?parent_id=${api}&scope=APPLICATION&is_secret=true`);
    expect(secrets.results.map((v: Json) => v.key)).toEqual(['DATABASE_PASSWORD']);
    const plain = await get(`/variable?parent_id=${api}&scope=APPLICATION&is_secret=false`);
    expect(plain.results.map((v: Json) => v.key)).toEqual(['LOG_LEVEL', 'PORT']);
  });

  it('an override replaces the inherited variable of its key at its scope and below, not elsewhere', async () => {
    const staging = environment('staging');
    const api = serviceId('application', 'api', 'staging');
    const logLevel = variable('LOG_LEVEL');
    const { status, body } = await call('POST', `/variable/${logLevel.id}/override`, {
      body: { value: 'debug', override_scope: 'ENVIRONMENT', override_parent_id: staging.id },
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ key: 'LOG_LEVEL', value: 'debug', scope: 'ENVIRONMENT', variable_type: 'OVERRIDE' });
    expect(body.overridden_variable).toEqual({
      id: logLevel.id,
      key: 'LOG_LEVEL',
      value: 'info',
      mount_path: '',
      scope: 'PROJECT',
      variable_type: 'VALUE',
    });
    // Each scope's from the project down, in the order they were made.
    const overridden = ['ENVIRONMENT VALUE DATABASE_PASSWORD=null', 'ENVIRONMENT OVERRIDE LOG_LEVEL=debug'];
    expect(await seen('ENVIRONMENT', staging.id)).toEqual(overridden);
    expect(await seen('APPLICATION', api)).toEqual(overridden);
    // Further down still.
    await call('POST', `/variable/${logLevel.id}/override`, {
      body: { value: 'trace', override_scope: 'APPLICATION', override_parent_id: api },
    });
    expect((await seen('APPLICATION', api)).filter((v) => v.includes('LOG_LEVEL'))).toEqual([
      'APPLICATION OVERRIDE LOG_LEVEL=trace',
    ]);
    expect(await seen('ENVIRONMENT', environment('production').id)).toEqual(['PROJECT VALUE LOG_LEVEL=info']);
    expect(await seen('PROJECT', projectId())).toEqual(['PROJECT VALUE LOG_LEVEL=info']);
  });

  it('an override goes below the variable (400), once per scope (400), in its organization (404)', async () => {
    const logLevel = variable('LOG_LEVEL');
    const staging = environment('staging');
    const where = (scope: string, id: string) => ({ value: 'x', override_scope: scope, override_parent_id: id });
    const override = (body: Json) => call('POST', `/variable/${logLevel.id}/override`, { body });
    const same = await override(where('PROJECT', projectId()));
    expect(same.status).toBe(400);
    expect(same.body.detail).toBe('override_parent_id: must be below the project where LOG_LEVEL is defined');
    expect((await override(where('ENVIRONMENT', staging.id))).status).toBe(201);
    expect((await override(where('ENVIRONMENT', staging.id))).body.detail).toBe(
      'key: LOG_LEVEL already exists on this environment',
    );
    expect((await override(where('ENVIRONMENT', UNKNOWN_ID))).status).toBe(404);
    expect(
      (await call('POST', `/variable/${UNKNOWN_ID}/override`, { body: where('ENVIRONMENT', staging.id) })).status,
    ).toBe(404);
  });

  it('an alias adds another key for a variable, at or below its scope; a secret stays one', async () => {
    const staging = environment('staging');
    const api = serviceId('application', 'api', 'staging');
    const password = variable('DATABASE_PASSWORD');
    const { status, body } = await call('POST', `/variable/${password.id}/alias`, {
      body: { key: 'DB_PASS', alias_scope: 'APPLICATION', alias_parent_id: api },
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      key: 'DB_PASS',
      value: null,
      is_secret: true,
      scope: 'APPLICATION',
      variable_type: 'ALIAS',
    });
    expect(body.aliased_variable).toEqual({
      id: password.id,
      key: 'DATABASE_PASSWORD',
      value: null,
      mount_path: '',
      scope: 'ENVIRONMENT',
      variable_type: 'VALUE',
    });
    expect(await seen('APPLICATION', api)).toEqual([...STAGING_SEES, 'APPLICATION ALIAS DB_PASS=null']);
    // A plain variable's alias shows its value; at its own scope too.
    const { body: level } = await call('POST', `/variable/${variable('LOG_LEVEL').id}/alias`, {
      body: { key: 'VERBOSITY', alias_scope: 'PROJECT', alias_parent_id: projectId() },
    });
    expect(level).toMatchObject({ key: 'VERBOSITY', value: 'info', is_secret: false });
    const above = await call('POST', `/variable/${password.id}/alias`, {
      body: { key: 'X', alias_scope: 'PROJECT', alias_parent_id: projectId() },
    });
    expect(above.status).toBe(400);
    const ofAlias = await call('POST', `/variable/${body.id}/alias`, {
      body: { key: 'Y', alias_scope: 'ENVIRONMENT', alias_parent_id: staging.id },
    });
    expect(ofAlias.status).toBe(400);
    expect(ofAlias.body.detail).toBe('variableId: DB_PASS is an ALIAS; alias the variable it names');
  });

  it('a key defined at that very scope and parent is a 400 naming the key, never the value', async () => {
    const staging = environment('staging');
    const body = {
      key: 'DATABASE_PASSWORD',
      value: SECRET,
      is_secret: true,
      variable_scope: 'ENVIRONMENT',
      variable_parent_id: staging.id,
    };
    const duplicate = await call('POST', '/variable', { body });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.detail).toBe('key: DATABASE_PASSWORD already exists on this environment');
    expect(JSON.stringify(duplicate.body)).not.toContain(SECRET);
    // The same key elsewhere is another variable: in production, on a service of staging.
    const production = environment('production');
    expect((await call('POST', '/variable', { body: { ...body, variable_parent_id: production.id } })).status).toBe(
      201,
    );
    const api = serviceId('application', 'api', 'staging');
    const onApi = { ...body, variable_scope: 'APPLICATION', variable_parent_id: api };
    expect((await call('POST', '/variable', { body: onApi })).status).toBe(201);
    // Keys are case-sensitive, as environment variables are.
    expect((await call('POST', '/variable', { body: { ...body, key: 'database_password' } })).status).toBe(201);
  });

  it("keeps a secret's value in the state and answers it to no one, in no answer", async () => {
    const staging = environment('staging');
    const texts: string[] = [];
    const answer = async (...args: Parameters<typeof call>) => {
      const reply = await call(...args);
      texts.push(JSON.stringify(reply.body ?? null));
      return reply;
    };
    const token = {
      key: 'TOKEN',
      value: SECRET,
      is_secret: true,
      variable_scope: 'ENVIRONMENT',
      variable_parent_id: staging.id,
    };
    const { body: created } = await answer('POST', '/variable', { body: token });
    expect(created).toMatchObject({ key: 'TOKEN', value: null, is_secret: true });
    expect(variable('TOKEN')).toMatchObject({ value: SECRET, isSecret: true });
    const api = serviceId('application', 'api', 'staging');
    await answer('GET', `/variable?parent_id=${staging.id}&scope=ENVIRONMENT`);
    await answer('GET', `/variable?parent_id=${api}&scope=APPLICATION`, { token: mock.viewerToken });
    const { body: overridden } = await answer('POST', `/variable/${created.id}/override`, {
      body: { value: `${SECRET}-2`, override_scope: 'APPLICATION', override_parent_id: api },
    });
    expect(overridden).toMatchObject({ value: null, is_secret: true, overridden_variable: { value: null } });
    await answer('POST', `/variable/${created.id}/alias`, {
      body: { key: 'TOKEN_2', alias_scope: 'APPLICATION', alias_parent_id: api },
    });
    const { body: edited } = await answer('PUT', `/variable/${created.id}`, {
      body: { key: 'TOKEN', value: `${SECRET}-3` },
    });
    expect(edited.value).toBeNull();
    expect(variable('TOKEN').value).toBe(`${SECRET}-3`);
    await answer('POST', '/variable', { body: token });
    await answer('PUT', `/variable/${created.id}`, { body: { key: 'TOKEN', value: SECRET }, token: mock.viewerToken });
    await answer('GET', `/variable?parent_id=${api}&scope=APPLICATION`);
    expect(texts.join('\n')).not.toContain(SECRET);
    expect(texts).toHaveLength(9);
  });

  it('edits a key, a value and a description; the clock says when', async () => {
    const logLevel = variable('LOG_LEVEL');
    at(5_000);
    const { status, body } = await call('PUT', `/variable/${logLevel.id}`, {
      body: { key: 'LOG_LEVEL', value: 'warn', description: 'How much to log' },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      value: 'warn',
      description: 'How much to log',
      updated_at: new Date(START + 5_000).toISOString(),
    });
    expect((await call('PUT', `/variable/${logLevel.id}`, { body: { key: 'LEVEL' } })).body.key).toBe('LEVEL');
    expect(variable('LEVEL').value).toBe('warn');
    const { body: override } = await call('POST', `/variable/${logLevel.id}/override`, {
      body: { value: 'x', override_scope: 'ENVIRONMENT', override_parent_id: environment('staging').id },
    });
    const renamed = await call('PUT', `/variable/${override.id}`, { body: { key: 'OTHER' } });
    expect(renamed.status).toBe(400);
    expect((await call('PUT', `/variable/${UNKNOWN_ID}`, { body: { key: 'K' } })).status).toBe(404);
  });

  it('deleting a variable takes its aliases and overrides with it', async () => {
    const logLevel = variable('LOG_LEVEL');
    const staging = environment('staging');
    await call('POST', `/variable/${logLevel.id}/override`, {
      body: { value: 'debug', override_scope: 'ENVIRONMENT', override_parent_id: staging.id },
    });
    await call('POST', `/variable/${logLevel.id}/alias`, {
      body: { key: 'VERBOSITY', alias_scope: 'ENVIRONMENT', alias_parent_id: staging.id },
    });
    expect(mock.state.variables).toHaveLength(4);
    const { status, body } = await call('DELETE', `/variable/${logLevel.id}`);
    expect([status, body]).toEqual([204, undefined]);
    expect(await seen('ENVIRONMENT', staging.id)).toEqual(['ENVIRONMENT VALUE DATABASE_PASSWORD=null']);
    expect((await call('DELETE', `/variable/${logLevel.id}`)).status).toBe(404);
  });

  it('reads take project:read, writes deploy: the Viewer lists but cannot write', async () => {
    const staging = environment('staging');
    const viewer = { token: mock.viewerToken };
    expect(await seen('ENVIRONMENT', staging.id, mock.viewerToken)).toEqual(STAGING_SEES);
    const id = variable('LOG_LEVEL').id;
    const create = {
      key: 'K',
      value: 'v',
      is_secret: false,
      variable_scope: 'ENVIRONMENT',
      variable_parent_id: staging.id,
    };
    const writes = [
      await call('POST', '/variable', { body: create, ...viewer }),
      await call('PUT', `/variable/${id}`, { body: { key: 'LOG_LEVEL', value: 'x' }, ...viewer }),
      await call('DELETE', `/variable/${id}`, viewer),
      await call('POST', `/variable/${id}/alias`, {
        body: { key: 'A', alias_scope: 'ENVIRONMENT', alias_parent_id: staging.id },
        ...viewer,
      }),
      await call('POST', `/variable/${id}/override`, {
        body: { value: 'x', override_scope: 'ENVIRONMENT', override_parent_id: staging.id },
        ...viewer,
      }),
    ];
    expect(writes.map((w) => w.status)).toEqual([403, 403, 403, 403, 403]);
    expect(mock.state.variables).toHaveLength(2);
  });

  it('a parent the API does not have is a 404', async () => {
    for (const query of [
      `parent_id=${UNKNOWN_ID}&scope=ENVIRONMENT`,
      `parent_id=${environment('staging').id}&scope=PROJECT`,
      `parent_id=${UNKNOWN_ID}&scope=TERRAFORM`,
      `parent_id=${projectId()}&scope=BUILT_IN`,
      'scope=PROJECT',
    ]) {
      expect((await call('GET', `/variable?${query}`)).status, query).toBe(404);
    }
  });
});

describe('pointing a service at a pull request', () => {
  /** The body of editContainer for "worker" at another tag, with what the contract requires. */
  const workerAt = async (id: string, tag: string) => {
    const { registry_id } = await get(`/container/${id}`);
    return { name: 'worker', registry_id, image_name: 'acme/worker', tag, healthchecks: {} };
  };

  it("sets an application's branch and what else the body gives; updated_at moves to the clock", async () => {
    const id = serviceId('application', 'api', 'staging');
    const before = await get(`/application/${id}`);
    at(7_000);
    const { status, body } = await call('PUT', `/application/${id}`, {
      body: {
        name: 'api',
        healthchecks: before.healthchecks,
        cpu: 1000,
        git_repository: { url: before.git_repository.url, provider: 'GITHUB', branch: 'feature/x' },
      },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      cpu: 1000,
      memory: before.memory,
      ports: before.ports,
      git_repository: { ...before.git_repository, branch: 'feature/x' },
      updated_at: new Date(START + 7_000).toISOString(),
    });
    expect(await get(`/application/${id}`)).toEqual(body);
    // The branch is built on the next deploy: the deployed commit is the one it was.
    expect(body.git_repository.deployed_commit_id).toBe(before.git_repository.deployed_commit_id);
  });

  it('a new repository url names its owner and name', async () => {
    const id = serviceId('application', 'api', 'staging');
    const { body } = await call('PUT', `/application/${id}`, {
      body: { healthchecks: {}, git_repository: { url: 'https://gitlab.com/globex/portal.git', provider: 'GITLAB' } },
    });
    expect(body.git_repository).toMatchObject({ owner: 'globex', name: 'portal', provider: 'GITLAB', branch: 'main' });
  });

  it("sets a container's tag, and a redeploy runs it", async () => {
    const id = serviceId('container', 'worker', 'production');
    const body = { ...(await workerAt(id, 'pr-9')), ports: [{ internal_port: 9000, publicly_accessible: false }] };
    at(3_000);
    const { status, body: updated } = await call('PUT', `/container/${id}`, { body });
    expect(status).toBe(200);
    expect(updated).toMatchObject({
      tag: 'pr-9',
      image_name: 'acme/worker',
      updated_at: new Date(START + 3_000).toISOString(),
    });
    // What the port was not given is null in the answer, as the real API sends it.
    expect(updated.ports).toEqual([
      {
        id: expect.any(String),
        internal_port: 9000,
        publicly_accessible: false,
        protocol: 'HTTP',
        name: null,
        external_port: null,
        is_default: null,
        public_path: null,
        public_path_rewrite: null,
      },
    ]);
    // No public port now: no link.
    expect((await get(`/container/${id}/link`)).results).toEqual([]);
    expect((await call('POST', `/container/${id}/redeploy`)).status).toBe(202);
    expect(mock.state.deployments.at(-1)?.services).toEqual([{ id, kind: 'container', imageTag: 'pr-9' }]);
  });

  it('refuses a name another service of the environment has (409), a foreign registry (400), the Viewer (403)', async () => {
    const id = serviceId('container', 'worker', 'production');
    const worker = await get(`/container/${id}`);
    const body = await workerAt(id, 'x');
    expect((await call('PUT', `/container/${id}`, { body: { ...body, name: 'API' } })).status).toBe(409);
    const foreign = await call('PUT', `/container/${id}`, { body: { ...body, registry_id: UNKNOWN_ID, cpu: 1 } });
    expect(foreign.status).toBe(400);
    expect((await call('PUT', `/container/${id}`, { body, token: mock.viewerToken })).status).toBe(403);
    expect(await get(`/container/${id}`)).toEqual(worker);
    const api = serviceId('application', 'api', 'production');
    const renamed = await call('PUT', `/application/${api}`, { body: { name: 'redis', healthchecks: {} } });
    expect(renamed.status).toBe(409);
    // Its own name, or one only another environment has, is fine.
    expect((await call('PUT', `/application/${api}`, { body: { name: 'API', healthchecks: {} } })).status).toBe(200);
  });
});

describe('the seed', () => {
  it('adds variables to a scene without changing any other id', () => {
    const { variables: _variables, ...withoutVariables } = DEPLOY_SCENE;
    const plain = createQoveryMock(withoutVariables).state;
    const seeded = createQoveryMock(DEPLOY_SCENE).state;
    const ids = (state: typeof plain) =>
      [state.projects, state.environments, state.applications, state.containers, state.deployments]
        .flat()
        .map((r) => r.id);
    expect(ids(seeded)).toEqual(ids(plain));
    expect(plain.variables).toEqual([]);
    expect(seeded.variables.map((v) => `${v.scope} ${v.key} ${v.isSecret}`)).toEqual([
      'PROJECT LOG_LEVEL false',
      'ENVIRONMENT DATABASE_PASSWORD true',
    ]);
  });

  it('puts variables on services by name, and says which one it cannot find', () => {
    const options = {
      ...DEPLOY_SCENE,
      variables: [
        { key: 'PORT', value: '80', scope: 'container' as const, environment: 'production', service: 'worker' },
      ],
    };
    const [port] = createQoveryMock(options).state.variables;
    expect(port).toMatchObject({ key: 'PORT', scope: 'CONTAINER', type: 'VALUE' });
    const missing = { ...DEPLOY_SCENE, variables: [{ key: 'X', value: '1', scope: 'job' as const, service: 'nope' }] };
    expect(() => createQoveryMock(missing)).toThrow('qovery mock seed: no job "nope" for variable "X"');
  });
});
