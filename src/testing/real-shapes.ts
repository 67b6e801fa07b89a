// Answers as the real Qovery API sends them, not as its spec draws them (API-FACTS.md, "Where the
// real API departs from its spec"): every optional field without a value comes as `null` rather than
// being left out, and a few records carry fields the spec does not declare. Done once, where a
// route's success body becomes an answer, from the contract's own schema for that answer (the
// generated zod schemas): a field the contract gains is covered the day it is generated.
import { RESPONSE_SCHEMAS } from '../../generated/response-schemas.js';
import { Application, VariableResponse } from '../../generated/zod.js';

type Obj = Record<string, unknown>;

/** What the walk reads of a zod schema's definition: each kind's own parts. */
interface Def {
  type: string;
  innerType?: Schema;
  shape?: Record<string, Schema>;
  element?: Schema;
  options?: Schema[];
  left?: Schema;
  right?: Schema;
  valueType?: Schema;
  in?: Schema;
  getter?: () => Schema;
}
interface Schema {
  _zod: { def: Def };
  safeParse(value: unknown): { success: boolean };
}

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Wrappers that do not change which fields a value has. */
const TRANSPARENT = new Set(['readonly', 'default', 'prefault', 'catch', 'nonoptional']);

/**
 * Whether a property's schema makes it optional (not in the contract's `required`): the generator
 * writes those `z.optional(…)`, possibly inside `z._default(…)`. A required field with a default
 * (`z._default(z.int(), 0)`) is not.
 */
function isOptional(schema: Schema): boolean {
  let def = schema._zod.def;
  while (TRANSPARENT.has(def.type) && def.innerType) def = def.innerType._zod.def;
  return def.type === 'optional';
}

/**
 * Fields the real API sends that the contract does not declare, by the component whose records
 * carry them: they follow from the record as answered.
 */
const UNDECLARED = new Map<Schema, (record: Obj) => Obj>([
  // A variable's kind, which the real API sends and the spec does not declare (the mock's words
  // for it): Secret for a secret, Public for a value anyone with access may read.
  [VariableResponse as unknown as Schema, (variable) => ({ variable_kind: variable.is_secret ? 'Secret' : 'Public' })],
  // The language a buildpack build would detect: the contract's applications build from a
  // Dockerfile only (BuildModeEnum is DOCKER), so none.
  [Application as unknown as Schema, () => ({ buildpack_language: null })],
]);

/**
 * `value` as the real API would answer it under `schema`: each optional property the schema declares
 * and the value lacks is `null`, at every depth (through arrays, maps, allOf and the variant of a
 * oneOf the value is), and undeclared fields are added where the real API adds them. A new value:
 * the mock's state is left as it is. Properties the value has, and those the schema does not
 * declare, are kept.
 */
function fill(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined || typeof value !== 'object') return value;
  const def = schema._zod.def;
  switch (def.type) {
    case 'object': {
      if (!isObj(value)) return value;
      const out: Obj = {};
      const shape = def.shape ?? {};
      for (const [key, item] of Object.entries(value)) {
        const property = shape[key];
        out[key] = property ? fill(property, item) : item;
      }
      for (const [key, property] of Object.entries(shape)) {
        if (!(key in out) && isOptional(property)) out[key] = null;
      }
      const undeclared = UNDECLARED.get(schema)?.(out) ?? {};
      for (const [key, item] of Object.entries(undeclared)) if (!(key in out)) out[key] = item;
      return out;
    }
    case 'array':
      return Array.isArray(value) && def.element ? value.map((item) => fill(def.element as Schema, item)) : value;
    case 'record':
      return isObj(value) && def.valueType
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(def.valueType as Schema, v)]))
        : value;
    case 'intersection':
      return def.left && def.right ? fill(def.right, fill(def.left, value)) : value;
    case 'union': {
      const variant = variantOf(def.options ?? [], value);
      return variant ? fill(variant, value) : value;
    }
    case 'pipe':
      return def.in ? fill(def.in, value) : value;
    case 'lazy':
      return def.getter ? fill(def.getter(), value) : value;
    default:
      return def.innerType ? fill(def.innerType, value) : value;
  }
}

/**
 * How much of `value` a schema declares: its fields the schema names, at every depth. It tells a
 * oneOf's variants apart where the contract's own discriminator does not survive generation (a
 * cron job's schedule has `cronjob`, which only the cron variant declares).
 */
function overlap(schema: Schema, value: unknown): number {
  const def = schema._zod.def;
  if (def.type === 'object' && isObj(value)) {
    const shape = def.shape ?? {};
    return Object.entries(value).reduce((sum, [key, item]) => {
      const property = shape[key];
      return property ? sum + 1 + overlap(property, item) : sum;
    }, 0);
  }
  if (def.type === 'array' && Array.isArray(value) && def.element) {
    const element = def.element;
    return value.reduce((sum: number, item) => sum + overlap(element, item), 0);
  }
  if (def.type === 'intersection' && def.left && def.right) return overlap(def.left, value) + overlap(def.right, value);
  if (def.type === 'union') return Math.max(0, ...(def.options ?? []).map((option) => overlap(option, value)));
  return def.innerType ? overlap(def.innerType, value) : 0;
}

/**
 * The variant of a oneOf that `value` is: of those that take it, the one declaring most of it (the
 * contract's variants overlap: one that requires nothing takes everything); when none takes it, the
 * one declaring most of it still. For a value that is not an object, the first variant that takes
 * it, if any.
 */
function variantOf(options: Schema[], value: unknown): Schema | undefined {
  if (!isObj(value)) return options.find((option) => option.safeParse(value).success);
  const scored = options.map((option, index) => ({
    option,
    index,
    takes: option.safeParse(value).success,
    overlap: overlap(option, value),
  }));
  scored.sort((a, b) => Number(b.takes) - Number(a.takes) || b.overlap - a.overlap || a.index - b.index);
  return scored[0]?.option;
}

/**
 * The body of a success answer to `operation`, shaped as the real API sends it. Operations the
 * contract gives no success body (204s), and those the SDK does not wrap, are answered as they are.
 */
export function asAnswered(operation: string, body: unknown): unknown {
  const schema = (RESPONSE_SCHEMAS as Partial<Record<string, unknown>>)[operation];
  return schema === undefined ? body : withNulls(schema, body);
}

/** `value` with null in each optional field of `schema` it lacks, at every depth (a zod schema). */
export const withNulls = (schema: unknown, value: unknown): unknown => fill(schema as Schema, value);
