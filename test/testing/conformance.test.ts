/**
 * The mock (src/testing/mock.ts) must answer exactly as our contract, openapi.yaml, says: every
 * operation is driven through `mock.fetch` with realistic requests, for its success status and for
 * every error status it declares that the mock can produce, and each response is checked for
 *   (a) a status openapi.yaml declares for that operation,
 *   (b) a body that validates against the declared schema for that status (empty for 204), but
 *       for the real API's habits the embedded API copies on purpose (HABITS: each named, seen and
 *       listed, and nothing beyond what it does),
 *   (c) `content-type: application/json` whenever there is a body,
 *   (d) X-RateLimit-Limit/-Remaining/-Reset as non-negative integers on every response to an
 *       response, 401s included, plus Retry-After on 429.
 * Methods and paths come from openapi.yaml (by operationId), never from the mock, and a meta-check
 * fails when the contract gains an operation or a status that this file does not cover.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { jsonType } from '../../scripts/spec-deviations.js';
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
  /** Whether the request body is required: where it is not, a request may come without one. */
  requestRequired: boolean;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/**
 * The operations the SDK's namespaces wrap (spec-overlay.yaml's `wrapped`): the embedded API answers
 * these. The rest of the contract is reached through client.request and is not simulated.
 */
const WRAPPED: ReadonlySet<string> = new Set(
  (
    parse(readFileSync(new URL('../../spec-overlay.yaml', import.meta.url), 'utf8'), { merge: true }) as {
      wrapped: string[];
    }
  ).wrapped,
);

const operations: ReadonlyMap<string, Operation> = (() => {
  const found = new Map<string, Operation>();
  for (const [path, item] of Object.entries(asObj(spec.paths))) {
    for (const method of HTTP_METHODS) {
      const op = asObj(item)[method];
      if (!isObj(op)) continue;
      if (typeof op.operationId !== 'string') throw new Error(`conformance: ${method} ${path} has no operationId`);
      if (!WRAPPED.has(op.operationId)) continue;
      const body = asObj(deref(op.requestBody));
      found.set(op.operationId, {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        responses: asObj(op.responses),
        requestSchema: asObj(asObj(body.content)['application/json']).schema,
        requestRequired: body.required === true,
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
// Validator for the OpenAPI 3.0 subset openapi.yaml uses: local $ref, allOf, oneOf, type,
// properties, required, items, nullable, enum, format uuid and date-time. Additional properties are
// allowed; readOnly, discriminators, other formats and descriptions are ignored. Returns problems as
// `<JSON path>: <what is wrong>`.
//
// The embedded API answers as the real API does (API-FACTS.md, "Where the real API departs from its
// spec"), and some of the real API's habits break openapi.yaml. Each is named here, and a check
// given a habit takes what that habit does, and only that, as a sighting instead of a problem:
// anything else wrong is still a problem. A sighting names its habit and where it was seen.
// ---------------------------------------------------------------------------------------------

/** The real API's habits that the embedded API copies, as they show against openapi.yaml. */
const HABITS = {
  /** A null where the schema is not nullable, in a property its object does not require. */
  nullInOptional: 'null for an optional field without a value',
  /** A field the schema does not declare: the spec allows it; seen, to notice one that appears. */
  undeclaredField: 'a field the spec does not declare',
} as const;
type Habit = (typeof HABITS)[keyof typeof HABITS];
const REAL_HABITS: ReadonlySet<Habit> = new Set(Object.values(HABITS));
const NO_HABITS: ReadonlySet<Habit> = new Set();

interface Sighting {
  habit: Habit;
  path: string;
}

interface Check {
  doc: Obj;
  /** The habits taken as sightings; any other departure is a problem. */
  habits: ReadonlySet<Habit>;
  seen: Sighting[];
}

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

/** The schema and the schemas its allOf takes in, recursively, `$ref`s followed (none past a dangling one). */
function allOfParts(schema: unknown, doc: Obj): Obj[] {
  let resolved = schema;
  for (let hops = 0; isObj(resolved) && typeof resolved.$ref === 'string' && hops < 32; hops++) {
    resolved = pointer(resolved.$ref, doc);
  }
  if (!isObj(resolved) || typeof resolved.$ref === 'string') return [];
  const parts = [resolved];
  if (Array.isArray(resolved.allOf)) for (const part of resolved.allOf) parts.push(...allOfParts(part, doc));
  return parts;
}

/** What an object under `schema` must have: the `required` of every allOf part. */
function requiredOf(schema: unknown, doc: Obj): Set<string> {
  return new Set(allOfParts(schema, doc).flatMap((part) => (Array.isArray(part.required) ? part.required : [])));
}

/**
 * The fields `schema` declares for an object, those of its allOf parts and of any oneOf variant;
 * undefined when it declares none or takes any (additionalProperties).
 */
function declaredFields(schema: unknown, doc: Obj): Set<string> | undefined {
  const fields = new Set<string>();
  for (const part of allOfParts(schema, doc)) {
    if (part.additionalProperties !== undefined && part.additionalProperties !== false) return undefined;
    for (const name of Object.keys(asObj(part.properties))) fields.add(name);
    for (const variant of Array.isArray(part.oneOf) ? part.oneOf : []) {
      const more = declaredFields(variant, doc);
      if (more === undefined) return undefined;
      for (const name of more) fields.add(name);
    }
  }
  return fields.size > 0 ? fields : undefined;
}

/** `value` against `schema`, strictly: every departure from openapi.yaml is a problem. */
function validate(schema: unknown, value: unknown, path = '$', doc: Obj = spec): string[] {
  return check(schema, value, path, { doc, habits: NO_HABITS, seen: [] });
}

/**
 * `value` against `schema`, each of `habits` a sighting (pushed to `ctx.seen`) rather than a
 * problem. `required` holds the fields the enclosing object requires, gathered over its allOf parts
 * and handed to each; `whole` is false for a part (an allOf part, a oneOf variant, a `$ref`) of a
 * schema the value is already being checked against as a whole.
 */
function check(
  schema: unknown,
  value: unknown,
  path: string,
  ctx: Check,
  required: ReadonlySet<string> = new Set(),
  whole = true,
): string[] {
  const { doc } = ctx;
  if (!isObj(schema)) return [`${path}: the schema is not an object (${show(schema)})`];
  if (whole && isObj(value)) {
    const declared = declaredFields(schema, doc);
    for (const name of Object.keys(value)) {
      if (declared && !declared.has(name))
        ctx.seen.push({ habit: HABITS.undeclaredField, path: childPath(path, name) });
    }
    required = requiredOf(schema, doc);
  }
  if (typeof schema.$ref === 'string') {
    const target = pointer(schema.$ref, doc);
    if (target === undefined) return [`${path}: unresolvable $ref ${schema.$ref}`];
    return check(target, value, path, ctx, required, false);
  }
  if (value === null && schema.nullable === true) return [];

  const problems: string[] = [];
  const type = typeof schema.type === 'string' ? schema.type : undefined;
  if (type !== undefined) {
    if (value === null) return [`${path}: is null, but the schema (type ${type}) is not nullable`];
    if (!typeMatches(type, value)) return [`${path}: expected ${type}, got ${jsonType(value)} ${show(value)}`];
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
      if (!(name in value)) continue;
      const at = childPath(path, name);
      const found = check(propertySchema, value[name], at, ctx);
      // The real API's null for an optional field without a value: only there, only null.
      if (found.length > 0 && value[name] === null && !required.has(name) && ctx.habits.has(HABITS.nullInOptional)) {
        ctx.seen.push({ habit: HABITS.nullInOptional, path: at });
        continue;
      }
      problems.push(...found);
    }
  }

  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, i) => {
      problems.push(...check(schema.items, item, `${path}[${i}]`, ctx));
    });
  }

  if (Array.isArray(schema.allOf)) {
    for (const part of schema.allOf) problems.push(...check(part, value, path, ctx, required, false));
  }

  // At least one variant, not exactly one: the contract's variants overlap (the last of
  // DeploymentHistoryServiceDetails requires nothing), so "exactly one" would refuse valid bodies.
  // The habits seen are those of the variant that fits declaring the most of the value, then with
  // the fewest sightings (a cron job fits the lifecycle variant too, its `cronjob` undeclared there).
  if (Array.isArray(schema.oneOf)) {
    const tries = schema.oneOf.map((variant) => {
      const seen: Sighting[] = [];
      const variantRequired = new Set([...required, ...requiredOf(variant, doc)]);
      return { seen, misses: check(variant, value, path, { ...ctx, seen }, variantRequired, false) };
    });
    const undeclared = (seen: Sighting[]) => seen.filter((s) => s.habit === HABITS.undeclaredField).length;
    const fits = tries
      .filter((t) => t.misses.length === 0)
      .sort((a, b) => undeclared(a.seen) - undeclared(b.seen) || a.seen.length - b.seen.length)[0];
    if (fits) ctx.seen.push(...fits.seen);
    else problems.push(`${path}: matches none of the oneOf variants (${tries.map((t) => t.misses[0]).join('; ')})`);
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

/**
 * What is wrong with `response` to `operationId`, as problems; what the body does of the real API's
 * habits goes to `seen`, each sighting's path prefixed with the operation.
 */
function conformance(operationId: string, response: Exchange, authenticated: boolean, seen: Sighting[] = []): string[] {
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
        const sightings: Sighting[] = [];
        const ctx = { doc: spec, habits: REAL_HABITS, seen: sightings };
        problems.push(...check(asObj(content[media]).schema, body, '$', ctx).map((p) => `(b) body ${p}`));
        seen.push(...sightings.map((s) => ({ ...s, path: `${operationId} ${s.path}` })));
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
// Acme. Project "web" has environments "production" (applications "front", with 25 past
// deployments, some failed, and "worker", with 3; container "queue", with 2; lifecycle job "migrate"
// run from an image, with 3; PostgreSQL database "db", with 2; helm chart "redis" from a chart
// repository, with 2) and "staging" (application "docs", never deployed through the API; cron job
// "nightly" built from git; managed Redis database "cache"; helm chart "ingress" from git), and
// variables: LOG_LEVEL and REGION on "web", secret DATABASE_PASSWORD on "production", PUBLIC_URL on
// "front". Globex has project "portal", environment "live" and variable GLOBEX_ONLY. The clock is fixed, so ids, dates and rate-limit headers are the same on every
// run, and a deployment started in a case stays QUEUED: conflicts and in-progress shapes are stable.
// ---------------------------------------------------------------------------------------------

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const OTHER_ORGANIZATION_ID = '7d3e2f10-8a4b-4c5d-9e6f-0a1b2c3d4e5f';
const OUTSIDER_TOKEN = 'qov_conformance_outsider_000000000000000000';
const DISPOSABLE_TOKEN = 'qov_conformance_disposable_0000000000000000';
const UNKNOWN_TOKEN = 'qov_conformance_unknown_00000000000000000000';
/** Well-formed, but nothing in the mock has it. */
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const NOT_A_UUID = 'not-a-uuid';
/** The seeded secret's value: no answer may carry it. */
const SECRET = 'conformance-secret-value-0000';

function createMock(rateLimited: boolean): QoveryMock {
  return createQoveryMock({
    now: () => NOW,
    organizations: [{}, { id: OTHER_ORGANIZATION_ID, name: 'Globex' }],
    apiTokens: [
      { secret: OUTSIDER_TOKEN, name: 'globex admin', organizationId: OTHER_ORGANIZATION_ID },
      { secret: DISPOSABLE_TOKEN, name: 'disposable', role: 'DevOps' },
    ],
    projects: [
      { name: 'web', description: 'The public site' },
      { name: 'api' },
      { name: 'portal', organizationId: OTHER_ORGANIZATION_ID },
    ],
    clusters: [{ name: 'eu-production', region: 'eu-west-1', production: true }],
    environments: [
      { name: 'production', project: 'web', mode: 'PRODUCTION' },
      { name: 'staging', project: 'web', mode: 'STAGING' },
      { name: 'live', project: 'portal', mode: 'PRODUCTION' },
    ],
    applications: [
      { name: 'front', environment: 'production', history: 25 },
      { name: 'worker', environment: 'production', history: 3 },
      { name: 'docs', environment: 'staging' },
    ],
    containers: [{ name: 'queue', environment: 'production', image: 'acme/queue', tag: '3.1.0', history: 2 }],
    jobs: [
      { name: 'migrate', environment: 'production', history: 3 },
      { name: 'nightly', environment: 'staging', source: 'git', schedule: 'cron' },
    ],
    databases: [
      { name: 'db', environment: 'production', history: 2 },
      { name: 'cache', environment: 'staging', type: 'REDIS', mode: 'MANAGED' },
    ],
    helms: [
      { name: 'redis', environment: 'production', chartVersion: '18.0.0', history: 2 },
      { name: 'ingress', environment: 'staging', source: 'git' },
    ],
    variables: [
      { key: 'LOG_LEVEL', value: 'info', scope: 'project', project: 'web', description: 'How much to log' },
      { key: 'REGION', value: 'eu-west-3', scope: 'project', project: 'web' },
      { key: 'DATABASE_PASSWORD', value: SECRET, secret: true, scope: 'environment', environment: 'production' },
      { key: 'PUBLIC_URL', value: 'https://front.acme.example', scope: 'application', service: 'front' },
      { key: 'GLOBEX_ONLY', value: 'x', scope: 'project', project: 'portal' },
    ],
    ...(rateLimited ? { rateLimit: { limit: 1, windowMs: 60_000 } } : {}),
  });
}

type TokenKind = 'admin' | 'viewer' | 'outsider' | 'unknown' | 'none';
type ParamName =
  | 'organizationId'
  | 'projectId'
  | 'apiTokenId'
  | 'environmentId'
  | 'applicationId'
  | 'containerId'
  | 'jobId'
  | 'databaseId'
  | 'helmId'
  | 'variableId';
/** A value, or how to find it in the scene (ids drawn by the mock's seeded generator). */
type FromScene<T> = T | ((mock: QoveryMock) => T);

interface Case {
  operationId: string;
  status: number;
  scenario: string;
  /** Default `admin`. */
  token?: TokenKind;
  /**
   * Path parameters other than the defaults: Acme, project "web", the DevOps token, environment
   * "production", application "front", container "queue", job "migrate", database "db", helm chart
   * "redis", variable LOG_LEVEL.
   */
  params?: FromScene<Partial<Record<ParamName, string>>>;
  /** A JSON body; default the operation's realistic success body. `null` sends none. */
  body?: FromScene<Record<string, unknown> | null>;
  /** A body sent as is (for a body that is not JSON). */
  rawBody?: string;
  query?: FromScene<Record<string, string>>;
  /** Run against a mock allowing one request per minute, after one request has used it up. */
  rateLimited?: boolean;
  /** Requests made first, each checked against the contract too. */
  before?: Case[];
}

const fromScene = <T>(value: FromScene<T>, mock: QoveryMock): T =>
  typeof value === 'function' ? (value as (mock: QoveryMock) => T)(mock) : value;

const named = <T extends { name: string }>(items: T[], name: string): T => {
  const found = items.find((item) => item.name === name);
  if (!found) throw new Error(`conformance: the scene lost "${name}"`);
  return found;
};

/** The execution id of the `index`-th newest deployment of application `name`. */
function executionOf(mock: QoveryMock, name: string, index = 0): string {
  const id = deploymentOf(mock, name, index);
  const found = mock.state.deployments.find((d) => d.id === id);
  if (!found) throw new Error(`conformance: no deployment ${id}`);
  return found.executionId;
}

/** The id of the `index`-th newest deployment of application `name`. */
function deploymentOf(mock: QoveryMock, name: string, index = 0): string {
  const { id } = named(mock.state.applications, name);
  const newestFirst = mock.state.deployments.filter((d) => d.services.some((s) => s.id === id)).reverse();
  const deployment = newestFirst[index];
  if (!deployment) throw new Error(`conformance: "${name}" has no deployment ${index}`);
  return deployment.id;
}

const COMMIT = '3f6c1b2a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a';
const staging = (mock: QoveryMock) => ({ environmentId: named(mock.state.environments, 'staging').id });
const nightly = (mock: QoveryMock) => ({ jobId: named(mock.state.jobs, 'nightly').id });
const ingress = (mock: QoveryMock) => ({ helmId: named(mock.state.helms, 'ingress').id });
const cache = (mock: QoveryMock) => ({ databaseId: named(mock.state.databases, 'cache').id });
const latestOfFront = (mock: QoveryMock) => ({ deploymentRequestId: deploymentOf(mock, 'front') });

/** The variable of this key (the first, when aliases or copies share it). */
function variableNamed(mock: QoveryMock, key: string) {
  const found = mock.state.variables.find((v) => v.key === key);
  if (!found) throw new Error(`conformance: the scene has no variable ${key}`);
  return found;
}
const idOf = (list: (mock: QoveryMock) => { id: string; name: string }[], name: string) => (mock: QoveryMock) =>
  named(list(mock), name).id;
const production = idOf((mock) => mock.state.environments, 'production');
const front = idOf((mock) => mock.state.applications, 'front');
const variable = (key: string) => (mock: QoveryMock) => ({ variableId: variableNamed(mock, key).id });

/** The fields of `record` named in `keys` that it has, as the SDK sends a service back whole. */
const pick = (record: object, keys: string[]) =>
  Object.fromEntries(Object.entries(record).filter(([key, value]) => keys.includes(key) && value !== undefined));
const SHARED_SETTINGS = [
  'name',
  'description',
  'cpu',
  'memory',
  'gpu',
  'min_running_instances',
  'max_running_instances',
  'healthchecks',
  'auto_preview',
  'auto_deploy',
  'ports',
  'arguments',
  'storage',
];

/** Every service of "production", as the preview example deploys a new clone: "front" at a commit. */
function everyServiceOfProduction(mock: QoveryMock): Record<string, unknown> {
  const environmentId = production(mock);
  const ids = (list: { id: string; environment: { id: string } }[]) =>
    list.filter((service) => service.environment.id === environmentId).map((service) => service.id);
  return {
    applications: ids(mock.state.applications).map((id) =>
      id === front(mock) ? { application_id: id, git_commit_id: COMMIT } : { application_id: id },
    ),
    containers: ids(mock.state.containers).map((id) => ({ id, image_tag: '3.2.0' })),
    jobs: ids(mock.state.jobs).map((id) => ({ id })),
    helms: ids(mock.state.helms).map((id) => ({ id })),
    databases: ids(mock.state.databases),
  };
}

/** Application "front" written back whole with another branch, as applications.update() sends it. */
function frontOnBranch(mock: QoveryMock): Record<string, unknown> {
  const application = named(mock.state.applications, 'front');
  const repository = application.git_repository;
  return {
    ...pick(application, [...SHARED_SETTINGS, 'build_mode', 'dockerfile_path']),
    // The contract requires owner and name here too, though it defines neither.
    ...(repository && {
      git_repository: { ...pick(repository, ['url', 'owner', 'name', 'provider', 'root_path']), branch: 'pr-7' },
    }),
  };
}

/** Container "queue" written back whole with another tag, as containers.update() sends it. */
function queueAtTag(mock: QoveryMock): Record<string, unknown> {
  const container = named(mock.state.containers, 'queue');
  return {
    ...pick(container, SHARED_SETTINGS),
    registry_id: container.registry.id,
    image_name: container.image_name,
    tag: '3.2.0-pr-7',
  };
}

/** Realistic success requests: the SDK would send these. */
const SUCCESS_REQUESTS: Readonly<Record<string, Pick<Case, 'body' | 'query'>>> = {
  editOrganization: {
    body: {
      name: 'Acme Corporation',
      plan: 'TEAM',
      description: 'Rockets, anvils and giant magnets',
      website_url: 'https://acme.example',
      repository: null,
      admin_emails: ['ops@acme.example'],
    },
  },
  createProject: { body: { name: 'billing', description: 'Invoices and payments' } },
  editProject: { body: { name: 'website', description: 'The public site, renamed' } },
  createOrganizationApiToken: { body: { name: 'ci deploy', description: 'GitHub Actions', role_id: SEED.adminRoleId } },
  deployApplication: { body: { git_commit_id: COMMIT } },
  deployContainer: { body: { image_tag: '3.2.0' } },
  deployJob: { body: { image_tag: '2.0.0' } },
  deployHelm: { body: { chart_version: '18.1.0' } },
  deployAllServices: { body: (mock) => everyServiceOfProduction(mock) },
  getDeploymentStatusByDeploymentRequestId: { query: latestOfFront },
  cloneEnvironment: { body: { name: 'pr-7', mode: 'PREVIEW' } },
  cancelEnvironmentDeployment: { body: { force_cancel: false } },
  editApplication: { body: frontOnBranch },
  editContainer: { body: queueAtTag },
  listVariables: { query: (mock) => ({ parent_id: production(mock), scope: 'ENVIRONMENT' }) },
  createVariable: {
    body: (mock) => ({
      key: 'PREVIEW_URL',
      value: 'https://pr-7.acme.example',
      is_secret: false,
      variable_scope: 'ENVIRONMENT',
      variable_parent_id: production(mock),
      description: 'Where the preview runs',
    }),
  },
  editVariable: { body: { key: 'LOG_LEVEL', value: 'debug' } },
  createVariableAlias: {
    body: (mock) => ({ key: 'VERBOSITY', alias_scope: 'ENVIRONMENT', alias_parent_id: production(mock) }),
  },
  createVariableOverride: {
    body: (mock) => ({ value: 'debug', override_scope: 'ENVIRONMENT', override_parent_id: production(mock) }),
  },
};

function defaultParams(mock: QoveryMock): Record<ParamName, string> {
  const disposable = mock.state.apiTokens.find((t) => t.secret === DISPOSABLE_TOKEN);
  if (!disposable) throw new Error('conformance: the scene lost its DevOps token');
  return {
    organizationId: mock.organizationId,
    projectId: named(mock.state.projects, 'web').id,
    apiTokenId: disposable.id,
    environmentId: named(mock.state.environments, 'production').id,
    applicationId: named(mock.state.applications, 'front').id,
    containerId: named(mock.state.containers, 'queue').id,
    jobId: named(mock.state.jobs, 'migrate').id,
    databaseId: named(mock.state.databases, 'db').id,
    helmId: named(mock.state.helms, 'redis').id,
    variableId: variableNamed(mock, 'LOG_LEVEL').id,
  };
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

function requestBody(c: Case, mock: QoveryMock): unknown {
  const body = 'body' in c ? c.body : SUCCESS_REQUESTS[c.operationId]?.body;
  return fromScene(body, mock) ?? undefined;
}

async function send(mock: QoveryMock, c: Case): Promise<Exchange> {
  const op = operation(c.operationId);
  const params: Record<string, string> = { ...defaultParams(mock), ...fromScene(c.params ?? {}, mock) };
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`conformance: no value for path parameter ${name} of ${op.path}`);
    return encodeURIComponent(value);
  });
  const url = new URL(`${BASE_URL}${path}`);
  for (const [key, value] of Object.entries(fromScene(c.query ?? SUCCESS_REQUESTS[c.operationId]?.query ?? {}, mock))) {
    url.searchParams.set(key, value);
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = tokenFor(mock, c.token ?? 'admin');
  if (token !== undefined) headers.authorization = `Token ${token}`;
  const body = requestBody(c, mock);
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
  { operationId: 'listOrganizationCluster', status: 200, scenario: 'its default cluster and one more' },
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
  ...deploymentSuccess(),
  ...previewSuccess(),
];

/**
 * What a preview environment needs: clones (and what a clone holds), deletions, links, edits of a
 * service, and variables at every scope, inherited, overridden, aliased and secret.
 */
function previewSuccess(): Case[] {
  const clone: Case = { operationId: 'cloneEnvironment', status: 202, scenario: 'clone production as pr-7' };
  const ofClone = (mock: QoveryMock) => ({ environmentId: named(mock.state.environments, 'pr-7').id });
  const override: Case = { operationId: 'createVariableOverride', status: 201, scenario: 'LOG_LEVEL in production' };
  const alias: Case = { operationId: 'createVariableAlias', status: 201, scenario: 'VERBOSITY in production' };
  const secretOnFront = {
    key: 'API_KEY',
    value: SECRET,
    is_secret: true,
    variable_scope: 'APPLICATION',
  };
  return [
    clone,
    {
      operationId: 'cloneEnvironment',
      status: 202,
      scenario: 'staging into project "api", its mode and cluster given',
      params: staging,
      body: (mock) => ({
        name: 'pr-8',
        mode: 'DEVELOPMENT',
        cluster_id: named(mock.state.environments, 'staging').cluster_id,
        project_id: named(mock.state.projects, 'api').id,
        apply_deployment_rule: true,
      }),
    },
    {
      operationId: 'getEnvironmentStatuses',
      status: 200,
      scenario: 'a clone: every service READY, never deployed',
      params: ofClone,
      before: [clone],
    },
    {
      operationId: 'listVariables',
      status: 200,
      scenario: "a clone's, secret copied",
      query: (mock) => ({ parent_id: ofClone(mock).environmentId, scope: 'ENVIRONMENT' }),
      before: [clone],
    },
    {
      operationId: 'listEnvironmentServicesLinks',
      status: 200,
      scenario: "a clone's",
      params: ofClone,
      before: [clone],
    },
    { operationId: 'deleteEnvironment', status: 204, scenario: 'production, with its services and variables' },
    { operationId: 'deleteEnvironment', status: 204, scenario: 'a clone', params: ofClone, before: [clone] },
    { operationId: 'listEnvironmentServicesLinks', status: 200, scenario: 'production, every kind' },
    { operationId: 'listEnvironmentServicesLinks', status: 200, scenario: 'staging', params: staging },
    { operationId: 'listApplicationLinks', status: 200, scenario: '"front"' },
    { operationId: 'listContainerLinks', status: 200, scenario: '"queue"' },
    { operationId: 'listHelmLinks', status: 200, scenario: '"redis", no ports: none' },
    { operationId: 'editApplication', status: 200, scenario: '"front" on another branch, every setting sent back' },
    {
      operationId: 'editApplication',
      status: 200,
      scenario: 'the fields the contract requires only',
      body: { healthchecks: {} },
    },
    { operationId: 'editContainer', status: 200, scenario: '"queue" at another tag, every setting sent back' },
    {
      operationId: 'editContainer',
      status: 200,
      scenario: 'a new port without id or protocol',
      body: (mock) => ({
        ...queueAtTag(mock),
        ports: [{ internal_port: 9090, publicly_accessible: true }],
      }),
    },
    { operationId: 'listVariables', status: 200, scenario: "production: the project's, its own, a secret" },
    {
      operationId: 'listVariables',
      status: 200,
      scenario: 'project "web"',
      query: (mock) => ({ parent_id: named(mock.state.projects, 'web').id, scope: 'PROJECT' }),
    },
    {
      operationId: 'listVariables',
      status: 200,
      scenario: '"front": inherited from project and environment, its own',
      query: (mock) => ({ parent_id: front(mock), scope: 'APPLICATION' }),
    },
    {
      operationId: 'listVariables',
      status: 200,
      scenario: 'the secrets only',
      query: (mock) => ({ parent_id: production(mock), scope: 'ENVIRONMENT', is_secret: 'true' }),
    },
    {
      operationId: 'listVariables',
      status: 200,
      scenario: '"front", after an override and an alias in production',
      query: (mock) => ({ parent_id: front(mock), scope: 'APPLICATION' }),
      before: [override, alias],
    },
    { operationId: 'createVariable', status: 201, scenario: 'in production' },
    {
      operationId: 'createVariable',
      status: 201,
      scenario: 'a secret on "front"',
      body: (mock) => ({ ...secretOnFront, variable_parent_id: front(mock) }),
    },
    { operationId: 'editVariable', status: 200, scenario: 'LOG_LEVEL to debug' },
    {
      operationId: 'editVariable',
      status: 200,
      scenario: 'the secret: its value is never answered',
      params: variable('DATABASE_PASSWORD'),
      body: { key: 'DATABASE_PASSWORD', value: 'rotated', description: null },
    },
    {
      operationId: 'editVariable',
      status: 200,
      scenario: 'an alias renamed',
      params: variable('VERBOSITY'),
      body: { key: 'LOGGING' },
      before: [alias],
    },
    { operationId: 'deleteVariable', status: 204, scenario: 'LOG_LEVEL, with its override', before: [override] },
    override,
    alias,
    {
      operationId: 'createVariableOverride',
      status: 201,
      scenario: 'the secret, on "front"',
      params: variable('DATABASE_PASSWORD'),
      body: (mock) => ({ value: 'front-only', override_scope: 'APPLICATION', override_parent_id: front(mock) }),
    },
    {
      operationId: 'createVariableAlias',
      status: 201,
      scenario: 'the secret, on "front"',
      params: variable('DATABASE_PASSWORD'),
      body: (mock) => ({ key: 'DB_PASSWORD', alias_scope: 'APPLICATION', alias_parent_id: front(mock) }),
    },
  ];
}

/**
 * Environments, applications and deployments: reads at rest and while a deploy is queued (the
 * in-progress shapes differ: no V1 status, ONGOING action statuses), and every action.
 */
function deploymentSuccess(): Case[] {
  const deployFront: Case = { operationId: 'deployApplication', status: 202, scenario: 'start a deploy of "front"' };
  const atRestAndQueued = (operationId: string, scenario: string, extra: Partial<Case> = {}): Case[] => [
    { operationId, status: 200, scenario, ...extra },
    { operationId, status: 200, scenario: `${scenario}, while a deploy is queued`, before: [deployFront], ...extra },
  ];
  return [
    { operationId: 'listEnvironment', status: 200, scenario: 'the two environments of "web"' },
    { operationId: 'getEnvironment', status: 200, scenario: 'environment "production"' },
    ...atRestAndQueued('getEnvironmentStatus', 'production'),
    { operationId: 'getEnvironmentStatus', status: 200, scenario: 'staging, never deployed', params: staging },
    ...atRestAndQueued('getEnvironmentStatuses', 'production, its services of every kind with history'),
    {
      operationId: 'getEnvironmentStatuses',
      status: 200,
      scenario: 'staging, services of every kind but containers, without history',
      params: staging,
    },
    {
      operationId: 'getEnvironmentStatuses',
      status: 200,
      scenario: 'production, while the whole environment deploys',
      before: [{ operationId: 'deployEnvironment', status: 202, scenario: 'deploy production' }],
    },
    { operationId: 'deployEnvironment', status: 202, scenario: 'every service of "production"' },
    { operationId: 'deployEnvironment', status: 202, scenario: 'staging, never deployed', params: staging },
    { operationId: 'deployAllServices', status: 202, scenario: 'every service of "production", "front" at a commit' },
    {
      operationId: 'deployAllServices',
      status: 202,
      scenario: "staging's job and chart built from git, each at a commit",
      params: staging,
      body: (mock) => ({
        jobs: [{ id: nightly(mock).jobId, git_commit_id: COMMIT }],
        helms: [{ id: ingress(mock).helmId, git_commit_id: COMMIT }],
      }),
    },
    {
      operationId: 'deployAllServices',
      status: 202,
      scenario: '"front" alone, at the commit it runs',
      body: (mock) => ({ applications: [{ application_id: front(mock) }] }),
    },
    { operationId: 'stopEnvironment', status: 202, scenario: 'every service of "production"' },
    ...atRestAndQueued('getEnvironmentStatusesWithStages', 'production, a stage per kind'),
    {
      operationId: 'getEnvironmentStatusesWithStages',
      status: 200,
      scenario: 'staging, never deployed through the API',
      params: staging,
    },
    {
      operationId: 'getEnvironmentStatusesWithStages',
      status: 200,
      scenario: 'production, its deployment cancelled',
      before: [
        { operationId: 'deployEnvironment', status: 202, scenario: 'deploy production' },
        { operationId: 'cancelEnvironmentDeployment', status: 202, scenario: 'cancel it' },
      ],
    },
    ...atRestAndQueued('listEnvironmentLogs', 'the latest deployment of production'),
    {
      operationId: 'listEnvironmentLogs',
      status: 200,
      scenario: 'an earlier deployment, by its execution id (a failed build among them)',
      query: (mock) => ({ version: executionOf(mock, 'front', 9) }),
    },
    { operationId: 'listEnvironmentLogs', status: 200, scenario: 'staging, never deployed: none', params: staging },
    {
      operationId: 'listEnvironmentLogs',
      status: 200,
      scenario: 'a cancelled deployment',
      before: [
        { operationId: 'deployEnvironment', status: 202, scenario: 'deploy production' },
        { operationId: 'cancelEnvironmentDeployment', status: 202, scenario: 'cancel it' },
      ],
    },
    {
      operationId: 'cancelEnvironmentDeployment',
      status: 202,
      scenario: 'the deployment of production, queued',
      before: [{ operationId: 'deployEnvironment', status: 202, scenario: 'deploy production' }],
    },
    {
      operationId: 'cancelEnvironmentDeployment',
      status: 202,
      scenario: 'a deploy of "front" alone, forced, no body',
      body: null,
      before: [deployFront],
    },
    { operationId: 'redeployEnvironment', status: 202, scenario: 'every service of "production"' },
    { operationId: 'listApplication', status: 200, scenario: 'the two applications of "production"' },
    { operationId: 'listApplication', status: 200, scenario: 'toUpdate=true (ignored)', query: { toUpdate: 'true' } },
    { operationId: 'getApplication', status: 200, scenario: 'application "front"' },
    ...atRestAndQueued('getApplicationStatus', '"front"'),
    { operationId: 'deployApplication', status: 202, scenario: 'a commit of "front"' },
    { operationId: 'redeployApplication', status: 202, scenario: 'the deployed commit of "front"' },
    { operationId: 'rebootApplication', status: 202, scenario: '"front"' },
    { operationId: 'stopApplication', status: 202, scenario: '"front"' },
    ...serviceKindSuccess(),
    ...atRestAndQueued('getDeploymentStatusByDeploymentRequestId', 'the latest request of "front"'),
    ...atRestAndQueued('listEnvironmentDeploymentHistory', 'first page'),
    {
      operationId: 'listEnvironmentDeploymentHistory',
      status: 200,
      scenario: 'while the whole environment deploys, every kind in one entry',
      before: [{ operationId: 'deployEnvironment', status: 202, scenario: 'deploy production' }],
    },
    {
      operationId: 'listEnvironmentDeploymentHistoryV2',
      status: 200,
      scenario: 'staging deployed, every kind in its one stage',
      params: staging,
      before: [{ operationId: 'deployEnvironment', status: 202, scenario: 'deploy staging', params: staging }],
    },
    {
      operationId: 'listEnvironmentDeploymentHistory',
      status: 200,
      scenario: 'the page after startId',
      query: (mock) => ({ startId: deploymentOf(mock, 'front', 3) }),
    },
    ...atRestAndQueued('listEnvironmentDeploymentHistoryV2', 'default page size'),
    {
      operationId: 'listEnvironmentDeploymentHistoryV2',
      status: 200,
      scenario: 'pageSize 5',
      query: { pageSize: '5' },
    },
    ...atRestAndQueued('listApplicationDeploymentHistory', 'first page'),
    {
      operationId: 'listApplicationDeploymentHistory',
      status: 200,
      scenario: 'the page after startId',
      query: (mock) => ({ startId: deploymentOf(mock, 'front', 19) }),
    },
    ...atRestAndQueued('listApplicationDeploymentHistoryV2', 'default page size'),
    {
      operationId: 'listApplicationDeploymentHistoryV2',
      status: 200,
      scenario: 'pageSize 5',
      query: { pageSize: '5' },
    },
  ];
}

/**
 * Containers, jobs, databases and helm charts: every route of each kind, each source a deploy takes
 * a version from, and the organization's list of services with each of its filters.
 */
function serviceKindSuccess(): Case[] {
  const kinds = [
    ['Container', '"queue"', 'listContainer'],
    ['Job', '"migrate"', 'listJobs'],
    ['Database', '"db"', 'listDatabase'],
    ['Helm', '"redis"', 'listHelms'],
  ] as const;
  const queued = (kind: string): Case => ({ operationId: `deploy${kind}`, status: 202, scenario: 'start a deploy' });
  return [
    ...kinds.flatMap(([kind, name, list]): Case[] => [
      { operationId: list, status: 200, scenario: 'production' },
      { operationId: list, status: 200, scenario: 'staging', params: staging },
      { operationId: `get${kind}`, status: 200, scenario: name },
      { operationId: `get${kind}Status`, status: 200, scenario: name },
      {
        operationId: `get${kind}Status`,
        status: 200,
        scenario: `${name}, while a deploy is queued`,
        before: [queued(kind)],
      },
      { operationId: `deploy${kind}`, status: 202, scenario: name },
      { operationId: `redeploy${kind}`, status: 202, scenario: name },
      { operationId: `stop${kind}`, status: 202, scenario: name },
    ]),
    { operationId: 'getJob', status: 200, scenario: 'cron job "nightly", built from git', params: nightly },
    { operationId: 'getDatabase', status: 200, scenario: 'managed database "cache"', params: cache },
    { operationId: 'getHelm', status: 200, scenario: 'helm chart "ingress", from git', params: ingress },
    { operationId: 'rebootContainer', status: 202, scenario: '"queue"' },
    { operationId: 'rebootDatabase', status: 202, scenario: '"db"' },
    { operationId: 'rebootDatabase', status: 202, scenario: 'managed "cache"', params: cache },
    { operationId: 'deployJob', status: 202, scenario: 'no body: what runs', body: null },
    { operationId: 'deployJob', status: 202, scenario: 'an empty body', body: {} },
    {
      operationId: 'deployJob',
      status: 202,
      scenario: '"nightly" at a commit',
      params: nightly,
      body: { git_commit_id: COMMIT },
    },
    {
      operationId: 'deployJob',
      status: 202,
      scenario: 'a commit for a job run from an image: ignored, what runs',
      body: { git_commit_id: COMMIT },
    },
    { operationId: 'deployHelm', status: 202, scenario: 'no body: what runs', body: null },
    {
      operationId: 'deployHelm',
      status: 202,
      scenario: '"ingress" at a commit, with its values at another',
      params: ingress,
      body: { git_commit_id: COMMIT, values_override_git_commit_id: COMMIT },
    },
    {
      operationId: 'getHelmStatus',
      status: 200,
      scenario: '"ingress", never deployed through the API',
      params: ingress,
    },
    { operationId: 'listServicesByOrganizationId', status: 200, scenario: 'every service of every kind' },
    {
      operationId: 'listServicesByOrganizationId',
      status: 200,
      scenario: 'of project "web"',
      query: (mock) => ({ project_id: named(mock.state.projects, 'web').id }),
    },
    {
      operationId: 'listServicesByOrganizationId',
      status: 200,
      scenario: 'of environment "staging"',
      query: (mock) => ({ environment_id: named(mock.state.environments, 'staging').id }),
    },
    {
      operationId: 'listServicesByOrganizationId',
      status: 200,
      scenario: 'of the cluster',
      query: (mock) => ({ cluster_id: named(mock.state.environments, 'staging').cluster_id }),
    },
  ];
}

const allOperationIds = [...new Set(success.map((c) => c.operationId))];

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

const writes = (id: string): boolean => operation(id).method !== 'GET';

const badRequest: Case[] = [
  {
    operationId: 'editOrganization',
    status: 400,
    scenario: 'name missing',
    body: { plan: 'TEAM', description: 'no name' },
  },
  {
    operationId: 'editOrganization',
    status: 400,
    scenario: 'plan missing, which the contract requires',
    body: { name: 'Acme' },
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
  { operationId: 'editProject', status: 400, scenario: 'name a number', body: { name: 7 } },
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
  // A deploy whose body requires one field: without it, mistyped, without a body, not JSON, and a
  // malformed id (a 400 where the operation takes a body).
  ...(
    [
      ['deployApplication', 'git_commit_id', 'applicationId'],
      ['deployContainer', 'image_tag', 'containerId'],
    ] as const
  ).flatMap(([operationId, field, id]): Case[] => [
    { operationId, status: 400, scenario: `${field} missing`, body: {} },
    { operationId, status: 400, scenario: `${field} a number`, body: { [field]: 42 } },
    { operationId, status: 400, scenario: 'no body', body: null },
    { operationId, status: 400, scenario: 'body is not JSON', rawBody: `{"${field}":` },
    { operationId, status: 400, scenario: `${id} not a UUID`, params: { [id]: NOT_A_UUID } },
  ]),
  // A deploy whose body is optional, with a version field of each of two sources: mistyped, both at
  // once (which the contract rules out), and a malformed id.
  ...(
    [
      ['deployJob', 'image_tag', 'jobId'],
      ['deployHelm', 'chart_version', 'helmId'],
    ] as const
  ).flatMap(([operationId, field, id]): Case[] => [
    { operationId, status: 400, scenario: `${field} a number`, body: { [field]: 2 } },
    {
      operationId,
      status: 400,
      scenario: `${field} and git_commit_id together`,
      body: { [field]: '2.0.0', git_commit_id: COMMIT },
    },
    { operationId, status: 400, scenario: `${id} not a UUID`, params: { [id]: NOT_A_UUID } },
  ]),
  { operationId: 'deployAllServices', status: 400, scenario: 'no service named', body: {} },
  { operationId: 'deployAllServices', status: 400, scenario: 'application_id missing', body: { applications: [{}] } },
  {
    operationId: 'deployAllServices',
    status: 400,
    scenario: 'a job without its id',
    body: { jobs: [{ image_tag: '2' }] },
  },
  {
    operationId: 'deployAllServices',
    status: 400,
    scenario: 'an application of another environment',
    body: (mock) => ({ applications: [{ application_id: idOf((m) => m.state.applications, 'docs')(mock) }] }),
  },
  {
    operationId: 'deployAllServices',
    status: 400,
    scenario: '"front" named twice',
    body: (mock) => ({ applications: [{ application_id: front(mock) }, { application_id: front(mock) }] }),
  },
  {
    operationId: 'deployAllServices',
    status: 400,
    scenario: 'environmentId not a UUID',
    params: { environmentId: NOT_A_UUID },
  },
  ...previewBadRequest(),
];

/** Edits of a service and the /variable API: the body the contract refuses, and the rules it keeps. */
function previewBadRequest(): Case[] {
  const withoutId = ([operationId, id]: readonly [string, ParamName]): Case[] => [
    { operationId, status: 400, scenario: 'no body', body: null },
    { operationId, status: 400, scenario: 'body is not JSON', rawBody: '{"key":' },
    { operationId, status: 400, scenario: `${id} not a UUID`, params: { [id]: NOT_A_UUID } },
  ];
  const alias: Case = { operationId: 'createVariableAlias', status: 201, scenario: 'VERBOSITY in production' };
  return [
    ...(
      [
        ['editApplication', 'applicationId'],
        ['editContainer', 'containerId'],
        ['editVariable', 'variableId'],
        ['createVariableAlias', 'variableId'],
        ['createVariableOverride', 'variableId'],
      ] as const
    ).flatMap(withoutId),
    { operationId: 'editApplication', status: 400, scenario: 'healthchecks missing', body: { name: 'front' } },
    {
      operationId: 'editApplication',
      status: 400,
      scenario: 'a git repository without its provider',
      body: {
        healthchecks: {},
        git_repository: { url: 'https://github.com/acme/front.git', owner: 'acme', name: 'front' },
      },
    },
    {
      operationId: 'editContainer',
      status: 400,
      scenario: 'tag missing',
      body: (mock) => {
        const { tag: _tag, ...rest } = queueAtTag(mock);
        return rest;
      },
    },
    {
      operationId: 'editContainer',
      status: 400,
      scenario: 'a registry the organization does not have',
      body: (mock) => ({ ...queueAtTag(mock), registry_id: UNKNOWN_ID }),
    },
    { operationId: 'createVariable', status: 400, scenario: 'no body', body: null },
    {
      operationId: 'createVariable',
      status: 400,
      scenario: 'key missing',
      body: (mock) => ({
        value: 'x',
        is_secret: false,
        variable_scope: 'ENVIRONMENT',
        variable_parent_id: production(mock),
      }),
    },
    {
      operationId: 'createVariable',
      status: 400,
      scenario: 'a scope the contract does not know',
      body: (mock) => ({
        key: 'K',
        value: 'x',
        is_secret: false,
        variable_scope: 'GALAXY',
        variable_parent_id: production(mock),
      }),
    },
    {
      operationId: 'createVariable',
      status: 400,
      scenario: "BUILT_IN: Qovery's own",
      body: (mock) => ({
        key: 'K',
        value: 'x',
        is_secret: false,
        variable_scope: 'BUILT_IN',
        variable_parent_id: production(mock),
      }),
    },
    {
      operationId: 'createVariable',
      status: 400,
      scenario: 'a key that exists on that project already',
      body: (mock) => ({
        key: 'LOG_LEVEL',
        value: SECRET,
        is_secret: true,
        variable_scope: 'PROJECT',
        variable_parent_id: named(mock.state.projects, 'web').id,
      }),
    },
    {
      operationId: 'createVariable',
      status: 400,
      scenario: 'a blank key',
      body: (mock) => ({
        key: ' ',
        value: 'x',
        is_secret: false,
        variable_scope: 'ENVIRONMENT',
        variable_parent_id: production(mock),
      }),
    },
    { operationId: 'editVariable', status: 400, scenario: 'key missing', body: { value: 'debug' } },
    { operationId: 'editVariable', status: 400, scenario: 'renamed to a key taken there', body: { key: 'REGION' } },
    {
      operationId: 'editVariable',
      status: 400,
      scenario: 'a value for an alias',
      params: variable('VERBOSITY'),
      body: { key: 'VERBOSITY', value: 'x' },
      before: [alias],
    },
    {
      operationId: 'createVariableAlias',
      status: 400,
      scenario: 'alias_scope missing',
      body: (mock) => ({ key: 'VERBOSITY', alias_parent_id: production(mock) }),
    },
    {
      operationId: 'createVariableAlias',
      status: 400,
      scenario: "above the variable: the environment's secret on the project",
      params: variable('DATABASE_PASSWORD'),
      body: (mock) => ({ key: 'DB', alias_scope: 'PROJECT', alias_parent_id: named(mock.state.projects, 'web').id }),
    },
    {
      operationId: 'createVariableAlias',
      status: 400,
      scenario: 'a key production has already',
      body: (mock) => ({ key: 'DATABASE_PASSWORD', alias_scope: 'ENVIRONMENT', alias_parent_id: production(mock) }),
    },
    {
      operationId: 'createVariableAlias',
      status: 400,
      scenario: 'of an alias',
      params: variable('VERBOSITY'),
      body: (mock) => ({ key: 'V2', alias_scope: 'ENVIRONMENT', alias_parent_id: production(mock) }),
      before: [alias],
    },
    {
      operationId: 'createVariableOverride',
      status: 400,
      scenario: 'value missing',
      body: (mock) => ({ override_scope: 'ENVIRONMENT', override_parent_id: production(mock) }),
    },
    {
      operationId: 'createVariableOverride',
      status: 400,
      scenario: 'where the variable is defined, not below',
      body: (mock) => ({
        value: 'debug',
        override_scope: 'PROJECT',
        override_parent_id: named(mock.state.projects, 'web').id,
      }),
    },
    {
      operationId: 'createVariableOverride',
      status: 400,
      scenario: 'twice in production',
      before: [{ operationId: 'createVariableOverride', status: 201, scenario: 'LOG_LEVEL in production' }],
    },
  ];
}

const unauthenticated: Case[] = allOperationIds.flatMap((operationId) => [
  { operationId, status: 401, scenario: 'no Authorization header', token: 'none' as const },
  { operationId, status: 401, scenario: 'a token the API does not know', token: 'unknown' as const },
]);

// Every operation that reaches into an organization: refused to outsiders, and writes to the Viewer.
const forbidden: Case[] = allOperationIds
  .filter((id) => !(`${id} 403` in NOT_EXERCISED))
  .flatMap((operationId) => [
    { operationId, status: 403, scenario: "another organization's token", token: 'outsider' as const },
    ...(writes(operationId)
      ? [{ operationId, status: 403, scenario: 'the Viewer token cannot write', token: 'viewer' as const }]
      : []),
  ]);

const SCOPES: ParamName[] = [
  'organizationId',
  'projectId',
  'environmentId',
  'applicationId',
  'containerId',
  'jobId',
  'databaseId',
  'helmId',
  'variableId',
];

const notFound: Case[] = [
  ...SCOPES.flatMap((name) =>
    allOperationIds
      .filter((id) => operation(id).path.includes(`{${name}}`))
      .map((operationId) => ({
        operationId,
        status: 404,
        scenario: `unknown ${name}`,
        params: { [name]: UNKNOWN_ID },
      })),
  ),
  ...(
    [
      ['an unknown deploymentRequestId', { deploymentRequestId: UNKNOWN_ID }],
      ['a deploymentRequestId not a UUID', { deploymentRequestId: NOT_A_UUID }],
      ['no deploymentRequestId', {}],
    ] satisfies [string, Record<string, string>][]
  ).map(([scenario, query]) => ({
    operationId: 'getDeploymentStatusByDeploymentRequestId',
    status: 404,
    scenario,
    query,
  })),
  {
    operationId: 'listEnvironmentLogs',
    status: 404,
    scenario: 'an execution id the environment never had',
    query: (mock: QoveryMock) => ({ version: `${named(mock.state.environments, 'production').id}-999` }),
  },
  {
    operationId: 'listEnvironmentLogs',
    status: 404,
    scenario: "another environment's execution id",
    params: staging,
    query: (mock: QoveryMock) => ({ version: executionOf(mock, 'front') }),
  },
  ...['listEnvironmentDeploymentHistory', 'listApplicationDeploymentHistory'].map((operationId) => ({
    operationId,
    status: 404,
    scenario: 'a startId in no history',
    query: { startId: UNKNOWN_ID },
  })),
  {
    operationId: 'listApplicationDeploymentHistory',
    status: 404,
    scenario: "a startId from another application's history",
    query: (mock: QoveryMock) => ({ startId: deploymentOf(mock, 'worker') }),
  },
  {
    operationId: 'getContainer',
    status: 404,
    scenario: 'the id of a service of another kind',
    params: (mock: QoveryMock) => ({ containerId: named(mock.state.jobs, 'migrate').id }),
  },
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
  ...previewNotFound(),
];

/** Parents of variables, and what a clone names, that the caller's organization does not have. */
function previewNotFound(): Case[] {
  const live = (mock: QoveryMock) => named(mock.state.environments, 'live').id;
  return [
    ...(
      [
        ['an unknown parent_id', { parent_id: UNKNOWN_ID, scope: 'ENVIRONMENT' }],
        ['a parent_id not a UUID', { parent_id: NOT_A_UUID, scope: 'PROJECT' }],
        ['no parent_id', { scope: 'PROJECT' }],
        ['no scope', { parent_id: UNKNOWN_ID }],
        ['the BUILT_IN scope', { parent_id: UNKNOWN_ID, scope: 'BUILT_IN' }],
        ['a TERRAFORM parent: the mock has none', { parent_id: UNKNOWN_ID, scope: 'TERRAFORM' }],
      ] satisfies [string, Record<string, string>][]
    ).map(([scenario, query]) => ({ operationId: 'listVariables', status: 404, scenario, query })),
    {
      operationId: 'listVariables',
      status: 404,
      scenario: 'an environment id given as a project',
      query: (mock) => ({ parent_id: production(mock), scope: 'PROJECT' }),
    },
    {
      operationId: 'createVariable',
      status: 404,
      scenario: 'an unknown variable_parent_id',
      body: { key: 'K', value: 'v', is_secret: false, variable_scope: 'APPLICATION', variable_parent_id: UNKNOWN_ID },
    },
    {
      operationId: 'createVariableAlias',
      status: 404,
      scenario: 'an unknown alias_parent_id',
      body: { key: 'V', alias_scope: 'ENVIRONMENT', alias_parent_id: UNKNOWN_ID },
    },
    {
      operationId: 'createVariableAlias',
      status: 404,
      scenario: "an environment of another organization (Globex's, which the admin cannot see)",
      body: (mock) => ({ key: 'V', alias_scope: 'ENVIRONMENT', alias_parent_id: live(mock) }),
    },
    {
      operationId: 'createVariableOverride',
      status: 404,
      scenario: 'an environment of another organization',
      body: (mock) => ({ value: 'debug', override_scope: 'ENVIRONMENT', override_parent_id: live(mock) }),
    },
    {
      operationId: 'createVariableOverride',
      status: 404,
      scenario: "another organization's variable, by its owner's token",
      params: variable('GLOBEX_ONLY'),
      body: (mock) => ({ value: 'debug', override_scope: 'ENVIRONMENT', override_parent_id: production(mock) }),
      token: 'outsider',
    },
    {
      operationId: 'cloneEnvironment',
      status: 404,
      scenario: 'an unknown project_id',
      body: { name: 'pr-7', project_id: UNKNOWN_ID },
    },
    {
      operationId: 'cloneEnvironment',
      status: 404,
      scenario: 'a project of another organization',
      body: (mock) => ({ name: 'pr-7', project_id: named(mock.state.projects, 'portal').id }),
    },
    {
      operationId: 'cloneEnvironment',
      status: 404,
      scenario: 'a cluster the organization has no environment on',
      body: { name: 'pr-7', cluster_id: UNKNOWN_ID },
    },
  ];
}

/** Per path prefix, the deploy that queues an action on the default service there. */
const QUEUED_DEPLOY: Readonly<Record<string, readonly [string, string]>> = {
  application: ['deployApplication', '"front"'],
  container: ['deployContainer', '"queue"'],
  job: ['deployJob', '"migrate"'],
  database: ['deployDatabase', '"db"'],
  helm: ['deployHelm', '"redis"'],
};

/** The operations whose 409 is a name already taken, not an action in progress. */
const NAME_CONFLICTS: ReadonlySet<string> = new Set(['cloneEnvironment', 'editApplication', 'editContainer']);

const conflict: Case[] = [
  {
    operationId: 'editOrganization',
    status: 409,
    scenario: 'the name of another organization',
    body: { name: 'globex', plan: 'TEAM' },
  },
  { operationId: 'createProject', status: 409, scenario: 'the name of an existing project', body: { name: 'WEB' } },
  { operationId: 'editProject', status: 409, scenario: 'the name of the other project', body: { name: 'api' } },
  {
    operationId: 'createOrganizationApiToken',
    status: 409,
    scenario: 'the name of an existing token',
    body: { name: 'mock admin', role_id: SEED.adminRoleId },
  },
  {
    operationId: 'cloneEnvironment',
    status: 409,
    scenario: 'the name of an environment of the project',
    body: { name: 'STAGING' },
  },
  {
    operationId: 'cloneEnvironment',
    status: 409,
    scenario: 'the name of an earlier clone',
    before: [{ operationId: 'cloneEnvironment', status: 202, scenario: 'clone production as pr-7' }],
  },
  {
    operationId: 'editApplication',
    status: 409,
    scenario: 'the name of another application of the environment',
    body: (mock) => ({ ...frontOnBranch(mock), name: 'Worker' }),
  },
  {
    operationId: 'editApplication',
    status: 409,
    scenario: 'the name of a container of the environment',
    body: (mock) => ({ ...frontOnBranch(mock), name: 'queue' }),
  },
  {
    operationId: 'editContainer',
    status: 409,
    scenario: 'the name of an application of the environment',
    body: (mock) => ({ ...queueAtTag(mock), name: 'front' }),
  },
  // Any action while one covering the same service, or environment, has not settled (a 409 of the
  // clone and the edits is a name taken, above).
  ...allOperationIds.flatMap((operationId): Case[] => {
    if (NAME_CONFLICTS.has(operationId) || operationId === 'cancelEnvironmentDeployment') return [];
    const [, prefix = ''] = /^\/(\w+)\//.exec(operation(operationId).path) ?? [];
    // An environment's action waits for a deploy of any of its services: "front"'s, say.
    const queued = QUEUED_DEPLOY[prefix === 'environment' ? 'application' : prefix];
    if (!declaredStatuses(operationId).includes('409') || queued === undefined) return [];
    const first = (id: string): Case => ({ operationId: id, status: 202, scenario: 'start an action' });
    return [
      { operationId, status: 409, scenario: `a deploy of ${queued[1]} is queued`, before: [first(queued[0])] },
      { operationId, status: 409, scenario: 'a stop of "production" is queued', before: [first('stopEnvironment')] },
    ];
  }),
];

/** A cancellation is refused when nothing runs, not while something does. */
const cancelConflicts: Case[] = [
  { operationId: 'cancelEnvironmentDeployment', status: 409, scenario: 'nothing runs in production' },
  {
    operationId: 'cancelEnvironmentDeployment',
    status: 409,
    scenario: 'already cancelled',
    before: [
      { operationId: 'deployEnvironment', status: 202, scenario: 'deploy production' },
      { operationId: 'cancelEnvironmentDeployment', status: 202, scenario: 'cancel it' },
    ],
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
  ...cancelConflicts,
  ...tooMany,
];

const label = (c: Case): string => {
  const op = operations.get(c.operationId);
  return `${c.operationId} (${op ? `${op.method} ${op.path}` : 'not in openapi.yaml'}) → ${c.status}: ${c.scenario}`;
};

// ---------------------------------------------------------------------------------------------
// Tests.
// ---------------------------------------------------------------------------------------------

async function run(c: Case): Promise<{ exchange: Exchange; problems: string[]; seen: Sighting[] }> {
  const mock = createMock(c.rateLimited === true);
  const problems: string[] = [];
  const seen: Sighting[] = [];
  for (const before of c.before ?? []) {
    const first = await send(mock, before);
    expect(first.status, first.text).toBe(before.status);
    problems.push(...conformance(before.operationId, first, true, seen).map((p) => `${before.scenario}: ${p}`));
  }
  if (c.rateLimited) {
    // Use up the window: this response is checked too, as listOrganization.
    const first = await send(mock, { operationId: 'listOrganization', status: 200, scenario: 'use up the window' });
    expect(first.status).toBe(200);
    problems.push(...conformance('listOrganization', first, true, seen).map((p) => `first request: ${p}`));
  }
  const exchange = await send(mock, c);
  // Every answer carries the rate-limit headers, 401s included (refused credentials are counted too).
  const authenticated = true;
  problems.push(...conformance(c.operationId, exchange, authenticated, seen));
  // A secret's value is kept, and never answered: not in a list, a creation, an edit or an error.
  if (exchange.text.includes(SECRET)) problems.push(`the answer carries a secret's value: ${exchange.text}`);
  return { exchange, problems, seen };
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

  it('openapi.yaml has every wrapped operation, and every case names one of them', () => {
    expect(operations.size).toBe(WRAPPED.size);
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
    const mock = createMock(false);
    const problems = success.flatMap((c) => {
      const { requestSchema: schema, requestRequired } = operation(c.operationId);
      const body = requestBody(c, mock);
      if (schema === undefined)
        return body === undefined ? [] : [`${label(c)}: sends a body the contract does not take`];
      if (body === undefined && !requestRequired) return [];
      return validate(schema, body).map((p) => `${label(c)}: request ${p}`);
    });
    expect(problems).toEqual([]);
  });
});

/** The fields the embedded API adds that the spec does not declare, where: the real API sends them. */
const UNDECLARED_ON_PURPOSE = [
  'createVariable $.variable_kind',
  'createVariableAlias $.variable_kind',
  'createVariableOverride $.variable_kind',
  'editApplication $.buildpack_language',
  'editVariable $.variable_kind',
  'getApplication $.buildpack_language',
  'listApplication $.results[].buildpack_language',
  'listVariables $.results[].variable_kind',
];

/**
 * Operations whose answers must show a null for an optional field without a value: one or two of
 * every kind of record the wrapped operations answer (links have no optional field).
 */
const NULL_FILLED = [
  'listOrganization',
  'getOrganization',
  'listProject',
  'getProject',
  'listOrganizationApiTokens',
  'createOrganizationApiToken',
  'listEnvironment',
  'getEnvironment',
  'getEnvironmentStatuses',
  'getEnvironmentStatusesWithStages',
  'listEnvironmentLogs',
  'getApplicationStatus',
  'listApplication',
  'getApplication',
  'getContainer',
  'getJob',
  'getDatabase',
  'getHelm',
  'listServicesByOrganizationId',
  'listVariables',
  'createVariable',
  'listEnvironmentDeploymentHistory',
  'listEnvironmentDeploymentHistoryV2',
  'listApplicationDeploymentHistory',
  'listApplicationDeploymentHistoryV2',
];

/** Where a habit was seen, array positions left out: `listVariables $.results[].service_id`. */
const where = (sighting: Sighting): string => sighting.path.replace(/\[\d+\]/g, '[]');

describe("the real API's habits, as the embedded API copies them", () => {
  it('every named habit is seen in the success answers, and each is listed with where it was seen', async () => {
    const seen = new Map<Habit, Set<string>>();
    for (const c of success) {
      for (const sighting of (await run(c)).seen) {
        const places = seen.get(sighting.habit) ?? new Set<string>();
        places.add(where(sighting));
        seen.set(sighting.habit, places);
      }
    }
    const listing = [...seen].map(
      ([habit, places]) => `${habit} (${places.size}):\n  ${[...places].sort().join('\n  ')}`,
    );
    console.log(`The real API's habits seen in the embedded API's answers:\n${listing.join('\n')}`);
    // A habit no answer shows any more is no longer copied: drop it from HABITS, or copy it again.
    expect([...seen.keys()].sort()).toEqual([...REAL_HABITS].sort());
    // Fields the spec does not declare: only those the embedded API adds on purpose.
    expect([...(seen.get(HABITS.undeclaredField) ?? [])].sort()).toEqual(UNDECLARED_ON_PURPOSE);
    // null for an optional field without a value: in every kind of record a wrapped operation answers.
    const nulled = new Set([...(seen.get(HABITS.nullInOptional) ?? [])].map((place) => place.split(' ')[0]));
    expect(NULL_FILLED.filter((operationId) => !nulled.has(operationId))).toEqual([]);
  });

  it('takes a null in an optional field as the habit, and nothing else', () => {
    const ctx = { doc: spec, habits: REAL_HABITS, seen: [] as Sighting[] };
    const project = {
      id: '5b2f0c7e-1d3a-4e8b-9c6d-7a1e2f3b4c5d',
      created_at: '2025-06-01T12:00:00.000Z',
      name: 'web',
      associated_environments_count: 0,
      organization: { id: SEED.organizationId },
    };
    expect(check(componentSchema('Project'), { ...project, description: null }, '$', ctx)).toEqual([]);
    expect(ctx.seen).toEqual([{ habit: HABITS.nullInOptional, path: '$.description' }]);
    // Strictly, the same null is a problem.
    expect(validate(componentSchema('Project'), { ...project, description: null })).toEqual([
      '$.description: is null, but the schema (type string) is not nullable',
    ]);
  });

  it('still refuses a null in a required field, through allOf, and a wrong type, with every habit taken', () => {
    const ctx = { doc: spec, habits: REAL_HABITS, seen: [] as Sighting[] };
    const project = {
      id: '5b2f0c7e-1d3a-4e8b-9c6d-7a1e2f3b4c5d',
      created_at: '2025-06-01T12:00:00.000Z',
      name: 'web',
      associated_environments_count: 0,
      organization: { id: SEED.organizationId },
    };
    const schema = componentSchema('ProjectResponseList');
    // `id` is required by Base, an allOf part that does not declare `name`.
    expect(check(schema, { results: [{ ...project, name: null, id: null }] }, '$', ctx)).toEqual([
      '$.results[0].id: is null, but the schema (type string) is not nullable',
      '$.results[0].name: is null, but the schema (type string) is not nullable',
    ]);
    expect(check(schema, { results: [{ ...project, description: 7 }] }, '$', ctx)).toEqual([
      '$.results[0].description: expected string, got integer 7',
    ]);
    expect(check(schema, { results: null }, '$', ctx)).toEqual([]);
    expect(check(schema, { results: [null] }, '$', ctx)).toEqual([
      '$.results[0]: is null, but the schema (type object) is not nullable',
    ]);
    expect(check(componentSchema('Project'), null, '$', ctx)).not.toEqual([]);
    expect(ctx.seen).toEqual([{ habit: HABITS.nullInOptional, path: '$.results' }]);
  });

  it('sees an undeclared field without refusing it', () => {
    const ctx = { doc: spec, habits: REAL_HABITS, seen: [] as Sighting[] };
    const organization = { id: SEED.organizationId, created_at: '2025-06-01T12:00:00Z', name: 'Acme', plan: 'TEAM' };
    expect(check(componentSchema('Organization'), { ...organization, extra: 1 }, '$', ctx)).toEqual([]);
    expect(ctx.seen).toEqual([{ habit: HABITS.undeclaredField, path: '$.extra' }]);
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

  it('takes a oneOf when any variant fits, and reports when none does', () => {
    const schema = {
      oneOf: [
        { type: 'object', required: ['commit'] },
        { type: 'object', required: ['image_name', 'tag'] },
      ],
    };
    expect(validate(schema, { image_name: 'nginx', tag: '1.27' })).toEqual([]);
    expect(validate(schema, { image_name: 'nginx' })).toEqual([
      '$: matches none of the oneOf variants ($.commit: is required but missing; $.tag: is required but missing)',
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
