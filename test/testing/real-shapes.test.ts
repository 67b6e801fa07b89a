// The embedded API answers as the real Qovery API does, not as its spec draws it (API-FACTS.md,
// "Where the real API departs from its spec"): null for every optional field without a value,
// execution ids `<environment id>-<counter>`, and fields the spec does not declare.
import { beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createQoveryMock, type QoveryMock } from '../../src/testing/index.js';
import { withNulls } from '../../src/testing/real-shapes.js';
import { COMMIT, httpScene, type Json } from './http-scene.js';

const { at, call, get, environment, serviceId, ...http } = httpScene();
let mock: QoveryMock;

beforeEach(() => {
  mock = http.start();
});

describe('null for every optional field without a value', () => {
  it("fills the answer's optional fields the record lacks, and leaves the record as it is", async () => {
    const project = mock.state.projects[0];
    if (!project) throw new Error('the scene has no project');
    delete project.description;
    const answered = await get(`/project/${project.id}`);
    expect(answered).toMatchObject({ id: project.id, name: project.name, description: null, updated_at: null });
    expect(project).not.toHaveProperty('description');
    expect(project).not.toHaveProperty('updated_at');
  });

  it("follows the contract's schema, not a list of fields: any optional field taken out comes back null", async () => {
    const api = mock.state.applications.find((a) => a.id === serviceId('application', 'api'));
    if (!api) throw new Error('no application api');
    delete api.dockerfile_path;
    delete api.git_repository?.deployed_commit_tag;
    const answered = await get(`/application/${api.id}`);
    expect(answered.dockerfile_path).toBeNull();
    expect(answered.git_repository.deployed_commit_tag).toBeNull();
    // At every depth: a port's optional fields, a healthcheck's probes.
    expect(answered.ports[0]).toMatchObject({ public_path: null, public_path_rewrite: null });
    expect(answered.healthchecks).toEqual({ readiness_probe: null, liveness_probe: null });
  });

  it('keeps what the mock sends, a null already there included, and never adds a required field', async () => {
    const db = serviceId('database', 'db');
    const status = await get(`/database/${db}/status`);
    // Seeded without history: no request to point at.
    expect(status.deployment_request_id).toBeNull();
    expect(status.deployment_requests_count).toBe(0);
    const database = mock.state.databases.find((d) => d.id === db);
    if (!database) throw new Error('no database db');
    delete (database as Partial<typeof database>).name;
    expect(await get(`/database/${db}`)).not.toHaveProperty('name');
  });

  it('takes the variant of a oneOf the value is: a cron job gets no lifecycle fields', async () => {
    const cron = createQoveryMock({
      projects: [{ name: 'p' }],
      environments: [{ name: 'e', project: 'p' }],
      jobs: [
        { name: 'nightly', environment: 'e', schedule: 'cron' },
        { name: 'migrate', environment: 'e' },
      ],
    });
    const environmentId = cron.state.environments[0]?.id;
    const response = await cron.fetch(`https://api.qovery.com/environment/${environmentId}/job`, {
      headers: { authorization: `Token ${cron.adminToken}` },
    });
    const { results } = (await response.json()) as { results: Json[] };
    const nightly = results.find((j) => j.name === 'nightly');
    expect(Object.keys(nightly.schedule)).toEqual(['cronjob']);
    expect(nightly.schedule.cronjob.entrypoint).toBeNull();
    const migrate = results.find((j) => j.name === 'migrate');
    expect(migrate.schedule).toMatchObject({ on_start: { entrypoint: null }, on_stop: null, on_delete: null });
  });

  it('fills answers, not what a PUT stores: a port sent without a name has none in the state', async () => {
    const id = serviceId('container', 'worker');
    const container = mock.state.containers.find((c) => c.id === id);
    if (!container) throw new Error('no container worker');
    const body = {
      name: container.name,
      registry_id: container.registry.id,
      image_name: container.image_name,
      tag: 'pr-1',
      healthchecks: {},
      ports: [{ internal_port: 9000, publicly_accessible: false }],
    };
    const { status, body: answered } = await call('PUT', `/container/${id}`, { body });
    expect(status).toBe(200);
    expect(answered.ports[0]).toMatchObject({ internal_port: 9000, name: null, external_port: null });
    expect(container.ports?.[0]).not.toHaveProperty('name');
    expect(container.ports?.[0]).not.toHaveProperty('external_port');
  });

  it('on any schema: optional fields only, at every depth, through arrays, maps and unions', () => {
    const schema = z.object({
      id: z.string(),
      note: z.optional(z.nullable(z.string())),
      count: z._default(z.int(), 0), // required, with a default: never invented
      size: z._default(z.optional(z.nullable(z.int())), 1), // optional, with a default
      items: z.array(z.object({ a: z.string(), b: z.optional(z.string()) })),
      byName: z.record(z.string(), z.object({ c: z.optional(z.nullable(z.boolean())) })),
      either: z.union([z.array(z.string()), z.object({ d: z.optional(z.string()) })]),
      maybe: z.optional(z.nullable(z.object({ e: z.optional(z.string()) }))),
    });
    const value = { id: 'x', items: [{ a: 'y' }], byName: { k: {} }, either: ['s'], extra: 1 };
    expect(withNulls(schema, value)).toEqual({
      id: 'x',
      note: null,
      size: null,
      items: [{ a: 'y', b: null }],
      byName: { k: { c: null } },
      either: ['s'],
      maybe: null,
      extra: 1,
    });
    expect(withNulls(schema, { ...value, either: { other: 2 } })).toMatchObject({ either: { other: 2, d: null } });
    expect(withNulls(schema, { ...value, either: 'neither' })).toMatchObject({ either: 'neither' });
    expect(value).toEqual({ id: 'x', items: [{ a: 'y' }], byName: { k: {} }, either: ['s'], extra: 1 });
  });

  it('leaves error bodies as they are', async () => {
    const { status, body } = await call('GET', '/project/00000000-0000-4000-8000-000000000000');
    expect(status).toBe(404);
    expect(Object.values(body)).not.toContain(null);
  });
});

describe('execution ids', () => {
  const EXECUTION_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-(\d+)$/;

  it('are `<environment id>-<counter>`, the same in statuses and in both histories', async () => {
    const production = environment('production');
    const api = serviceId('application', 'api');
    const { body: deployed } = await call('POST', `/application/${api}/deploy`, { body: { git_commit_id: COMMIT } });
    const executionId: string = deployed.execution_id;
    const [, environmentId, counter] = EXECUTION_ID.exec(executionId) ?? [];
    expect(environmentId).toBe(production.id);
    // The scene's production has seeded deployments before this one.
    expect(Number(counter)).toBe(mock.state.deployments.filter((d) => d.environmentId === production.id).length);
    expect((await get(`/application/${api}/status`)).execution_id).toBe(executionId);
    expect((await get(`/environment/${production.id}/status`)).last_deployment_id).toBe(executionId);
    const statuses = await get(`/environment/${production.id}/statuses`);
    expect(statuses.environment.last_deployment_id).toBe(executionId);
    const [service] = (await get(`/application/${api}/deploymentHistoryV2`)).results;
    expect(service.identifier.execution_id).toBe(executionId);
    const [entry] = (await get(`/environment/${production.id}/deploymentHistoryV2`)).results;
    expect(entry.identifier.execution_id).toBe(executionId);
  });

  it('count the requests of each environment on its own, one up at each request', async () => {
    const counterOf = (id: string) => Number(EXECUTION_ID.exec(id)?.[2]);
    const production = environment('production');
    const staging = environment('staging');
    const last = async (environmentId: string) =>
      (await get(`/environment/${environmentId}/status`)).last_deployment_id as string | null;
    const before = { production: await last(production.id), staging: await last(staging.id) };
    const first = await call('POST', `/environment/${production.id}/deploy`);
    expect(first.status).toBe(202);
    at(60_000);
    const second = await call('POST', `/environment/${production.id}/deploy`);
    expect(second.status).toBe(202);
    const now = await last(production.id);
    expect(now).toMatch(EXECUTION_ID);
    expect(counterOf(now ?? '')).toBe(counterOf(before.production ?? `${production.id}-0`) + 2);
    expect(await last(staging.id)).toBe(before.staging);
    await call('POST', `/environment/${staging.id}/deploy`);
    const stagingNow = await last(staging.id);
    expect(stagingNow?.startsWith(`${staging.id}-`)).toBe(true);
    expect(counterOf(stagingNow ?? '')).toBe(counterOf(before.staging ?? `${staging.id}-0`) + 1);
  });
});

describe('fields the spec does not declare', () => {
  it("a variable's kind: Secret for a secret, Public otherwise", async () => {
    const production = environment('production');
    for (const [key, secret] of [
      ['PLAIN', false],
      ['HIDDEN', true],
    ] as const) {
      const { status } = await call('POST', '/variable', {
        body: {
          key,
          value: 'v',
          is_secret: secret,
          variable_scope: 'ENVIRONMENT',
          variable_parent_id: production.id,
        },
      });
      expect(status).toBe(201);
    }
    const { results } = await get(`/variable?parent_id=${production.id}&scope=ENVIRONMENT`);
    const kindOf = (key: string) => results.find((v: Json) => v.key === key)?.variable_kind;
    expect([kindOf('PLAIN'), kindOf('HIDDEN')]).toEqual(['Public', 'Secret']);
  });

  it("an application's buildpack language: null, it builds from a Dockerfile", async () => {
    const api = serviceId('application', 'api');
    const answered = await get(`/application/${api}`);
    expect(answered.build_mode).toBe('DOCKER');
    expect(answered).toHaveProperty('buildpack_language', null);
    const { results } = await get(`/environment/${environment('production').id}/application`);
    for (const application of results) expect(application).toHaveProperty('buildpack_language', null);
    expect(mock.state.applications[0]).not.toHaveProperty('buildpack_language');
  });
});
