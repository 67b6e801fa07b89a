// Calls by operationId against Prism in mock mode, which validates every request against
// openapi.yaml (path, method, parameters, body, security) and answers 422 to one that breaks it.
// Forty operations, picked across every tag by a seeded random draw, each called once with a
// request built from its schemas (required fields only) and once with a 4xx forced through Prism's
// `Prefer: code=` header, which must come back as the matching typed error.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  NotFoundError,
  PermissionDeniedError,
  Qovery,
  RateLimitError,
} from '../src/index.js';
import { OPERATIONS, type OperationId, operations } from '../src/operations.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const contract = parse(readFileSync(`${ROOT}/openapi.yaml`, 'utf8'), { maxAliasCount: -1 }) as Obj;
const TOKEN = 'qov_FAKE_TEST_TOKEN_DO_NOT_USE_1234567890';
const UUID = '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a00';
const PICKS = 40;
const SEED = 20261128;

function deref(node: unknown): Obj {
  let current = node;
  for (let i = 0; isObj(current) && typeof current.$ref === 'string' && i < 20; i++) {
    let target: unknown = contract;
    for (const key of current.$ref.slice(2).split('/')) target = (target as Obj)[key.replace(/~1/g, '/')];
    current = target;
  }
  return isObj(current) ? current : {};
}

/** A value the schema accepts: required fields only, the first enum value, formats honoured. */
function sample(node: unknown, depth = 0): unknown {
  const schema = deref(node);
  if (depth > 12) return null;
  if (Array.isArray(schema.enum)) return schema.enum.find((v) => v !== null) ?? null;
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...schema.allOf.map((part) => sample(part, depth + 1) as Obj));
  }
  const variants = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (Array.isArray(variants) && variants.length > 0) return sample(variants[0], depth + 1);
  const type = schema.type ?? (isObj(schema.properties) ? 'object' : undefined);
  if (type === 'object' || isObj(schema.properties)) {
    const out: Obj = {};
    const properties = isObj(schema.properties) ? schema.properties : {};
    for (const name of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
      out[name] = sample(properties[name] ?? {}, depth + 1);
    }
    return out;
  }
  if (type === 'array') {
    const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
    return Array.from({ length: min }, () => sample(schema.items, depth + 1));
  }
  if (type === 'integer' || type === 'number') {
    return typeof schema.minimum === 'number'
      ? schema.minimum
      : typeof schema.default === 'number'
        ? schema.default
        : 1;
  }
  if (type === 'boolean') return false;
  if (type === 'string') {
    const format = schema.format;
    if (format === 'uuid') return UUID;
    if (format === 'date-time') return '2026-11-28T00:00:00Z';
    if (format === 'date') return '2026-11-28';
    if (format === 'uri') return 'https://example.com/x';
    if (format === 'email') return 'ops@example.com';
    const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
    return 'x'.repeat(Math.max(min, 1));
  }
  return null;
}

interface Picked {
  id: OperationId;
  method: string;
  path: string;
  tag: string;
  init: { params: { path: Obj; query: Obj }; body?: unknown };
  errors: number[];
}

function describeOperation(id: OperationId): Picked {
  const [method, path] = OPERATIONS[id];
  const item = deref((contract.paths as Obj)[path]);
  const op = deref(item[method]);
  const params: { path: Obj; query: Obj } = { path: {}, query: {} };
  for (const raw of [...((item.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])]) {
    const parameter = deref(raw);
    if (parameter.in === 'path' || (parameter.in === 'query' && parameter.required === true)) {
      params[parameter.in as 'path' | 'query'][String(parameter.name)] = sample(parameter.schema);
    }
  }
  const requestBody = deref(op.requestBody);
  const bodySchema = deref(deref(requestBody.content)['application/json']).schema;
  const init: Picked['init'] = { params };
  if (bodySchema !== undefined) init.body = sample(bodySchema);
  const errors = Object.keys(deref(op.responses))
    .map(Number)
    .filter((status) => status >= 400 && status < 500 && status !== 422);
  const tag = String((op.tags as string[] | undefined)?.[0] ?? '(untagged)');
  return { id, method, path, tag, init, errors };
}

/** Seeded pick: tags in a shuffled order, one operation from each in turn, until there are enough. */
function pick(count: number, seed: number): Picked[] {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const byTag = new Map<string, Picked[]>();
  for (const id of Object.keys(OPERATIONS) as OperationId[]) {
    const op = describeOperation(id);
    byTag.set(op.tag, [...(byTag.get(op.tag) ?? []), op]);
  }
  const tags = [...byTag.keys()].sort().sort(() => random() - 0.5);
  const picked: Picked[] = [];
  while (picked.length < count) {
    for (const tag of tags) {
      const pool = byTag.get(tag) ?? [];
      if (pool.length === 0 || picked.length >= count) continue;
      picked.push(...pool.splice(Math.floor(random() * pool.length), 1));
    }
  }
  return picked;
}

/**
 * Prism checks its own made-up answers too, and some fail (it leaves out required fields of deep
 * oneOf schemas): a 500 whose violations are all in the response means the request was accepted.
 */
function violatesOnlyInResponse(error: unknown): boolean {
  if (!(error instanceof APIError) || error.status !== 500 || !isObj(error.body)) return false;
  const violations = error.body.validation;
  return (
    Array.isArray(violations) &&
    violations.length > 0 &&
    violations.every((v) => isObj(v) && Array.isArray(v.location) && v.location[0] === 'response')
  );
}

const EXPECTED: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  429: RateLimitError,
};

let prism: ChildProcess;
let baseUrl: string;
const seen: { authorization: string | null; path: string }[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

beforeAll(async () => {
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  prism = spawn(
    process.execPath,
    [
      `${ROOT}/node_modules/@stoplight/prism-cli/dist/index.js`,
      'mock',
      `${ROOT}/openapi.yaml`,
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
      '--errors',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Prism did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Prism is listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    prism.stdout?.on('data', onData);
    prism.stderr?.on('data', onData);
    prism.on('exit', (code) => reject(new Error(`Prism exited with ${code}:\n${output}`)));
  });
}, 90_000);
afterAll(() => {
  prism?.kill();
});

function client(): Qovery {
  return new Qovery({
    apiToken: TOKEN,
    baseUrl,
    maxRetries: 0,
    fetch: (request) => {
      seen.push({ authorization: request.headers.get('authorization'), path: new URL(request.url).pathname });
      return fetch(request);
    },
  });
}

const picked = pick(PICKS, SEED);

describe(`${PICKS} operations picked across tags (seed ${SEED}), against Prism validating requests`, () => {
  it('covers many tags', () => {
    expect(new Set(picked.map((p) => p.tag)).size).toBeGreaterThanOrEqual(30);
  });

  it.each(picked.map((p) => [p.id, p] as const))('%s: the request is valid and the 4xx typed', async (_, op) => {
    const api = operations(client()) as unknown as Record<
      string,
      (init: unknown, options?: unknown) => Promise<unknown>
    >;
    const call = api[op.id];
    if (!call) throw new Error(`no method ${op.id}`);
    const before = seen.length;
    const result = await call(op.init).then(
      () => 'accepted',
      (error: unknown) => (violatesOnlyInResponse(error) ? 'accepted' : error),
    );
    // Prism answers 422 (an APIError) with the violations when a request breaks the contract.
    expect(
      result,
      `${op.method.toUpperCase()} ${op.path}: ${result instanceof APIError ? JSON.stringify(result.body) : ''}`,
    ).toBe('accepted');
    expect(seen.slice(before).map((s) => s.authorization)).toEqual([`Token ${TOKEN}`]);

    const status = op.errors.find((s) => s in EXPECTED);
    if (status === undefined) return;
    const failure = await call(op.init, { headers: { Prefer: `code=${status}` } }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(EXPECTED[status]);
    expect((failure as APIError).status).toBe(status);
  });
});

describe('organization.update() against Prism validating requests', () => {
  const ORG = '0b1c5e9a-4f2d-4c1e-9a7b-2f6d8e3c1a01';

  it('sends the body the contract requires, plan included, when the caller gives only a description', async () => {
    const before = seen.length;
    await expect(client().organization.update({ organizationId: ORG, description: 'Rockets' })).resolves.toBeDefined();
    expect(seen.slice(before).map((s) => s.path)).toEqual([`/organization/${ORG}`, `/organization/${ORG}`]);
  });

  it('is needed: the same PUT without the plan is refused by the contract, with it accepted', async () => {
    const put = (body: Record<string, string>) =>
      client()
        .request('put', '/organization/{organizationId}', {
          params: { path: { organizationId: ORG } },
          body: body as never,
        })
        .then(
          () => 'accepted',
          (e: unknown) => e,
        );
    // Prism answers a request that breaks the contract with the operation's declared 400.
    expect(await put({ name: 'Acme' })).toBeInstanceOf(BadRequestError);
    expect(await put({ name: 'Acme', plan: 'TEAM' })).toBe('accepted');
  });
});
