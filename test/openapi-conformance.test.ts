/**
 * Our contract (openapi.yaml) must agree with Qovery's published spec
 * (../shared/reference/qovery-openapi.yaml, Qovery/qovery-openapi-spec at commit 651aed53) on every
 * fact it states: paths, methods, operationIds, parameters, request and response bodies, status
 * codes and security. Only the operations present in our file are compared. Our documented
 * additions (ErrorBody, rate-limit headers, 429) are checked for presence instead, and the one
 * documented correction to the reference is an explicit allow-list below that fails when it is no
 * longer needed. The wording must be ours: no long description/summary may be copied verbatim.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeWithReference, hasReference, REFERENCE_SPEC } from './reference-spec.js';

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const asObj = (value: unknown): Obj => (isObj(value) ? value : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const show = (value: unknown): string => (value === undefined ? '(none)' : JSON.stringify(value));
const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  JSON.stringify([...new Set(a)].sort()) === JSON.stringify([...new Set(b)].sort());

// ---------------------------------------------------------------------------------------------
// Loading. Without the reference beside the repo, its comparisons skip (see reference-spec.ts);
// our own file's checks always run.
// ---------------------------------------------------------------------------------------------

const OURS = fileURLToPath(new URL('../openapi.yaml', import.meta.url));

function loadOpenApi(file: string, what: string): Obj {
  // Ours must parse at the yaml package's defaults; Qovery's own file may use aliases.
  const doc: unknown = parse(readFileSync(file, 'utf8'), file === OURS ? {} : { maxAliasCount: -1 });
  if (!isObj(doc) || !isObj(doc.paths) || !isObj(doc.components)) {
    throw new Error(`openapi-conformance: ${what} at ${file} is not an OpenAPI document with paths and components`);
  }
  return doc;
}

const ours = loadOpenApi(OURS, 'our contract openapi.yaml');
const reference: Obj = hasReference ? loadOpenApi(REFERENCE_SPEC, "Qovery's published spec") : {};

// ---------------------------------------------------------------------------------------------
// Resolver: follows local `#/...` refs; flattens allOf into one schema (union of properties and
// of required).
// ---------------------------------------------------------------------------------------------

function pointer(doc: Obj, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}: only local refs are expected`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if ((!isObj(node) && !Array.isArray(node)) || !(key in node)) throw new Error(`dangling $ref ${ref}`);
    node = (node as Obj)[key];
  }
  return node;
}

interface Resolved {
  node: Obj;
  /** Name of the last component reached through `$ref`, if any. */
  name: string | undefined;
}

function resolve(doc: Obj, node: unknown): Resolved {
  let current = node;
  let name: string | undefined;
  const seen = new Set<string>();
  while (isObj(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (seen.has(ref)) throw new Error(`$ref cycle through ${ref}`);
    seen.add(ref);
    name = ref.split('/').pop();
    current = pointer(doc, ref);
  }
  return { node: asObj(current), name };
}

interface FlatSchema {
  name: string | undefined;
  type: string | undefined;
  format: string | undefined;
  nullable: boolean;
  enum: unknown[] | undefined;
  properties: Record<string, unknown>;
  required: string[];
  items: unknown;
  additionalProperties: unknown;
  oneOf: unknown[];
  anyOf: unknown[];
}

function flatten(doc: Obj, node: unknown, depth = 0): FlatSchema {
  if (depth > 32) throw new Error('allOf nested deeper than 32 levels: cycle?');
  const { node: schema, name } = resolve(doc, node);
  // `nullable: true` written beside a $ref (the reference does this; OpenAPI 3.0 would ignore it,
  // so ours writes it around an allOf) is a fact of the schema all the same.
  const besideRef = isObj(node) && typeof node.$ref === 'string' && node.nullable === true;
  const flat: FlatSchema = {
    name,
    type: asString(schema.type),
    format: asString(schema.format),
    nullable: schema.nullable === true || besideRef,
    enum: Array.isArray(schema.enum) ? schema.enum : undefined,
    properties: { ...asObj(schema.properties) },
    required: asArray(schema.required).filter((n): n is string => typeof n === 'string'),
    items: schema.items,
    additionalProperties: schema.additionalProperties,
    oneOf: asArray(schema.oneOf),
    anyOf: asArray(schema.anyOf),
  };
  const parts = asArray(schema.allOf);
  for (const part of parts) {
    const p = flatten(doc, part, depth + 1);
    // A lone allOf part is the schema itself, wrapped only to carry a fact beside it.
    if (parts.length === 1) flat.name ??= p.name;
    flat.type ??= p.type;
    flat.format ??= p.format;
    flat.nullable ||= p.nullable;
    flat.enum ??= p.enum;
    for (const [key, value] of Object.entries(p.properties))
      if (!(key in flat.properties)) flat.properties[key] = value;
    flat.required = [...new Set([...flat.required, ...p.required])];
    flat.items ??= p.items;
    flat.additionalProperties ??= p.additionalProperties;
    if (flat.oneOf.length === 0) flat.oneOf = p.oneOf;
    if (flat.anyOf.length === 0) flat.anyOf = p.anyOf;
  }
  if (flat.type === undefined && (parts.length > 0 || Object.keys(flat.properties).length > 0)) flat.type = 'object';
  return flat;
}

// ---------------------------------------------------------------------------------------------
// Documented corrections to the reference, keyed by our schema name. Each entry must still be
// needed: see the "corrections are still needed" tests.
// ---------------------------------------------------------------------------------------------

interface DeclaredCorrection {
  /** Names the reference lists in `required` without declaring them as properties, which ours declares. */
  declare: readonly string[];
  reason: string;
}

const DECLARED_CORRECTIONS: Readonly<Record<string, DeclaredCorrection>> = {
  // The reference's OrganizationEditRequest has `required: [name, plan]` but no `plan` property.
  // Ours keeps both required and declares `plan` as the organization's own plan (PlanEnum), so a
  // typed client can send it (see spec-overlay.yaml). Needed only while the reference lacks it.
  OrganizationEditRequest: {
    declare: ['plan'],
    reason: 'the reference requires `plan` without declaring it as a property',
  },
};

/** Properties of ours that the reference does not declare, less the corrections it calls for. */
function undeclaredExtras(oursName: string | undefined, extra: string[], ref: FlatSchema): string[] {
  const correction = oursName === undefined ? undefined : DECLARED_CORRECTIONS[oursName];
  if (correction === undefined) return extra;
  return extra.filter((n) => !(correction.declare.includes(n) && ref.required.includes(n)));
}

// ---------------------------------------------------------------------------------------------
// Schema comparison: collects human-readable problems naming the location and the field.
// ---------------------------------------------------------------------------------------------

function compareSchemas(
  oursNode: unknown,
  refNode: unknown,
  where: string,
  problems: string[],
  stack: readonly string[] = [],
): void {
  const a = flatten(ours, oursNode);
  const b = flatten(reference, refNode);
  const here = a.name === undefined ? where : `${where} <${a.name}>`;
  if (a.name !== undefined && b.name !== undefined) {
    const key = `${a.name}|${b.name}`;
    if (stack.includes(key)) return; // recursive schema already being compared higher up
    stack = [...stack, key];
  }

  for (const field of ['type', 'format'] as const) {
    if (a[field] !== b[field]) {
      problems.push(`${here}: ${field} is ${show(a[field])} in ours but ${show(b[field])} in the reference`);
    }
  }
  if (a.nullable !== b.nullable) {
    problems.push(`${here}: nullable is ${a.nullable} in ours but ${b.nullable} in the reference`);
  }
  // A nullable enum allows null whether or not its values list it (ours writes it out: sync-spec).
  const enumOf = (flat: FlatSchema) => flat.enum?.map((v) => JSON.stringify(v)).concat(flat.nullable ? ['null'] : []);
  const enumA = enumOf(a);
  const enumB = enumOf(b);
  if ((enumA === undefined) !== (enumB === undefined) || (enumA && enumB && !sameSet(enumA, enumB))) {
    problems.push(`${here}: enum is ${show(a.enum)} in ours but ${show(b.enum)} in the reference`);
  }

  const propsA = Object.keys(a.properties);
  const propsB = Object.keys(b.properties);
  const missing = propsB.filter((p) => !propsA.includes(p));
  const extra = undeclaredExtras(
    a.name,
    propsA.filter((p) => !propsB.includes(p)),
    b,
  );
  if (missing.length > 0) problems.push(`${here}: properties missing from ours: ${missing.join(', ')}`);
  if (extra.length > 0) problems.push(`${here}: properties not in the reference: ${extra.join(', ')}`);

  if (!sameSet(a.required, b.required)) {
    problems.push(
      `${here}: required is ${show([...a.required].sort())} in ours but ${show([...b.required].sort())} in the reference`,
    );
  }

  for (const prop of propsA.filter((p) => propsB.includes(p))) {
    compareSchemas(a.properties[prop], b.properties[prop], `${here}.${prop}`, problems, stack);
  }

  if ((a.items === undefined) !== (b.items === undefined)) {
    problems.push(`${here}: items is ${a.items === undefined ? 'absent' : 'present'} in ours but not in the reference`);
  } else if (a.items !== undefined) {
    compareSchemas(a.items, b.items, `${here}[]`, problems, stack);
  }

  const addA = a.additionalProperties;
  const addB = b.additionalProperties;
  if (isObj(addA) && isObj(addB)) {
    compareSchemas(addA, addB, `${here}{*}`, problems, stack);
  } else if (addA !== addB) {
    problems.push(`${here}: additionalProperties is ${show(addA)} in ours but ${show(addB)} in the reference`);
  }

  for (const combiner of ['oneOf', 'anyOf'] as const) {
    const variantsA = a[combiner];
    const variantsB = b[combiner];
    if (variantsA.length !== variantsB.length) {
      problems.push(
        `${here}: ${combiner} has ${variantsA.length} variants in ours but ${variantsB.length} in the reference`,
      );
    } else {
      variantsA.forEach((variant, i) => {
        compareSchemas(variant, variantsB[i], `${here}.${combiner}[${i}]`, problems, stack);
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Operations.
// ---------------------------------------------------------------------------------------------

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

interface Operation {
  path: string;
  method: string;
  operationId: string;
  label: string;
}

const operations: Operation[] = Object.entries(asObj(ours.paths)).flatMap(([path, item]) =>
  METHODS.filter((method) => isObj(asObj(item)[method])).map((method) => {
    const operationId = asString(asObj(asObj(item)[method]).operationId) ?? '(no operationId)';
    return { path, method, operationId, label: `${method.toUpperCase()} ${path} (${operationId})` };
  }),
);

function operationOf(doc: Obj, op: Operation): Obj | undefined {
  const item = asObj(doc.paths)[op.path];
  if (!isObj(item)) return undefined;
  const operation = item[op.method];
  return isObj(operation) ? operation : undefined;
}

/** The reference's operation; fails the calling test with a clear message when it is absent. */
function referenceOperation(op: Operation): Obj {
  const operation = operationOf(reference, op);
  expect(operation, `${op.label}: ${op.method.toUpperCase()} ${op.path} does not exist in the reference`).toBeDefined();
  return operation ?? {};
}

function oursOperation(op: Operation): Obj {
  const operation = operationOf(ours, op);
  if (operation === undefined) throw new Error(`${op.label}: vanished from our openapi.yaml`);
  return operation;
}

interface Parameter {
  in: string;
  name: string;
  required: boolean;
  type: string | undefined;
  format: string | undefined;
}

/** Path-level and operation-level parameters, refs resolved; the operation's win on (in, name). */
function parametersOf(doc: Obj, op: Operation): Map<string, Parameter> {
  const item = asObj(asObj(doc.paths)[op.path]);
  const operation = asObj(item[op.method]);
  const params = new Map<string, Parameter>();
  for (const raw of [...asArray(item.parameters), ...asArray(operation.parameters)]) {
    const { node } = resolve(doc, raw);
    const schema = resolve(doc, node.schema).node;
    const param: Parameter = {
      in: String(node.in),
      name: String(node.name),
      required: node.required === true,
      type: asString(schema.type),
      format: asString(schema.format),
    };
    params.set(`${param.in}:${param.name}`, param);
  }
  return params;
}

function jsonSchemaOf(response: Obj): unknown {
  return asObj(asObj(response.content)['application/json']).schema;
}

const isSuccess = (status: string) => /^2\d\d$/.test(status);
const isError = (status: string) => /^[45]\d\d$/.test(status) || status === 'default';

/** Status codes ours may declare although the reference does not. */
const OUR_EXTRA_STATUSES: readonly string[] = ['429'];
/**
 * Per operation, statuses the reference leaves out that the API gives anyway (see operationResponses
 * in spec-overlay.yaml). Each must still be missing from the reference: see "corrections are still needed".
 */
const OPERATION_EXTRA_STATUSES: Readonly<Record<string, readonly string[]>> = {
  // The reference lists only 200, yet no credential gives 401 and an unknown request id 404.
  getDeploymentStatusByDeploymentRequestId: ['401', '403', '404'],
  // Likewise 200 only, where every other operation on an organization declares 401, 403 and 404.
  listServicesByOrganizationId: ['401', '403', '404'],
};
const RATE_LIMIT_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'] as const;
const ERROR_BODY_PROPERTIES: Readonly<Record<string, string>> = {
  status: 'integer',
  error: 'string',
  message: 'string',
  type: 'string',
  title: 'string',
  detail: 'string',
  instance: 'string',
};

// ---------------------------------------------------------------------------------------------
// Tests.
// ---------------------------------------------------------------------------------------------

describeWithReference('openapi.yaml conforms to the published Qovery spec', () => {
  it('has operations to compare, each with a unique operationId', () => {
    expect(operations.length, 'our openapi.yaml declares no operations').toBeGreaterThan(0);
    const ids = operations.map((op) => op.operationId);
    expect(new Set(ids).size, `duplicate operationIds in ours: ${ids.join(', ')}`).toBe(ids.length);
  });

  // Labels passed as plain strings: `$label` interpolation would truncate them at 40 characters.
  describe.each(operations.map((op) => [op.label, op] as const))('%s', (_label, op) => {
    it('exists in the reference with the same operationId', () => {
      const ref = referenceOperation(op);
      expect(ref.operationId, `${op.label}: operationId differs from the reference`).toBe(op.operationId);
    });

    it('has the same parameters (in, name, required, schema type and format)', () => {
      referenceOperation(op);
      const mine = parametersOf(ours, op);
      const theirs = parametersOf(reference, op);
      expect([...mine.keys()].sort(), `${op.label}: set of parameters (in:name) differs`).toEqual(
        [...theirs.keys()].sort(),
      );
      for (const [key, param] of mine) {
        const ref = theirs.get(key);
        if (ref === undefined) continue;
        for (const field of ['required', 'type', 'format'] as const) {
          expect(param[field], `${op.label}: parameter ${key} ${field} differs from the reference`).toBe(ref[field]);
        }
      }
    });

    it('has the same request body', () => {
      const ref = referenceOperation(op);
      const mine = resolve(ours, oursOperation(op).requestBody).node;
      const theirs = resolve(reference, ref.requestBody).node;
      const where = `${op.label} request body`;
      expect(Object.keys(asObj(mine.content)).sort(), `${where}: media types differ`).toEqual(
        Object.keys(asObj(theirs.content)).sort(),
      );
      expect(mine.required === true, `${where}: requestBody.required differs`).toBe(theirs.required === true);
      const oursSchema = jsonSchemaOf(mine);
      const refSchema = jsonSchemaOf(theirs);
      if (oursSchema === undefined && refSchema === undefined) return;
      const problems: string[] = [];
      compareSchemas(oursSchema, refSchema, where, problems);
      expect(problems, `${where} disagrees with the reference:\n  ${problems.join('\n  ')}`).toEqual([]);
    });

    it('declares every reference status code (plus only 429), with agreeing 2xx bodies', () => {
      const ref = referenceOperation(op);
      const mine = asObj(oursOperation(op).responses);
      const theirs = asObj(ref.responses);
      const missing = Object.keys(theirs).filter((status) => !(status in mine));
      const allowed = [...OUR_EXTRA_STATUSES, ...(OPERATION_EXTRA_STATUSES[op.operationId] ?? [])];
      const extra = Object.keys(mine).filter((status) => !(status in theirs) && !allowed.includes(status));
      expect(missing, `${op.label}: status codes the reference declares but ours does not`).toEqual([]);
      expect(extra, `${op.label}: status codes ours declares beyond the reference and the allowed 429`).toEqual([]);

      const problems: string[] = [];
      for (const status of Object.keys(theirs).filter(isSuccess)) {
        if (!(status in mine)) continue;
        const mineResponse = resolve(ours, mine[status]).node;
        const refResponse = resolve(reference, theirs[status]).node;
        const where = `${op.label} response ${status}`;
        const typesA = Object.keys(asObj(mineResponse.content)).sort();
        const typesB = Object.keys(asObj(refResponse.content)).sort();
        if (!sameSet(typesA, typesB)) {
          problems.push(`${where}: media types are ${show(typesA)} in ours but ${show(typesB)} in the reference`);
        }
        const oursSchema = jsonSchemaOf(mineResponse);
        const refSchema = jsonSchemaOf(refResponse);
        if (oursSchema === undefined && refSchema === undefined) continue;
        compareSchemas(oursSchema, refSchema, where, problems);
      }
      expect(problems, `${op.label} response bodies disagree with the reference:\n  ${problems.join('\n  ')}`).toEqual(
        [],
      );
    });
  });

  describe('security', () => {
    it.each(['bearerAuth', 'ApiKeyAuth'])('securitySchemes.%s matches the reference', (name) => {
      const mine = asObj(asObj(asObj(ours.components).securitySchemes)[name]);
      const theirs = asObj(asObj(asObj(reference.components).securitySchemes)[name]);
      expect(Object.keys(theirs).length, `reference no longer declares securitySchemes.${name}`).toBeGreaterThan(0);
      for (const field of ['type', 'scheme', 'bearerFormat', 'in', 'name'] as const) {
        expect(mine[field], `securitySchemes.${name}.${field} differs from the reference`).toEqual(theirs[field]);
      }
    });

    it('global security is the same as the reference', () => {
      expect(ours.security, 'global security differs from the reference').toEqual(reference.security);
      expect(ours.security, 'global security').toEqual([{ bearerAuth: [] }, { ApiKeyAuth: [] }]);
    });
  });

  describe('documented corrections are still needed', () => {
    it.each(Object.entries(OPERATION_EXTRA_STATUSES))(
      '%s: the statuses we add are still missing from the reference',
      (id, statuses) => {
        const op = operations.find((o) => o.operationId === id);
        expect(op, `ours no longer has ${id}: drop its extra statuses`).toBeDefined();
        if (!op) return;
        const theirs = Object.keys(asObj(referenceOperation(op).responses));
        expect(
          theirs.filter((s) => statuses.includes(s)),
          `the reference now declares them on ${id}`,
        ).toEqual([]);
      },
    );

    it.each(Object.entries(DECLARED_CORRECTIONS))('%s', (name, correction) => {
      const refSchema = asObj(asObj(reference.components).schemas)[name];
      const oursSchema = asObj(asObj(ours.components).schemas)[name];
      expect(refSchema, `reference no longer has schema ${name}: drop its correction`).toBeDefined();
      expect(oursSchema, `ours no longer has schema ${name}: drop its correction`).toBeDefined();
      const theirs = flatten(reference, refSchema);
      const mine = flatten(ours, oursSchema);
      for (const field of correction.declare) {
        expect(
          theirs.required,
          `reference ${name} no longer requires ${field}: the correction (${correction.reason}) is stale`,
        ).toContain(field);
        expect(
          Object.keys(theirs.properties),
          `reference ${name} now declares ${field}: the correction (${correction.reason}) is stale`,
        ).not.toContain(field);
        expect(Object.keys(mine.properties), `ours ${name} should declare ${field}`).toContain(field);
        expect(mine.required, `ours ${name} should require ${field}, as the reference does`).toContain(field);
      }
    });
  });

  it('copies no description or summary longer than 20 characters from the reference', () => {
    const collect = (node: unknown, path: string, out: Array<[string, string]>): Array<[string, string]> => {
      if (Array.isArray(node)) {
        node.forEach((child, i) => {
          collect(child, `${path}[${i}]`, out);
        });
      } else if (isObj(node)) {
        for (const [key, value] of Object.entries(node)) {
          if ((key === 'description' || key === 'summary') && typeof value === 'string') {
            out.push([`${path}.${key}`, value.trim()]);
          } else {
            collect(value, `${path}.${key}`, out);
          }
        }
      }
      return out;
    };
    const referenceProse = new Set(
      collect(reference, '$', [])
        .map(([, text]) => text)
        .filter((text) => text.length > 20),
    );
    expect(referenceProse.size, 'found no prose in the reference: is the walker broken?').toBeGreaterThan(0);
    const copied = collect(ours, '$', [])
      .filter(([, text]) => text.length > 20 && referenceProse.has(text))
      .map(([path, text]) => `${path}: ${JSON.stringify(text)}`);
    expect(copied, `ours copies the reference's wording:\n  ${copied.join('\n  ')}`).toEqual([]);
  });
});

describe('openapi.yaml on its own: our additions', () => {
  describe.each(operations.map((op) => [op.label, op] as const))('%s', (_label, op) => {
    it('declares rate-limit headers on every response and ErrorBody on every error', () => {
      const problems: string[] = [];
      for (const [status, raw] of Object.entries(asObj(oursOperation(op).responses))) {
        const where = `${op.label} response ${status}`;
        const response = resolve(ours, raw).node;
        if (!isSuccess(status) && !isError(status)) continue;
        const headers = asObj(response.headers);
        // Our 429 (the credential's limit) says when to retry; an operation's own 429 is its own.
        const ours429 = status === '429' && asObj(raw).$ref === '#/components/responses/429';
        const expected: string[] = [...RATE_LIMIT_HEADERS, ...(ours429 ? ['Retry-After'] : [])];
        for (const header of expected) {
          if (!(header in headers)) {
            problems.push(`${where}: header ${header} is not declared`);
            continue;
          }
          if (!isObj(resolve(ours, headers[header]).node.schema)) {
            problems.push(`${where}: header ${header} has no schema`);
          }
        }
        if (isError(status)) {
          const schema = asObj(asObj(response.content)['application/json']).schema;
          const name = resolve(ours, schema).name;
          if (name !== 'ErrorBody') {
            problems.push(`${where}: application/json body is ${show(name ?? schema)}, expected $ref ErrorBody`);
          }
        }
      }
      expect(problems, `${op.label}: our additions are incomplete:\n  ${problems.join('\n  ')}`).toEqual([]);
    });
  });

  it('ErrorBody has exactly the optional properties status, error, message, type, title, detail, instance', () => {
    const errorBody = flatten(ours, { $ref: '#/components/schemas/ErrorBody' });
    expect(errorBody.type, 'ErrorBody type').toBe('object');
    expect(Object.keys(errorBody.properties).sort(), 'ErrorBody property names').toEqual(
      Object.keys(ERROR_BODY_PROPERTIES).sort(),
    );
    expect(errorBody.required, 'ErrorBody must not require any property').toEqual([]);
    for (const [prop, type] of Object.entries(ERROR_BODY_PROPERTIES)) {
      expect(flatten(ours, errorBody.properties[prop]).type, `ErrorBody.${prop} type`).toBe(type);
    }
  });

  it('bearerAuth is http bearer JWT and ApiKeyAuth is an apiKey in the Authorization header', () => {
    const schemes = asObj(asObj(ours.components).securitySchemes);
    expect(schemes.bearerAuth, 'securitySchemes.bearerAuth').toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(schemes.ApiKeyAuth, 'securitySchemes.ApiKeyAuth').toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
    });
  });
});

describeWithReference("the SDK's own words", () => {
  /** Every description and summary of the reference, folded for comparison. */
  const fold = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
  const prose = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isObj(node)) {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'description' || key === 'summary') && typeof value === 'string') prose.add(fold(value));
        else walk(value);
      }
    }
  };
  walk(reference);

  it("no string in src/ repeats a description or summary of Qovery's spec (the embedded API's messages included)", () => {
    const dir = fileURLToPath(new URL('../src/', import.meta.url));
    const copied: string[] = [];
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(`${dir}${file}`, 'utf8');
      for (const match of source.matchAll(/'([^'\n]{16,})'|`([^`\n]{16,})`|"([^"\n]{16,})"/g)) {
        const text = match[1] ?? match[2] ?? match[3] ?? '';
        if (prose.has(fold(text))) copied.push(`src/${file}: ${text}`);
      }
    }
    expect(prose.size).toBeGreaterThan(100);
    expect(copied, `worded as the spec words it:\n  ${copied.join('\n  ')}`).toEqual([]);
  });
});
