// `npm run test:live` (scripts/live.ts) without a token, and against the embedded API over HTTP in
// its own process; and its checker, scripts/spec-deviations.ts, on small hand-written schemas and
// on the contract with answers shaped as the real API sends them.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Deviation, specDeviations, successSchema } from '../scripts/spec-deviations.js';
import { createQoveryMock, DEPLOY_SCENE, type QoveryMockServer, startQoveryMockServer } from '../src/testing/index.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs scripts/live.ts with exactly these Qovery variables (none inherited from whoever runs the tests). */
function live(env: Record<string, string>): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('QOVERY_')));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/live.ts'],
      { env: { ...base, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('npm run test:live', () => {
  let server: QoveryMockServer;
  const methods: string[] = [];

  beforeAll(async () => {
    const mock = createQoveryMock({ ...DEPLOY_SCENE, rateLimit: false });
    // Every request the server answers goes through here: the script must send nothing but GET.
    const handle = mock.handle;
    mock.handle = (request) => {
      methods.push(request.method);
      return handle(request);
    };
    server = await startQoveryMockServer({ mock });
  });
  beforeEach(() => {
    server.mock.reset();
    methods.length = 0;
  });
  afterAll(() => server.close());

  // These two do not depend on the mock's state: run side by side to keep the file fast. The tests
  // that start the script wait as long as its process may run (30 s): starting tsx on a busy
  // machine can take longer than vitest's default 5 s.
  it.concurrent('without QOVERY_API_TOKEN says that nothing was checked and exits 0', async () => {
    const { code, stdout } = await live({});
    expect(code).toBe(0);
    expect(stdout.trim()).toBe('test:live: no QOVERY_API_TOKEN is set, so nothing was checked against the real API.');
  }, 30_000);

  it.concurrent('exits 1 when a call fails, naming the error class, and skips what depended on it', async () => {
    const token = 'qov_not_a_token_of_this_api_0000000000000000';
    const { code, stdout } = await live({ QOVERY_API_URL: server.url, QOVERY_API_TOKEN: token });
    expect(code).toBe(1);
    expect(stdout).toContain('organization.list: FAILED: AuthenticationError: 401');
    expect(stdout).toMatch(/skipped, organization\.list failed/);
    expect(stdout).toMatch(/0 operations checked .*, 1 failed/);
    expect(stdout).not.toContain(token);
  }, 30_000);

  it('reads every namespace of the embedded API with GETs only, and never prints the token', async () => {
    const token = server.mock.adminToken;
    const { code, stdout, stderr } = await live({ QOVERY_API_URL: server.url, QOVERY_API_TOKEN: token });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const operation of [
      'listOrganization',
      'getOrganization',
      'listOrganizationAvailableRoles',
      'listOrganizationApiTokens',
      'listProject',
      'getProject',
      'getEnvironmentStatuses',
      'listEnvironmentServicesLinks',
      'getApplication',
      'listContainerLinks',
      'getJobStatus',
      'getDatabase',
      'listHelmLinks',
      'listServicesByOrganizationId',
      'listVariables',
      'listEnvironmentDeploymentHistoryV2',
      'listApplicationDeploymentHistory',
    ]) {
      expect(stdout).toContain(`${operation} (`);
    }
    // The embedded API answers as the real API does: its deviations are the real API's habits only,
    // a null in an optional field without a value, and the two fields it adds that the spec lacks.
    expect(stdout).toMatch(
      /test:live summary: 35 operations checked \(35 answers\), \d+ deviations \(\d+ null-in-optional, \d+ undeclared-field\), 0 calls skipped, 0 failed/,
    );
    const undeclared = [...stdout.matchAll(/^ {2}undeclared-field ×\d+: (.*)$/gm)].flatMap((m) => m[1]?.split(', '));
    expect(new Set(undeclared)).toEqual(
      new Set(['$.results[].buildpack_language', '$.buildpack_language', '$.results[].variable_kind']),
    );
    expect(stdout).not.toContain(token);
    expect(stdout).not.toMatch(/authorization/i);
    expect(methods.length).toBeGreaterThanOrEqual(35);
    expect(new Set(methods)).toEqual(new Set(['GET']));
  }, 30_000);

  it('reports what departs from the contract by kind and path, never with the value', async () => {
    const { state } = server.mock;
    const project = state.projects[0] as unknown as Record<string, unknown>;
    project.description = null; // optional, not nullable
    project.billing_note = 'value-that-must-not-be-printed'; // not in the contract
    const environment = state.environments[0] as unknown as Record<string, unknown>;
    environment.mode = 'MODE-THAT-MUST-NOT-BE-PRINTED'; // outside the enum

    const { code, stdout } = await live({ QOVERY_API_URL: server.url, QOVERY_API_TOKEN: server.mock.adminToken });
    expect(code).toBe(0); // deviations are information
    // Beside the nulls the embedded API sends for fields without a value (updated_at), as the real API does.
    expect(stdout).toMatch(
      /listProject .*: 3 deviations\n {2}null-in-optional ×2: \$\.results\[\]\.updated_at, \$\.results\[\]\.description\n/,
    );
    expect(stdout).toMatch(/ {2}undeclared-field ×1: \$\.results\[\]\.billing_note/);
    expect(stdout).toMatch(/getEnvironment .*\n {2}not-in-enum ×1: \$\.mode/);
    expect(stdout).not.toContain('must-not-be-printed');
    expect(stdout).not.toContain('MUST-NOT-BE-PRINTED');
    expect(stdout).toMatch(/test:live summary: 35 operations checked .*\d+ not-in-enum.*\d+ null-in-optional/);
  }, 30_000);
});

describe('spec-deviations', () => {
  const doc = {
    components: {
      schemas: {
        Base: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', format: 'uuid' }, created_at: { type: 'string', format: 'date-time' } },
        },
        Color: { type: 'string', enum: ['RED', 'GREEN'] },
        Thing: {
          allOf: [
            { $ref: '#/components/schemas/Base' },
            {
              type: 'object',
              required: ['name', 'color'],
              properties: {
                name: { type: 'string' },
                color: { $ref: '#/components/schemas/Color' },
                note: { type: 'string' },
                maybe: { type: 'string', nullable: true },
                count: { type: 'integer' },
                tags: { type: 'array', items: { type: 'string' } },
              },
            },
          ],
        },
        List: {
          type: 'object',
          properties: { results: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } },
        },
      },
    },
  };
  const thing = { $ref: '#/components/schemas/Thing' };
  const good = { id: '0b6e3f3e-63a4-4cd0-9b6c-8d1b0b6c1e11', name: 'a', color: 'RED', maybe: null };
  const kinds = (found: Deviation[]) => found.map((d) => [d.path, d.kind]);

  it('finds nothing in an answer that keeps to the schema', () => {
    expect(specDeviations(doc, thing, good)).toEqual([]);
    expect(specDeviations(doc, thing, { ...good, created_at: '2024-01-02T03:04:05.123456Z', tags: ['x'] })).toEqual([]);
  });

  it('tells null in an optional field from null in a required one', () => {
    expect(kinds(specDeviations(doc, thing, { ...good, note: null }))).toEqual([['$.note', 'null-in-optional']]);
    expect(kinds(specDeviations(doc, thing, { ...good, name: null }))).toEqual([['$.name', 'null-in-required']]);
  });

  it('finds a missing required field, through allOf and $ref', () => {
    const { id: _, ...withoutId } = good;
    expect(kinds(specDeviations(doc, thing, withoutId))).toEqual([['$.id', 'missing-required']]);
  });

  it('finds a field the schema does not declare, naming its type only', () => {
    const found = specDeviations(doc, thing, { ...good, password: 'hunter2-secret' });
    expect(kinds(found)).toEqual([['$.password', 'undeclared-field']]);
    expect(found[0]?.detail).toContain('string');
    expect(JSON.stringify(found)).not.toContain('hunter2');
  });

  it('finds a value outside an enum, listing the values allowed but never the one received', () => {
    const found = specDeviations(doc, thing, { ...good, color: 'SECRET-PURPLE' });
    expect(kinds(found)).toEqual([['$.color', 'not-in-enum']]);
    expect(found[0]?.detail).toContain('"RED", "GREEN"');
    expect(JSON.stringify(found)).not.toContain('SECRET-PURPLE');
  });

  it('finds bad formats and wrong types, inside arrays too', () => {
    const list = { $ref: '#/components/schemas/List' };
    const found = specDeviations(doc, list, {
      results: [good, { ...good, id: 'not-a-uuid-123', created_at: 'yesterday', count: '3', tags: [1] }],
    });
    expect(kinds(found)).toEqual([
      ['$.results[1].id', 'bad-format'],
      ['$.results[1].created_at', 'bad-format'],
      ['$.results[1].count', 'wrong-type'],
      ['$.results[1].tags[0]', 'wrong-type'],
    ]);
    const details = JSON.stringify(found);
    for (const value of ['not-a-uuid-123', 'yesterday', '"3"']) expect(details).not.toContain(value);
  });

  it('takes a oneOf when one variant fits, and reports the closest variant otherwise', () => {
    const either = {
      oneOf: [
        { type: 'object', required: ['a'], properties: { a: { type: 'string' } } },
        { type: 'object', required: ['b'], properties: { b: { type: 'integer' } } },
      ],
    };
    expect(specDeviations(doc, either, { b: 1 })).toEqual([]);
    expect(kinds(specDeviations(doc, either, { b: 1, c: true }))).toEqual([['$.c', 'undeclared-field']]);
  });

  describe('on the contract, with answers shaped as the real API sends them', () => {
    const contract = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'), {
      maxAliasCount: -1,
    }) as Record<string, unknown>;

    it('finds the 2xx JSON schema of an operation, and none for a 204', () => {
      expect(successSchema(contract, 'getProject')).toEqual({ $ref: '#/components/schemas/Project' });
      expect(successSchema(contract, 'deleteProject')).toBeUndefined();
      expect(() => successSchema(contract, 'noSuchOperation')).toThrow(/no operation noSuchOperation/);
    });

    it('a variable with null in its service fields and an undeclared kind', () => {
      const variable = {
        id: '0b6e3f3e-63a4-4cd0-9b6c-8d1b0b6c1e11',
        created_at: '2024-05-01T10:00:00.1Z',
        key: 'DATABASE_URL',
        value: 'postgres://user:password@host/db',
        scope: 'ENVIRONMENT',
        variable_type: 'VALUE',
        is_secret: false,
        service_id: null,
        overridden_variable: null,
        variable_kind: 'Public',
      };
      const found = specDeviations(contract, successSchema(contract, 'listVariables'), { results: [variable] });
      expect(kinds(found)).toEqual([
        ['$.results[0].overridden_variable', 'null-in-optional'],
        ['$.results[0].service_id', 'null-in-optional'],
        ['$.results[0].variable_kind', 'undeclared-field'],
      ]);
      expect(JSON.stringify(found)).not.toContain('password');
    });
  });
});
