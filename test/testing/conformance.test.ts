/**
 * The mock (src/testing/mock.ts) must answer exactly as our contract, openapi.yaml, says: every
 * operation is driven through `mock.fetch` with realistic requests, for its success status and for
 * every error status it declares that the mock can produce, and each response is checked for
 *   (a) a status openapi.yaml declares for that operation,
 *   (b) a body that validates against the declared schema for that status (empty for 204),
 *   (c) `content-type: application/json` whenever there is a body,
 *   (d) X-RateLimit-Limit/-Remaining/-Reset as non-negative integers on every response to an
 *       response, 401s included, plus Retry-After on 429.
 * Methods and paths come from openapi.yaml (by operationId), never from the mock, and a meta-check
 * fails when the contract gains an operation or a status that this file does not cover.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createQoveryMock, type QoveryMock, SEED } from '../../src/testing/index.js';

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const asObj = (value: unknown): Obj => (isObj(value) ? value : {});
const show = (value: unknown): string => (value === undefined ? '(none)' : JSON.stringify(value));

// ---------------------------------------------------------------------------------------------
// The contract.
// ---------------------------------------------------------------------------------------------

const spec: Obj = (() => {
  const doc: unknown = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8'), {
    maxAliasCount: -1,
  });
  if (!isObj(doc) || !isObj(doc.paths) || !isObj(doc.components)) {
    throw new Error('conformance: openapi.yaml is not an OpenAPI document with paths and components');
  }
  return doc;
})();

const BASE_URL = (() => {
  const first = Array.isArray(spec.servers) ? asObj(spec.servers[0]).url : undefined;
  return typeof first === 'string' ? first : 'https://api.qovery.com';
})();

interface Operation {
  operationId: string;
  method: string;
  path: string;
  responses: Obj;
  requestSchema: unknown;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

const operations: ReadonlyMap<string, Operation> = (() => {
  const found = new Map<string, Operation>();
  for (const [path, item] of Object.entries(asObj(spec.paths))) {
    for (const method of HTTP_METHODS) {
      const op = asObj(item)[method];
      if (!isObj(op)) continue;
      if (typeof op.operationId !== 'string') throw new Error(`conformance: ${method} ${path} has no operationId`);
      const body = asObj(deref(op.requestBody));
      found.set(op.operationId, {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        responses: asObj(op.responses),
        requestSchema: asObj(asObj(body.content)['application/json']).schema,
      });
    }
  }
  return found;
})();

function operation(operationId: string): Operation {
  const op = operations.get(operationId);
  if (!op) throw new Error(`conformance: openapi.yaml has no operation ${operationId}`);
  return op;
}

const declaredStatuses = (operationId: string): string[] => Object.keys(operation(operationId).responses);
const successStatuses = (operationId: string): string[] =>
  declaredStatuses(operationId).filter((s) => /^2\d\d$/.test(s));

// ---------------------------------------------------------------------------------------------
// Validator for the OpenAPI 3.0 subset openapi.yaml uses: local $ref, allOf, type, properties,
// required, items, nullable, enum, format uuid and date-time. Additional properties are allowed;
// readOnly and descriptions are ignored. Returns problems as `<JSON path>: <what is wrong>`.
// ---------------------------------------------------------------------------------------------

function pointer(ref: string, doc: Obj = spec): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObj(node) || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Follows `$ref`s (responses, headers, parameters, schemas) to the node they name. */
function deref(node: unknown, doc: Obj = spec): unknown {
  let current = node;
  for (let hops = 0; isObj(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 32) throw new Error(`conformance: $ref cycle through ${current.$ref}`);
    const target = pointer(current.$ref, doc);
    if (target === undefined) throw new Error(`conformance: dangling $ref ${current.$ref}`);
    current = target;
  }
  return current;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

const childPath = (path: string, key: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return isObj(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return false;
  }
}

function validate(schema: unknown, value: unknown, path = '$', doc: Obj = spec): string[] {
  if (!isObj(schema)) return [`${path}: the schema is not an object (${show(schema)})`];
  if (typeof schema.$ref === 'string') {
    const target = pointer(schema.$ref, doc);
    if (target === undefined) return [`${path}: unresolvable $ref ${schema.$ref}`];
    return validate(target, value, path, doc);
  }
  if (value === null && schema.nullable === true) return [];

  const problems: string[] = [];
  const type = typeof schema.type === 'string' ? schema.type : undefined;
  if (type !== undefined) {
    if (value === null) return [`${path}: is null, but the schema (type ${type}) is not nullable`];
    if (!typeMatches(type, value)) return [`${path}: expected ${type}, got ${kind(value)} ${show(value)}`];
  }

  if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => allowed === value)) {
    problems.push(`${path}: ${show(value)} is not one of ${show(schema.enum)}`);
  }

  if (typeof value === 'string') {
    if (schema.format === 'uuid' && !UUID.test(value)) problems.push(`${path}: ${show(value)} is not a UUID`);
    if (schema.format === 'date-time' && !(DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)))) {
      problems.push(`${path}: ${show(value)} is not an ISO 8601 date-time`);
    }
  }

  if (isObj(value)) {
    if (Array.isArray(schema.required)) {
      for (const name of schema.required) {
        if (typeof name === 'string' && !(name in value))
          problems.push(`${childPath(path, name)}: is required but missing`);
      }
    }
    for (const [name, propertySchema] of Object.entries(asObj(schema.properties))) {
      if (name in value) problems.push(...validate(propertySchema, value[name], childPath(path, name), doc));
    }
  }

  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, i) => {
      problems.push(...validate(schema.items, item, `${path}[${i}]`, doc));
    });
  }

  if (Array.isArray(schema.allOf)) {
    for (const part of schema.allOf) problems.push(...validate(part, value, path, doc));
  }
  return [...new Set(problems)];
}

const componentSchema = (name: string): unknown => ({ $ref: `#/components/schemas/${name}` });

// ---------------------------------------------------------------------------------------------
// Response conformance: (a) to (d).
// ---------------------------------------------------------------------------------------------

interface Exchange {
  status: number;
  headers: Headers;
  text: string;
}

const RATE_LIMIT_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'] as const;
const NON_NEGATIVE_INTEGER = /^\d+$/;

/** A header's text as its declared schema sees it: integers as numbers when they look like one. */
function headerValue(schema: unknown, raw: string): unknown {
  const type = asObj(deref(schema)).type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

function conformance(operationId: string, response: Exchange, authenticated: boolean): string[] {
  const op = operation(operationId);
  const status = String(response.status);
  const declared = op.responses[status];
  if (declared === undefined) {
    return [
      `(a) ${operationId} answered ${status}, which openapi.yaml does not declare for ${op.method} ${op.path} ` +
        `(declared: ${declaredStatuses(operationId).join(', ')}); body ${response.text.slice(0, 200)}`,
    ];
  }
  const problems: string[] = [];
  const declaredResponse = asObj(deref(declared));
  const content = asObj(declaredResponse.content);
  const mediaTypes = Object.keys(content);

  // (b) and (c): the body.
  if (mediaTypes.length === 0 && response.text !== '') {
    problems.push(`(b) ${status} declares no body, but the body is ${show(response.text.slice(0, 200))}`);
  }
  if (mediaTypes.length > 0 && response.text === '') {
    problems.push(`(b) ${status} declares a ${mediaTypes.join(' or ')} body, but the body is empty`);
  }
  if (response.text !== '') {
    const contentType = response.headers.get('content-type');
    const media = contentType?.split(';')[0]?.trim().toLowerCase();
    if (media !== 'application/json') {
      problems.push(`(c) the body comes with content-type ${show(contentType)}, not application/json`);
    } else if (media in content) {
      let body: unknown;
      try {
        body = JSON.parse(response.text);
      } catch {
        problems.push(`(b) the body is not JSON: ${show(response.text.slice(0, 200))}`);
      }
      if (body !== undefined) {
        problems.push(...validate(asObj(content[media]).schema, body).map((p) => `(b) body ${p}`));
      }
    }
  }

  // (d): the headers. Rate-limit headers are required on every authenticated response; every
  // header the contract declares for this status is validated against its schema when present.
  if (authenticated) {
    const required = response.status === 429 ? [...RATE_LIMIT_HEADERS, 'Retry-After'] : [...RATE_LIMIT_HEADERS];
    for (const name of required) {
      if (response.headers.get(name) === null) problems.push(`(d) header ${name} is missing`);
    }
    for (const name of RATE_LIMIT_HEADERS) {
      const raw = response.headers.get(name);
      if (raw !== null && !NON_NEGATIVE_INTEGER.test(raw)) {
        problems.push(`(d) header ${name} is ${show(raw)}, not a non-negative integer`);
      }
    }
  }
  for (const [name, header] of Object.entries(asObj(declaredResponse.headers))) {
    const raw = response.headers.get(name);
    if (raw === null) {
      if (authenticated) problems.push(`(d) header ${name}, declared for ${status}, is missing`);
      continue;
    }
    const schema = asObj(deref(header)).schema;
    problems.push(...validate(schema, headerValue(schema, raw), `header ${name}`).map((p) => `(d) ${p}`));
  }
  const retryAfter = response.headers.get('Retry-After');
  if (response.status === 429 && retryAfter !== null) {
    if (!(NON_NEGATIVE_INTEGER.test(retryAfter) || !Number.isNaN(Date.parse(retryAfter)))) {
      problems.push(`(d) header Retry-After is ${show(retryAfter)}: neither seconds nor an HTTP date`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The scene: organization Acme (the default seed) with two projects, its seeded admin and viewer
// tokens plus a DevOps token to delete; organization Globex, whose admin token is an outsider to
// Acme. The clock is fixed, so ids, dates and rate-limit headers are the same on every run.
// ---------------------------------------------------------------------------------------------

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const OTHER_ORGANIZATION_ID = '7d3e2f10-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
const OUTSIDER_TOKEN = 'qov_conformance_outsider_000000000000000000';
const DISPOSABLE_TOKEN = 'qov_conformance_disposable_0000000000000000';
const UNKNOWN_TOKEN = 'qov_conformance_unknown_00000000000000000000';
/** Well-formed, but nothing in the mock has it. */
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const NOT_A_UUID = 'not-a-uuid';

function createMock(rateLimited: boolean): QoveryMock {
  return createQoveryMock({
    now: () => NOW,
    organizations: [{}, { id: OTHER_ORGANIZATION_ID, name: 'Globex' }],
    apiTokens: [
      { secret: OUTSIDER_TOKEN, name: 'globex admin', organizationId: OTHER_ORGANIZATION_ID },
      { secret: DISPOSABLE_TOKEN, name: 'disposable', role: 'DevOps' },
    ],
    projects: [{ name: 'web', description: 'The public site' }, { name: 'api' }],
    ...(rateLimited ? { rateLimit: { limit: 1, windowMs: 60_000 } } : {}),
  });
}

type TokenKind = 'admin' | 'viewer' | 'outsider' | 'unknown' | 'none';
type ParamName = 'organizationId' | 'projectId' | 'apiTokenId';

interface Case {
  operationId: string;
  status: number;
  scenario: string;
  /** Default `admin`. */
  token?: TokenKind;
  /** Path parameters other than the defaults: Acme, project "web", the DevOps token. */
  params?: Partial<Record<ParamName, string>>;
  /** A JSON body; default the operation's realistic success body. `null` sends none. */
  body?: unknown;
  /** A body sent as is (for a body that is not JSON). */
  rawBody?: string;
  query?: Record<string, string>;
  /** Run against a mock allowing one request per minute, after one request has used it up. */
  rateLimited?: boolean;
}

/** Realistic success requests: the SDK would send these. */
const SUCCESS_REQUESTS: Readonly<Record<string, Pick<Case, 'body' | 'query'>>> = {
  editOrganization: {
    body: {
      name: 'Acme Corporation',
      description: 'Rockets, anvils and giant magnets',
      website_url: 'https://acme.example',
      repository: null,
      admin_emails: ['ops@acme.example'],
    },
  },
  createProject: { body: { name: 'billing', description: 'Invoices and payments' } },
  editProject: { body: { name: 'website', description: 'The public site, renamed' } },
  createOrganizationApiToken: { body: { name: 'ci deploy', description: 'GitHub Actions', role_id: SEED.adminRoleId } },
};

function defaultParams(mock: QoveryMock): Record<ParamName, string> {
  const web = mock.state.projects.find((p) => p.name === 'web');
  const disposable = mock.state.apiTokens.find((t) => t.secret === DISPOSABLE_TOKEN);
  if (!web || !disposable) throw new Error('conformance: the scene lost its project "web" or its DevOps token');
  return { organizationId: mock.organizationId, projectId: web.id, apiTokenId: disposable.id };
}

function tokenFor(mock: QoveryMock, kind: TokenKind): string | undefined {
  switch (kind) {
    case 'admin':
      return mock.adminToken;
    case 'viewer':
      return mock.viewerToken;
    case 'outsider':
      return OUTSIDER_TOKEN;
    case 'unknown':
      return UNKNOWN_TOKEN;
    case 'none':
      return undefined;
  }
}

function requestBody(c: Case): unknown {
  if ('body' in c) return c.body ?? undefined;
  return SUCCESS_REQUESTS[c.operationId]?.body;
}

async function send(mock: QoveryMock, c: Case): Promise<Exchange> {
  const op = operation(c.operationId);
  const params: Record<string, string> = { ...defaultParams(mock), ...c.params };
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`conformance: no value for path parameter ${name} of ${op.path}`);
    return encodeURIComponent(value);
  });
  const url = new URL(`${BASE_URL}${path}`);
  for (const [key, value] of Object.entries(c.query ?? SUCCESS_REQUESTS[c.operationId]?.query ?? {})) {
    url.searchParams.set(key, value);
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = tokenFor(mock, c.token ?? 'admin');
  if (token !== undefined) headers.authorization = `Token ${token}`;
  const body = requestBody(c);
  const text = c.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  if (text !== undefined) headers['content-type'] = 'application/json';
  const response = await mock.fetch(url, { method: op.method, headers, body: text });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

// ---------------------------------------------------------------------------------------------
// The cases: one per operation, status and scenario.
// ---------------------------------------------------------------------------------------------

const success: Case[] = [
  { operationId: 'listOrganization', status: 200, scenario: 'the organizations of the token' },
  { operationId: 'getOrganization', status: 200, scenario: 'the seeded organization' },
  { operationId: 'editOrganization', status: 200, scenario: 'rename and describe it' },
  { operationId: 'listOrganizationAvailableRoles', status: 200, scenario: 'the predefined roles' },
  { operationId: 'listProject', status: 200, scenario: 'two projects' },
  { operationId: 'createProject', status: 200, scenario: 'a new name (the real API answers 200, not 201)' },
  { operationId: 'getProject', status: 200, scenario: 'project "web"' },
  { operationId: 'editProject', status: 200, scenario: 'rename "web"' },
  { operationId: 'deleteProject', status: 204, scenario: 'project "web"' },
  { operationId: 'listOrganizationApiTokens', status: 200, scenario: 'every token' },
  {
    operationId: 'listOrganizationApiTokens',
    status: 200,
    scenario: 'filtered by name and creatorName',
    query: { name: 'mock', creatorName: 'seed' },
  },
  { operationId: 'createOrganizationApiToken', status: 201, scenario: 'with the Admin role id' },
  {
    operationId: 'createOrganizationApiToken',
    status: 201,
    scenario: 'role_id null and scope ADMIN',
    body: { name: 'scoped', scope: 'ADMIN', role_id: null },
  },
  { operationId: 'deleteOrganizationApiToken', status: 204, scenario: 'the DevOps token' },
];

const allOperationIds = [...new Set(success.map((c) => c.operationId))];
const writes = (id: string): boolean => operation(id).method !== 'GET';
const organizationScoped = (id: string): boolean => operation(id).path.includes('{organizationId}');
const projectScoped = (id: string): boolean => operation(id).path.includes('{projectId}');

const badRequest: Case[] = [
  {
    operationId: 'editOrganization',
    status: 400,
    scenario: 'name missing',
    body: { description: 'no name' },
  },
  {
    operationId: 'editOrganization',
    status: 400,
    scenario: 'organizationId not a UUID',
    params: { organizationId: NOT_A_UUID },
  },
  { operationId: 'createProject', status: 400, scenario: 'name is a number', body: { name: 42 } },
  { operationId: 'createProject', status: 400, scenario: 'body is not JSON', rawBody: '{"name": "web"' },
  {
    operationId: 'createProject',
    status: 400,
    scenario: 'organizationId not a UUID',
    params: { organizationId: NOT_A_UUID },
  },
  { operationId: 'editProject', status: 400, scenario: 'blank name', body: { name: '   ' } },
  { operationId: 'editProject', status: 400, scenario: 'projectId not a UUID', params: { projectId: NOT_A_UUID } },
  {
    operationId: 'createOrganizationApiToken',
    status: 400,
    scenario: 'role_id missing',
    body: { name: 'no role' },
  },
  {
    operationId: 'createOrganizationApiToken',
    status: 400,
    scenario: 'role_id not a role of the organization',
    body: { name: 'bad role', role_id: UNKNOWN_ID },
  },
  {
    operationId: 'createOrganizationApiToken',
    status: 400,
    scenario: 'organizationId not a UUID',
    params: { organizationId: NOT_A_UUID },
  },
];

const unauthenticated: Case[] = allOperationIds.flatMap((operationId) => [
  { operationId, status: 401, scenario: 'no Authorization header', token: 'none' as const },
  { operationId, status: 401, scenario: 'a token the API does not know', token: 'unknown' as const },
]);

const forbidden: Case[] = allOperationIds
  .filter((id) => organizationScoped(id) || projectScoped(id))
  .map((operationId) =>
    writes(operationId)
      ? { operationId, status: 403, scenario: 'the Viewer token cannot write', token: 'viewer' as const }
      : { operationId, status: 403, scenario: "another organization's token", token: 'outsider' as const },
  );

const notFound: Case[] = [
  ...allOperationIds.filter(organizationScoped).map((operationId) => ({
    operationId,
    status: 404,
    scenario: 'unknown organizationId',
    params: { organizationId: UNKNOWN_ID },
  })),
  ...allOperationIds.filter(projectScoped).map((operationId) => ({
    operationId,
    status: 404,
    scenario: 'unknown projectId',
    params: { projectId: UNKNOWN_ID },
  })),
  {
    operationId: 'deleteOrganizationApiToken',
    status: 404,
    scenario: 'unknown apiTokenId',
    params: { apiTokenId: UNKNOWN_ID },
  },
  {
    operationId: 'deleteOrganizationApiToken',
    status: 404,
    scenario: "a token of another organization's id",
    params: { apiTokenId: SEED.adminTokenId, organizationId: OTHER_ORGANIZATION_ID },
    token: 'outsider',
  },
];

const conflict: Case[] = [
  {
    operationId: 'editOrganization',
    status: 409,
    scenario: 'the name of another organization',
    body: { name: 'globex' },
  },
  { operationId: 'createProject', status: 409, scenario: 'the name of an existing project', body: { name: 'WEB' } },
  { operationId: 'editProject', status: 409, scenario: 'the name of the other project', body: { name: 'api' } },
  {
    operationId: 'createOrganizationApiToken',
    status: 409,
    scenario: 'the name of an existing token',
    body: { name: 'mock admin', role_id: SEED.adminRoleId },
  },
];

const tooMany: Case[] = allOperationIds.map((operationId) => ({
  operationId,
  status: 429,
  scenario: 'second request in a 1-per-minute window',
  rateLimited: true,
}));

const cases: Case[] = [
  ...success,
  ...badRequest,
  ...unauthenticated,
  ...forbidden,
  ...notFound,
  ...conflict,
  ...tooMany,
];

const label = (c: Case): string => {
  const op = operations.get(c.operationId);
  return `${c.operationId} (${op ? `${op.method} ${op.path}` : 'not in openapi.yaml'}) → ${c.status}: ${c.scenario}`;
};

/**
 * Declared statuses no case exercises, and why the mock cannot produce them. The meta-check below
 * keeps this list exact: a status may be left out only with a reason here.
 */
const NOT_EXERCISED: Readonly<Record<string, string>> = {
  // GET /organization lists the organizations the credential belongs to. Every credential the mock
  // accepts may list (a token or user without memberships gets an empty list), so no role or
  // membership is ever refused.
  'listOrganization 403': 'no credential the mock accepts is refused the list of its own organizations',
  // GET /organization has no path parameter, so there is no id that can be unknown. The mock's only
  // other 404 is for a path that matches no route, which is not this operation.
  'listOrganization 404': 'no path parameter, so nothing can be not found',
};

// ---------------------------------------------------------------------------------------------
// Tests.
// ---------------------------------------------------------------------------------------------

async function run(c: Case): Promise<{ exchange: Exchange; problems: string[] }> {
  const mock = createMock(c.rateLimited === true);
  const problems: string[] = [];
  if (c.rateLimited) {
    // Use up the window: this response is checked too, as listOrganization.
    const first = await send(mock, { operationId: 'listOrganization', status: 200, scenario: 'use up the window' });
    expect(first.status).toBe(200);
    problems.push(...conformance('listOrganization', first, true).map((p) => `first request: ${p}`));
  }
  const exchange = await send(mock, c);
  // Every answer carries the rate-limit headers, 401s included (refused credentials are counted too).
  const authenticated = true;
  problems.push(...conformance(c.operationId, exchange, authenticated));
  return { exchange, problems };
}

describe('every response of the mock matches openapi.yaml', () => {
  it.each(cases.map((c) => [label(c), c] as const))('%s', async (_, c) => {
    // (a) the case itself asks for a declared status, and the mock answers with it.
    expect(declaredStatuses(c.operationId)).toContain(String(c.status));
    const { exchange, problems } = await run(c);
    expect(problems).toEqual([]);
    expect(exchange.status, exchange.text).toBe(c.status);
  });

  it('the rate-limited 429 says how long to wait and that nothing is left', async () => {
    const { exchange } = await run({ operationId: 'getOrganization', status: 429, scenario: 'x', rateLimited: true });
    expect(exchange.status).toBe(429);
    expect(exchange.headers.get('X-RateLimit-Limit')).toBe('1');
    expect(exchange.headers.get('X-RateLimit-Remaining')).toBe('0');
    expect(exchange.headers.get('X-RateLimit-Reset')).toBe(String(Math.ceil((NOW + 60_000) / 1000)));
    expect(exchange.headers.get('Retry-After')).toBe('60');
  });
});

/**
 * A non-UUID path id: openapi.yaml declares 400 only on the four operations that take a body
 * (editOrganization, createProject, editProject, createOrganizationApiToken), so on the others the
 * mock answers 404, a status they declare, as for any unknown id. (The SDK never sends such a
 * request; a raw fetch or startQoveryMockServer over HTTP can.)
 */
const malformedIdProbes: Case[] = allOperationIds
  .filter((id) => !declaredStatuses(id).includes('400'))
  .flatMap((operationId) => {
    const op = operation(operationId);
    const last = [...op.path.matchAll(/\{(\w+)\}/g)].pop()?.[1];
    return last === undefined
      ? []
      : [{ operationId, status: 404, scenario: `${last} not a UUID`, params: { [last]: NOT_A_UUID } }];
  });

describe('a non-UUID path id, on operations without a declared 400, is a declared 404', () => {
  it.each(malformedIdProbes.map((c) => [label(c), c] as const))('%s', async (_, c) => {
    const { exchange, problems } = await run(c);
    expect(exchange.status).toBe(404);
    expect(problems).toEqual([]);
  });
});

describe('coverage of openapi.yaml (meta-check)', () => {
  const covered = new Set(cases.map((c) => `${c.operationId} ${c.status}`));

  it('openapi.yaml has operations, and every case names one of them', () => {
    expect(operations.size).toBeGreaterThan(0);
    expect(cases.map((c) => c.operationId).filter((id) => !operations.has(id))).toEqual([]);
  });

  it('every operationId in openapi.yaml is exercised for its success status', () => {
    const missing = [...operations.keys()].flatMap((id) =>
      successStatuses(id).length === 0
        ? [`${id}: declares no 2xx status`]
        : successStatuses(id)
            .filter((s) => !covered.has(`${id} ${s}`))
            .map((s) => `${id} ${s}`),
    );
    expect(missing).toEqual([]);
  });

  it('every declared status is exercised, or listed in NOT_EXERCISED with the reason', () => {
    const unexplained = [...operations.keys()].flatMap((id) =>
      declaredStatuses(id)
        .map((s) => `${id} ${s}`)
        .filter((key) => !covered.has(key) && !(key in NOT_EXERCISED)),
    );
    expect(unexplained).toEqual([]);
  });

  it('NOT_EXERCISED lists only declared statuses that no case exercises', () => {
    const stale = Object.keys(NOT_EXERCISED).filter((key) => {
      const [id = '', status = ''] = key.split(' ');
      return covered.has(key) || !operations.has(id) || !declaredStatuses(id).includes(status);
    });
    expect(stale).toEqual([]);
  });

  it('every success request is one the contract allows', () => {
    const problems = success.flatMap((c) => {
      const schema = operation(c.operationId).requestSchema;
      const body = requestBody(c);
      if (schema === undefined)
        return body === undefined ? [] : [`${label(c)}: sends a body the contract does not take`];
      return validate(schema, body).map((p) => `${label(c)}: request ${p}`);
    });
    expect(problems).toEqual([]);
  });
});

describe('validator', () => {
  const project = {
    id: '5b2f0c7e-1d3a-4e8b-9c6d-7a1e2f3b4c5d',
    created_at: '2025-06-01T12:00:00.000Z',
    name: 'web',
    associated_environments_count: 0,
    organization: { id: SEED.organizationId },
  };

  it('accepts a valid body, including null where the schema is nullable', () => {
    expect(
      validate(componentSchema('ProjectResponseList'), { results: [project, { ...project, description: 'x' }] }),
    ).toEqual([]);
    expect(
      validate(componentSchema('Organization'), {
        id: SEED.organizationId,
        created_at: '2025-06-01T12:00:00Z',
        name: 'Acme',
        plan: 'TEAM',
        description: null,
        admin_emails: null,
        extra: 'additional properties are allowed',
      }),
    ).toEqual([]);
  });

  it('reports a missing required field, through allOf and items', () => {
    const { name: _, ...nameless } = project;
    expect(validate(componentSchema('ProjectResponseList'), { results: [project, nameless] })).toEqual([
      '$.results[1].name: is required but missing',
    ]);
  });

  it('reports a wrong type', () => {
    expect(validate(componentSchema('Project'), { ...project, associated_environments_count: '0' })).toEqual([
      '$.associated_environments_count: expected integer, got string "0"',
    ]);
    expect(validate(componentSchema('Project'), { ...project, associated_environments_count: 1.5 })).toEqual([
      '$.associated_environments_count: expected integer, got number 1.5',
    ]);
    expect(validate(componentSchema('OrganizationResponseList'), { results: {} })).toEqual([
      '$.results: expected array, got object {}',
    ]);
  });

  it('reports a non-UUID id, a bad date-time and a value outside an enum', () => {
    expect(
      validate(componentSchema('Organization'), {
        id: 'acme',
        created_at: 'yesterday',
        name: 'Acme',
        plan: 'GOLD',
      }),
    ).toEqual([
      '$.id: "acme" is not a UUID',
      '$.created_at: "yesterday" is not an ISO 8601 date-time',
      '$.plan: "GOLD" is not one of ["FREE","TEAM","TEAM_YEARLY","ENTERPRISE","ENTERPRISE_YEARLY","PROFESSIONAL","BUSINESS","USER_2025","TEAM_2025","BUSINESS_2025","ENTERPRISE_2025"]',
    ]);
    expect(validate(componentSchema('Project'), { ...project, organization: { id: '123' } })).toEqual([
      '$.organization.id: "123" is not a UUID',
    ]);
  });

  it('reports null where the schema is not nullable, and an unresolvable $ref', () => {
    expect(validate(componentSchema('Project'), { ...project, name: null })).toEqual([
      '$.name: is null, but the schema (type string) is not nullable',
    ]);
    expect(validate(componentSchema('Project'), null)).not.toEqual([]);
    expect(validate(componentSchema('NoSuchSchema'), {})).toEqual([
      '$: unresolvable $ref #/components/schemas/NoSuchSchema',
    ]);
  });
});
