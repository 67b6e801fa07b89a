/**
 * Answers as the real API sends them (issue 27; API-FACTS.md, "Where the real API departs from its
 * spec"). Every wrapped call runs against the embedded API with its own operation's answer
 * reshaped on the way back:
 *   - `null` in every optional field the contract declares, at every depth;
 *   - every required field missing that the SDK does not read (src/essentials.ts says what it reads).
 * Each must resolve with the body unchanged. What the SDK reads stays checked: a list without
 * `results`, a status without a state, a record without its id still fail. Then a corpus of our
 * own, answers shaped as the facts describe them, goes through the calls, their list forms and
 * `qovery/schemas`' `validate()`.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type * as z from 'zod/mini';
import { WRAPPED_OPERATIONS } from '../generated/wrapped-operations.js';
import { allOfParts, specDeviations, successSchema } from '../scripts/spec-deviations.js';
import { essentialsOf } from '../src/essentials.js';
import { Qovery, type ResponseIssueReport, type ResponseValidation, ResponseValidationError } from '../src/index.js';
import { OPERATIONS } from '../src/operations.js';
import * as schemas from '../src/public-schemas.js';
import { contractCheck } from '../src/public-schemas.js';
import { createQoveryMock, DEPLOY_SCENE, type QoveryMock } from '../src/testing/index.js';
import { type Operation, wrappedCalls } from './wrapped-calls.js';

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const contract = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'), { maxAliasCount: -1 }) as Obj;

let mock: QoveryMock;
beforeEach(() => {
  mock = createQoveryMock({ ...DEPLOY_SCENE, rateLimit: false });
});
const CALLS = wrappedCalls(() => mock);
const returning = CALLS.filter(([operation]) => WRAPPED_OPERATIONS[operation].status !== 204);

// ---------------------------------------------------------------------------------------------
// The contract's shapes, and the essentials' (what the SDK reads), walked side by side.
// ---------------------------------------------------------------------------------------------

/**
 * An object schema's properties and required names, its allOf parts merged, for `value`: of a
 * oneOf, the variant `value` departs from least. Undefined for a schema that is not an object's.
 */
function shapeOf(schema: unknown, value?: unknown): { properties: Obj; required: Set<string> } | undefined {
  const parts = allOfParts(contract, schema);
  const oneOf = parts.find((part) => Array.isArray(part.oneOf))?.oneOf as unknown[] | undefined;
  if (oneOf) {
    const departures = (variant: unknown) => specDeviations(contract, variant, value).length;
    return shapeOf(
      oneOf.reduce((best, variant) => (departures(variant) < departures(best) ? variant : best)),
      value,
    );
  }
  if (!parts.some((part) => isObj(part.properties))) return undefined;
  const properties: Obj = {};
  const required = new Set<string>();
  for (const part of parts) {
    Object.assign(properties, isObj(part.properties) ? part.properties : {});
    for (const name of Array.isArray(part.required) ? part.required : []) required.add(String(name));
  }
  return { properties, required };
}
const itemsOf = (schema: unknown): unknown => allOfParts(contract, schema).find((part) => part.items)?.items;

type ZodDef = {
  type: string;
  innerType?: z.ZodMiniType;
  element?: z.ZodMiniType;
  shape?: Record<string, z.ZodMiniType>;
};
const defOf = (schema: z.ZodMiniType | undefined): ZodDef | undefined => {
  let def = schema?._zod.def as ZodDef | undefined;
  while (def && (def.type === 'optional' || def.type === 'nullable')) def = def.innerType?._zod.def as ZodDef;
  return def;
};
/** The essentials of a field, or of an array's items (`[]`). */
const readAt = (schema: z.ZodMiniType | undefined, key: string) =>
  key === '[]' ? defOf(schema)?.element : defOf(schema)?.shape?.[key];

/**
 * `value` with null in every optional field of `schema` (present or not), at every depth, except
 * those the SDK reads (`read`, the essentials: a list's optional `results` stays a list).
 */
function nullEveryOptional(value: unknown, schema: unknown, read: z.ZodMiniType | undefined): unknown {
  if (Array.isArray(value)) {
    const items = itemsOf(schema);
    return items ? value.map((item) => nullEveryOptional(item, items, readAt(read, '[]'))) : value;
  }
  const shape = isObj(value) ? shapeOf(schema, value) : undefined;
  if (!isObj(value) || !shape) return value;
  const out: Obj = { ...value };
  for (const [name, property] of Object.entries(shape.properties)) {
    const child = readAt(read, name);
    if (!shape.required.has(name) && (child === undefined || !(name in value))) out[name] = null;
    else if (name in value) out[name] = nullEveryOptional(value[name], property, child);
  }
  return out;
}

/** `value` without every required field of `schema` that `read` (the essentials) does not name, at every depth. */
function dropUnreadRequired(value: unknown, schema: unknown, read: z.ZodMiniType | undefined): unknown {
  if (Array.isArray(value)) {
    const items = itemsOf(schema);
    return items ? value.map((item) => dropUnreadRequired(item, items, readAt(read, '[]'))) : value;
  }
  const shape = isObj(value) ? shapeOf(schema, value) : undefined;
  if (!isObj(value) || !shape) return value;
  const out: Obj = { ...value };
  for (const name of shape.required) {
    const child = readAt(read, name);
    if (child === undefined) delete out[name];
    else if (name in value) out[name] = dropUnreadRequired(value[name], shape.properties[name], child);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A client whose answers to one operation are reshaped, and what it resolved with.
// ---------------------------------------------------------------------------------------------

const pattern = (template: string) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);

function reshaping(
  operation: Operation,
  reshape: (body: unknown) => unknown,
  validateResponses: ResponseValidation = true,
) {
  const [method, template] = OPERATIONS[operation];
  const sent: { original: unknown; reshaped: unknown }[] = [];
  const reports: ResponseIssueReport[] = [];
  const qovery = new Qovery({
    apiToken: mock.adminToken,
    baseUrl: 'https://api.qovery.test',
    maxRetries: 0,
    validateResponses,
    contractCheck,
    onResponseIssue: (report) => reports.push(report),
    fetch: async (request) => {
      const response = await mock.fetch(request);
      const ours = request.method === method.toUpperCase() && pattern(template).test(new URL(request.url).pathname);
      if (!ours || !response.ok || response.status === 204) return response;
      const original = await response.json();
      const reshaped = reshape(original);
      sent.push({ original, reshaped });
      return new Response(JSON.stringify(reshaped), { status: response.status, headers: response.headers });
    },
  });
  return { qovery, sent, reports };
}

/** What the call resolves with, set against the reshaped answer: the body itself, or its `results`. */
function expectUnchanged(resolved: unknown, reshaped: unknown) {
  // services.list() adds each service's kind, its service_type in lower case.
  const withKind = (item: unknown) => isObj(item) && 'kind' in item && 'service_type' in item;
  if (Array.isArray(resolved) && resolved.length > 0 && resolved.every(withKind))
    return expectUnchanged(
      resolved.map(({ kind: _, ...service }) => service),
      reshaped,
    );
  if (Array.isArray(resolved) && isObj(reshaped) && Array.isArray(reshaped.results)) {
    // A list, or the entries of a history that stopped at its limit.
    expect(resolved).toEqual(reshaped.results.slice(0, resolved.length));
  } else {
    expect(resolved).toEqual(reshaped);
  }
}

/** The answers whose records declare no optional field: nothing to null there. */
const OPTIONAL_FREE: Operation[] = [
  'listOrganizationAvailableRoles',
  'listEnvironmentServicesLinks',
  'listApplicationLinks',
  'listContainerLinks',
  'listHelmLinks',
];
const schemaOf = (operation: Operation) => successSchema(contract, operation, WRAPPED_OPERATIONS[operation].status);

describe('every wrapped call takes the answers the real API sends', () => {
  it('runs every wrapped call that answers with a body', () => {
    expect(returning.length).toBe(Object.values(WRAPPED_OPERATIONS).filter((o) => o.status !== 204).length);
  });

  describe.each(returning)('%s', (operation, call) => {
    it.each<ResponseValidation>([true, 'strict'])(
      'resolves with the body unchanged when every optional field is null (validateResponses %s)',
      async (validateResponses) => {
        const { qovery, sent, reports } = reshaping(
          operation,
          (body) => nullEveryOptional(body, schemaOf(operation), essentialsOf(operation)),
          validateResponses,
        );
        const resolved = await call(qovery);
        const [first] = sent;
        if (!first) throw new Error(`${operation} was not answered`);
        // The answer really holds what the spec does not allow, null in an optional field, unless
        // its schema has none (a Link, a role: every field required).
        const deviations = specDeviations(contract, schemaOf(operation), first.reshaped);
        if (!OPTIONAL_FREE.includes(operation)) expect(deviations.map((d) => d.kind)).toContain('null-in-optional');
        else expect(first.reshaped).toEqual(first.original);
        expectUnchanged(resolved, first.reshaped);
        // null in an optional field is what the types and the schemas say: nothing to report.
        expect(reports).toEqual([]);
      },
    );

    it('resolves with the body unchanged when every required field it does not read is missing, and reports them', async () => {
      const { qovery, sent, reports } = reshaping(operation, (body) =>
        dropUnreadRequired(body, schemaOf(operation), essentialsOf(operation)),
      );
      const resolved = await call(qovery);
      const [first] = sent;
      if (!first) throw new Error(`${operation} was not answered`);
      expectUnchanged(resolved, first.reshaped);
      const missing = specDeviations(contract, schemaOf(operation), first.reshaped).filter(
        (d) => d.kind === 'missing-required',
      );
      // Each missing field is reported (list entries by index; a union's discriminator as the
      // values it may take), never thrown, and nothing else is.
      expect(reports.length > 0).toBe(missing.length > 0);
      const removed = new Set(missing.map((d) => d.path.replace(/^\$\.?/, '').replace(/\[\d+\]/g, '[]')));
      for (const report of reports) {
        expect(report.operation).toBe(operation);
        // A list's entries by index (`results.0.id`, or `0.type` for an answer that is a list).
        const paths = report.issues.map((issue) => issue.path.replace(/(?:^|\.)(\d+)(?=\.|$)/g, '[]'));
        expect(paths.filter((path) => !removed.has(path))).toEqual([]);
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------
// What the SDK reads stays checked.
// ---------------------------------------------------------------------------------------------

const LISTS = returning.filter(([operation]) => {
  const shape = shapeOf(schemaOf(operation));
  return shape !== undefined && 'results' in shape.properties;
});
const STATUSES = returning.filter(([operation]) => {
  const shape = shapeOf(schemaOf(operation));
  return shape !== undefined && 'state' in shape.properties;
});

async function refused(call: Promise<unknown>): Promise<ResponseValidationError> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(ResponseValidationError);
  return outcome as ResponseValidationError;
}

describe('what the SDK reads stays checked', () => {
  it('finds the lists and the statuses among the wrapped calls', () => {
    expect(LISTS.length).toBeGreaterThanOrEqual(20);
    expect(STATUSES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(LISTS)(
    '%s: a list without results, or with null for it, fails carrying the body',
    async (operation, call) => {
      for (const results of [undefined, null]) {
        const { qovery } = reshaping(operation, (body) => ({ ...(body as Obj), results }));
        const error = await refused(call(qovery));
        expect(error.issues.map((issue) => issue.path)).toEqual(['results']);
        expect(error.body).toEqual(JSON.parse(JSON.stringify({ ...(error.body as Obj), results })));
      }
    },
  );

  it.each(STATUSES)('%s: a status without a state, or with null for it, fails', async (operation, call) => {
    for (const state of [undefined, null]) {
      mock = createQoveryMock({ ...DEPLOY_SCENE, rateLimit: false }); // an action runs once per scene
      const { qovery } = reshaping(operation, (body) => ({ ...(body as Obj), state }));
      const error = await refused(call(qovery));
      expect(error.issues.map((issue) => issue.path)).toContain('state');
    }
  });

  it.each(LISTS.filter(([operation]) => !/Links|HistoryV2$/.test(operation)))(
    '%s: a record without its id fails, naming the entry',
    async (operation, call) => {
      const { qovery } = reshaping(operation, (body) => {
        const list = body as { results: Obj[] };
        return { ...list, results: list.results.map(({ id: _, ...rest }, i) => (i === 0 ? rest : { ...rest, id: _ })) };
      });
      const error = await refused(call(qovery));
      expect(error.issues.map((issue) => issue.path)).toEqual(['results.0.id']);
    },
  );
});

// ---------------------------------------------------------------------------------------------
// A corpus of our own: answers shaped as API-FACTS.md describes the real ones, written here.
// ---------------------------------------------------------------------------------------------

const asRecord = (body: unknown) => body as Obj;
const eachResult = (change: (record: Obj) => Obj) => (body: unknown) => {
  const list = body as { results: Obj[] };
  return { ...list, results: list.results.map(change) };
};
const executionId = (environmentId: unknown, counter: number) => `${String(environmentId)}-${counter}`;

/** A departure of the real API, the record kind it was seen on, and how it reshapes one record. */
interface Fact {
  fact: string;
  record: (record: Obj) => Obj;
  /** The call answering one such record, and the list answering several; the schema validate() checks with. */
  one?: Operation;
  list?: Operation;
  schema: z.ZodMiniType;
  /** The fields validate() reports as missing (the rest of the departures are what the contract allows now). */
  missing?: string[];
}

const FACTS: Fact[] = [
  {
    fact: "a variable's service, override, alias and mount path null, and its undeclared kind",
    record: (v) => ({
      ...v,
      service_id: null,
      service_name: null,
      service_type: null,
      overridden_variable: null,
      aliased_variable: null,
      mount_path: null,
      description: null,
      variable_kind: v.is_secret ? 'Secret' : 'Public',
    }),
    list: 'listVariables',
    one: 'editVariable',
    schema: schemas.VariableResponse,
  },
  {
    fact: "a container port's external port null, and its icon missing",
    record: ({ icon_uri: _, ...c }) => ({
      ...c,
      ports: Array.isArray(c.ports) ? c.ports.map((port: Obj) => ({ ...port, external_port: null, name: null })) : null,
    }),
    one: 'getContainer',
    list: 'listContainer',
    schema: schemas.ContainerResponse,
    missing: ['icon_uri'],
  },
  {
    fact: "a database's instance type null",
    record: (d) => ({ ...d, instance_type: null, description: null }),
    one: 'getDatabase',
    list: 'listDatabase',
    schema: schemas.Database,
  },
  {
    fact: "an application's undeclared buildpack language, and its icon missing",
    record: ({ icon_uri: _, ...a }) => ({ ...a, buildpack_language: null, description: null }),
    one: 'getApplication',
    list: 'listApplication',
    schema: schemas.Application,
    missing: ['icon_uri'],
  },
  {
    fact: "a service status's steps null, an execution id that is not a UUID, and no request id, count or details",
    record: ({ deployment_request_id: _a, deployment_requests_count: _b, status_details: _c, ...s }) => ({
      ...s,
      steps: null,
      execution_id: executionId(s.id, 376),
      last_deployment_date: '2025-06-01T12:00:00Z',
    }),
    one: 'getApplicationStatus',
    schema: schemas.Status,
    missing: ['deployment_request_id', 'deployment_requests_count', 'status_details'],
  },
  {
    fact: "an environment status's last deployment id that is not a UUID, a negative duration, 6 fractional digits",
    record: (e) => ({
      ...e,
      last_deployment_id: executionId(e.id, 376),
      total_deployment_duration_in_seconds: -4,
      last_deployment_date: '2025-06-01T12:00:00.123456Z',
      origin: null,
      triggered_by: null,
    }),
    one: 'getEnvironmentStatus',
    schema: schemas.EnvironmentStatus,
  },
  {
    fact: 'deployment history entries whose execution ids are not UUIDs',
    record: (entry) => {
      const identifier = entry.identifier as Obj;
      return { ...entry, identifier: { ...identifier, execution_id: executionId(identifier.environment_id, 12) } };
    },
    list: 'listEnvironmentDeploymentHistoryV2',
    schema: schemas.DeploymentHistoryEnvironmentV2,
  },
];

const callOf = (operation: Operation) => {
  const found = CALLS.find(([name]) => name === operation);
  if (!found) throw new Error(`no call for ${operation}`);
  return found[1];
};

describe('a corpus shaped as the real API answers', () => {
  describe.each(FACTS)('$fact', ({ record, one, list, schema, missing = [] }) => {
    it.runIf(one !== undefined)('the call resolves with the answer as it came', async () => {
      const operation = one as Operation;
      const { qovery, sent } = reshaping(operation, (body) => record(asRecord(body)));
      const resolved = await callOf(operation)(qovery);
      expect(resolved).toEqual(sent[0]?.reshaped);
    });

    it.runIf(list !== undefined)('its list form resolves with every record as it came', async () => {
      const operation = list as Operation;
      const { qovery, sent } = reshaping(operation, eachResult(record));
      const resolved = (await callOf(operation)(qovery)) as unknown;
      const [answer] = sent;
      if (!answer) throw new Error(`${operation} was not answered`);
      expect((answer.reshaped as { results: unknown[] }).results.length).toBeGreaterThan(0);
      expectUnchanged(resolved, answer.reshaped);
    });

    it('validate() reports only the required fields it lacks', async () => {
      // A record of this kind as the embedded API has it, reshaped.
      const operation = (one ?? list) as Operation;
      const { qovery, sent } = reshaping(operation, (body) => body);
      await callOf(operation)(qovery);
      const answered = sent[0]?.original;
      const sample = one ? asRecord(answered) : ((answered as { results: Obj[] }).results[0] as Obj);
      const issues = schemas.validate(schema, record(sample));
      const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
      expect(issues.sort(byPath)).toEqual(missing.sort().map((path) => ({ path, message: 'is required' })));
    });
  });
});
