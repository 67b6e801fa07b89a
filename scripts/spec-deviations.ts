// How a JSON answer departs from openapi.yaml, for `npm run test:live`: not a validator (that says
// pass or fail) but a list of deviations, each classified by kind, so that what the real API sends
// can be compared with what the contract promises. Dependency-free; covers the OpenAPI 3.0 subset
// the contract uses: local $ref, allOf, oneOf (at least one variant), type, properties, required,
// additionalProperties, items, nullable, enum, format uuid and date-time.
//
// A deviation's `detail` never holds the value received (it may be a secret or personal data): it
// names the JSON type received and, for an enum, the values allowed.

type Obj = Record<string, unknown>;

export type DeviationKind =
  | 'null-in-optional'
  | 'null-in-required'
  | 'missing-required'
  | 'undeclared-field'
  | 'not-in-enum'
  | 'bad-format'
  | 'wrong-type';

export interface Deviation {
  /** Where, as a JSON path from `$` (array items as `[0]`, `[1]`, …). */
  path: string;
  kind: DeviationKind;
  /** What is wrong, without the value itself. */
  detail: string;
}

/** Where a value sits, which decides what a `null` there is. */
type Position = 'root' | 'item' | 'required' | 'optional' | 'entry';

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
/** Enum lists longer than this are cut in a detail. */
const ENUM_SHOWN = 30;

/** The JSON type of a value: never the value. */
export function jsonType(value: unknown): string {
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
      return true; // a type this checker does not know: not its to judge
  }
}

function pointer(doc: Obj, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`spec-deviations: only local $refs are followed, not ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObj(node) || !(key in node)) throw new Error(`spec-deviations: dangling $ref ${ref}`);
    node = node[key];
  }
  return node;
}

/** Follows `$ref`s to the node they name. */
export function deref(doc: Obj, node: unknown): unknown {
  let current = node;
  for (let hops = 0; isObj(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 32) throw new Error(`spec-deviations: $ref cycle through ${current.$ref}`);
    current = pointer(doc, current.$ref);
  }
  return current;
}

/** The schema and every schema it takes in through allOf, recursively, $refs followed. */
export function allOfParts(doc: Obj, schema: unknown): Obj[] {
  const resolved = deref(doc, schema);
  if (!isObj(resolved)) return [];
  const parts = [resolved];
  if (Array.isArray(resolved.allOf)) for (const part of resolved.allOf) parts.push(...allOfParts(doc, part));
  return parts;
}

function nullable(doc: Obj, schema: unknown): boolean {
  const s = deref(doc, schema);
  if (!isObj(s)) return true;
  if (s.nullable === true) return true;
  // `allOf: [$ref]` with every part nullable, or a oneOf with a nullable variant.
  if (Array.isArray(s.allOf) && s.allOf.length > 0 && s.allOf.every((part) => nullable(doc, part))) return true;
  if (Array.isArray(s.oneOf) && s.oneOf.some((variant) => nullable(doc, variant))) return true;
  // A schema that constrains nothing (`{}`) takes anything.
  return !['type', 'properties', 'items', 'enum', 'allOf', 'oneOf', 'required', 'format'].some((k) => k in s);
}

/** The type a schema expects, for details: `string`, `object`, …, or `a value`. */
function expected(parts: Obj[]): string {
  const types = parts.map((p) => p.type).filter((t): t is string => typeof t === 'string');
  if (types.length > 0) return types[0] as string;
  if (parts.some((p) => isObj(p.properties) || Array.isArray(p.oneOf))) return 'object';
  return 'a value';
}

const childPath = (path: string, key: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

function enumList(values: unknown[]): string {
  const shown = values.slice(0, ENUM_SHOWN).map((v) => JSON.stringify(v));
  return values.length > ENUM_SHOWN ? `${shown.join(', ')}, … (${values.length} in all)` : shown.join(', ');
}

function nullDeviation(path: string, position: Position, type: string): Deviation {
  if (position === 'optional')
    return { path, kind: 'null-in-optional', detail: `null in an optional field that is not nullable (${type})` };
  if (position === 'required')
    return { path, kind: 'null-in-required', detail: `null in a required field that is not nullable (${type})` };
  return { path, kind: 'wrong-type', detail: `expected ${type}, got null` };
}

interface Context {
  doc: Obj;
  /** Fields declared beside a oneOf, which its variants must not call undeclared. */
  alsoDeclared: ReadonlySet<string>;
}

function check(ctx: Context, schema: unknown, value: unknown, path: string, position: Position): Deviation[] {
  const parts = allOfParts(ctx.doc, schema);
  if (parts.length === 0) return [];
  if (value === null) return nullable(ctx.doc, schema) ? [] : [nullDeviation(path, position, expected(parts))];

  for (const part of parts) {
    if (typeof part.type === 'string' && !typeMatches(part.type, value)) {
      // Nothing below a wrong type is worth reporting.
      return [{ path, kind: 'wrong-type', detail: `expected ${part.type}, got ${jsonType(value)}` }];
    }
  }

  const found: Deviation[] = [];
  for (const part of parts) {
    if (Array.isArray(part.enum) && !part.enum.some((allowed) => allowed === value)) {
      found.push({
        path,
        kind: 'not-in-enum',
        detail: `a ${jsonType(value)} that is not one of the values allowed: ${enumList(part.enum)}`,
      });
    }
    if (typeof value === 'string') {
      if (part.format === 'uuid' && !UUID.test(value)) {
        found.push({ path, kind: 'bad-format', detail: 'a string that is not a UUID (format uuid)' });
      }
      if (part.format === 'date-time' && !(DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)))) {
        found.push({
          path,
          kind: 'bad-format',
          detail: 'a string that is not an RFC 3339 date-time (format date-time)',
        });
      }
    }
  }

  const variantSets = parts.filter((p) => Array.isArray(p.oneOf)).map((p) => p.oneOf as unknown[]);

  if (isObj(value)) {
    const required = new Set<string>();
    const properties = new Map<string, unknown[]>();
    let declaresFields = false;
    let openEnded = false;
    const entrySchemas: unknown[] = [];
    for (const part of parts) {
      if (Array.isArray(part.required)) for (const name of part.required) required.add(String(name));
      if (isObj(part.properties)) {
        declaresFields = true;
        for (const [name, propertySchema] of Object.entries(part.properties)) {
          properties.set(name, [...(properties.get(name) ?? []), propertySchema]);
        }
      }
      if (part.additionalProperties === true) openEnded = true;
      else if (isObj(part.additionalProperties)) {
        openEnded = true;
        entrySchemas.push(part.additionalProperties);
      }
    }
    for (const name of required) {
      if (!Object.hasOwn(value, name))
        found.push({ path: childPath(path, name), kind: 'missing-required', detail: 'a required field is missing' });
    }
    for (const [name, schemas] of properties) {
      if (!Object.hasOwn(value, name)) continue;
      for (const propertySchema of schemas) {
        found.push(
          ...check(
            { doc: ctx.doc, alsoDeclared: new Set() },
            propertySchema,
            value[name],
            childPath(path, name),
            required.has(name) ? 'required' : 'optional',
          ),
        );
      }
    }
    for (const name of Object.keys(value)) {
      if (properties.has(name) || ctx.alsoDeclared.has(name)) continue;
      if (entrySchemas.length > 0) {
        // A map's entries: keys are data, not field names, so they stay out of the path.
        for (const entrySchema of entrySchemas) {
          found.push(
            ...check({ doc: ctx.doc, alsoDeclared: new Set() }, entrySchema, value[name], `${path}[*]`, 'entry'),
          );
        }
      } else if (declaresFields && !openEnded && variantSets.length === 0) {
        // Beside a oneOf, the chosen variant judges the fields (it knows those declared here too).
        found.push({
          path: childPath(path, name),
          kind: 'undeclared-field',
          detail: `a field the schema does not declare (${jsonType(value[name])})`,
        });
      }
    }
    for (const variants of variantSets) {
      const declaredHere = new Set([...ctx.alsoDeclared, ...properties.keys()]);
      found.push(...closestVariant({ doc: ctx.doc, alsoDeclared: declaredHere }, variants, value, path, position));
    }
  } else {
    for (const variants of variantSets) found.push(...closestVariant(ctx, variants, value, path, position));
  }

  if (Array.isArray(value)) {
    for (const part of parts) {
      if (part.items === undefined) continue;
      value.forEach((item, i) => {
        found.push(...check({ doc: ctx.doc, alsoDeclared: new Set() }, part.items, item, `${path}[${i}]`, 'item'));
      });
    }
  }
  return found;
}

/**
 * oneOf as "at least one variant": the contract's variants overlap. A value no variant takes is
 * reported with the deviations of the variant it is closest to.
 */
function closestVariant(ctx: Context, variants: unknown[], value: unknown, path: string, position: Position) {
  let best: Deviation[] | undefined;
  for (const variant of variants) {
    const found = check(ctx, variant, value, path, position);
    if (found.length === 0) return [];
    if (best === undefined || found.length < best.length) best = found;
  }
  return best ?? [];
}

/** The deviations of `value` from `schema`, a schema of `doc` (or a $ref into it), each once. */
export function specDeviations(doc: Obj, schema: unknown, value: unknown): Deviation[] {
  const seen = new Set<string>();
  return check({ doc, alsoDeclared: new Set() }, schema, value, '$', 'root').filter((d) => {
    const key = `${d.path}\0${d.kind}\0${d.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** The operation of `doc` with this operationId, with its method and path template. */
export function findOperation(doc: Obj, operationId: string): { method: string; path: string; operation: Obj } {
  for (const [path, item] of Object.entries(isObj(doc.paths) ? doc.paths : {})) {
    if (!isObj(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (isObj(operation) && operation.operationId === operationId) return { method, path, operation };
    }
  }
  throw new Error(`spec-deviations: openapi.yaml has no operation ${operationId}`);
}

/**
 * The JSON schema of a 2xx answer of the operation: for `status` when it is one the operation
 * declares, else for its first 2xx status. `undefined` when that answer has no JSON body (a 204).
 */
export function successSchema(doc: Obj, operationId: string, status?: number): unknown {
  const { operation } = findOperation(doc, operationId);
  const responses = isObj(operation.responses) ? operation.responses : {};
  const successes = Object.keys(responses)
    .filter((s) => /^2\d\d$/.test(s))
    .sort();
  const chosen = status !== undefined && successes.includes(String(status)) ? String(status) : successes[0];
  if (chosen === undefined) return undefined;
  const response = deref(doc, responses[chosen]);
  const content = isObj(response) && isObj(response.content) ? response.content : {};
  const json = content['application/json'];
  return isObj(json) ? json.schema : undefined;
}
