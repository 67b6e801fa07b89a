/**
 * The SDK's own input shapes that every resource shares (ids, names, the client's and each call's
 * options), written with zod (zod/mini, for its size), and the one place where a zod result becomes
 * the SDK's public error shape: `ValidationError` with `issues` of `{ path, message }`. Each
 * resource's own input shapes are written next to it, in src/resources/.
 */
import * as z from 'zod/mini';
import type { components } from '../generated/qovery-api.js';
import { type FieldIssue, invalidField, ValidationError } from './errors.js';
import { LOG_LEVELS, type Logger } from './logger.js';

export const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Any 8-4-4-4-12 hex id: insisting on RFC 4122 variants would refuse some real ids. */
export const id = z.guid('must be a UUID');
// Checked, not trimmed: what the caller passed is what is sent.
export const nonEmpty = z.string().check(z.refine((value) => value.trim().length > 0, 'must not be empty'));
export const count = z.int().check(z.refine((value) => value >= 0, 'must be 0 or more'));
// Timers hold at most 2^31 - 1 ms; a longer one would fire at once.
export const MAX_MS = 2 ** 31 - 1;
export const positive = z
  .number()
  .check(z.refine((value) => value > 0 && value <= MAX_MS, `must be more than 0 and at most ${MAX_MS}`));

export const organizationIdInput = z.optional(id);
export const organizationScopedInput = z.strictObject({ organizationId: organizationIdInput });
export const isFunction = (value: unknown) => typeof value === 'function';

/** `new Qovery({...})`: strict, so `baseURL` or `token` fail loudly instead of being ignored. */
export const clientOptionsInput = z.strictObject({
  apiToken: z.optional(z.string()),
  baseUrl: z.optional(z.string()),
  organizationId: organizationIdInput,
  authScheme: z.optional(z.enum(['auto', 'token', 'bearer', 'Token', 'Bearer'])),
  fetch: z.optional(z.custom<(input: Request) => Promise<Response>>(isFunction, 'must be a function')),
  headers: z.optional(z.record(z.string(), z.string())),
  validateResponses: z.optional(z.union([z.boolean(), z.literal('strict')])),
  onResponseIssue: z.optional(z.custom<(report: unknown) => void>(isFunction, 'must be a function')),
  contractCheck: z.optional(
    z.custom<(operation: string, body: unknown) => FieldIssue[] | undefined>(isFunction, 'must be a function'),
  ),
  maxRetries: z.optional(count),
  timeout: z.optional(positive),
  maxRetryDelay: z.optional(
    z.number().check(z.refine((value) => value >= 0 && value <= MAX_MS, `must be from 0 to ${MAX_MS}`)),
  ),
  throttle: z.optional(z.boolean()),
  websocket: z.optional(z.boolean()),
  websocketUrl: z.optional(z.string()),
  websocketTimeout: z.optional(positive),
  WebSocket: z.optional(z.custom<new (url: string) => unknown>(isFunction, 'must be a WebSocket class')),
  logLevel: z.optional(z.enum(LOG_LEVELS)),
  logger: z.optional(
    z.custom<Logger>(
      (value) =>
        value !== null &&
        typeof value === 'object' &&
        LOG_LEVELS.slice(1).every((method) => isFunction((value as unknown as Record<string, unknown>)[method])),
      'must have error, warn, info and debug methods',
    ),
  ),
});

// Duck-typed: a signal from another realm (a test DOM, a polyfill) is not an instance of ours.
export const signal = z.custom<AbortSignal>((value) => {
  const candidate = value as AbortSignal | null;
  return (
    typeof candidate?.aborted === 'boolean' &&
    isFunction(candidate.addEventListener) &&
    isFunction(candidate.removeEventListener)
  );
}, 'must be an AbortSignal');

/** Per-call options, checked like the rest of the input. */
export const requestOptionsInput = z.strictObject({
  signal: z.optional(signal),
  headers: z.optional(z.record(z.string(), z.string())),
  maxRetries: z.optional(count),
  timeout: z.optional(positive),
});

/**
 * zod's issues in the SDK's shape, worded for a caller: `is required`, `is not a known field`,
 * `expected string, received number`, or the message of the check that failed.
 */
export function fieldIssues(issues: readonly z.core.$ZodIssue[], value: unknown): FieldIssue[] {
  return issues.flatMap((issue): FieldIssue[] => {
    const path = issue.path.map(String);
    const at = (...more: string[]) => [...path, ...more].join('.');
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({ path: at(key), message: 'is not a known field' }));
      case 'invalid_type': {
        const received = valueAt(value, issue.path);
        if (received.missing) return [{ path: at(), message: 'is required' }];
        const [want, got] = [expected(issue.expected), typeOf(received.value)];
        // zod refuses a Headers or a Date where a record goes: it is an object, but not a plain one.
        if (want === got) return [{ path: at(), message: `must be a plain ${want}` }];
        return [{ path: at(), message: `expected ${want}, received ${got}` }];
      }
      case 'invalid_value':
        return [{ path: at(), message: `must be one of ${issue.values.map(String).join(', ')}` }];
      case 'invalid_union': {
        if (valueAt(value, issue.path).missing) return [{ path: at(), message: 'is required' }];
        // The shape the value was meant to have: the first whose type it has (a uuid, not null).
        const mismatch = (branch: readonly z.core.$ZodIssue[]) =>
          branch.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0);
        const meant = issue.errors.find((branch) => !mismatch(branch));
        if (!meant) return [{ path: at(), message: 'matches none of the shapes the contract allows' }];
        return fieldIssues(
          meant.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })),
          value,
        );
      }
      case 'invalid_format':
        return [{ path: at(), message: FORMATS[issue.format] ?? `must be a valid ${issue.format}` }];
      case 'invalid_element':
      case 'invalid_key':
        return fieldIssues(issue.issues, value);
      default:
        return [{ path: at(), message: issue.message }];
    }
  });
}

const FORMATS: Readonly<Record<string, string>> = {
  uuid: 'must be a UUID',
  guid: 'must be a UUID',
  datetime: 'must be a date and time (ISO 8601)',
};

/** zod's names for what a caller knows as JSON types. */
const expected = (type: string) => ({ int: 'integer', record: 'object' })[type] ?? type;

/** The value at a zod path, and whether its key is missing altogether. */
function valueAt(value: unknown, path: readonly PropertyKey[]): { value: unknown; missing: boolean } {
  let node = value;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key))
      return { value: undefined, missing: true };
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return { value: node, missing: node === undefined };
}

export function describeIssues(issues: FieldIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
}

/** Checks a caller's input, or throws a `ValidationError` naming the field, before anything is sent. */
export function parseInput<S extends z.ZodMiniType>(schema: S, input: unknown, operation: string): z.output<S> {
  const issues = issuesOf(schema, input);
  if (issues.length > 0) throw new ValidationError(`Invalid input to ${operation}: ${describeIssues(issues)}`, issues);
  return input as z.output<S>;
}

/** Everything `schema` finds wrong with `value`, strictly, in the SDK's words; empty when nothing is. */
export function issuesOf(schema: z.ZodMiniType, value: unknown): FieldIssue[] {
  const result = schema.safeParse(value);
  return result.success ? [] : fieldIssues(result.error.issues, value);
}

/** Checks an id passed as a positional argument, naming it in the error as the caller knows it. */
export function parseId(value: unknown, field: string, operation: string): string {
  if (typeof value === 'string' && id.safeParse(value).success) return value;
  let schema = idFields.get(field);
  if (!schema) {
    schema = z.strictObject({ [field]: id });
    idFields.set(field, schema);
  }
  return parseInput(schema, { [field]: value }, operation)[field] as string;
}

// One schema per field name, built when an id named so is first refused: building one takes
// longer than checking an id, and ids are checked on most calls.
const idFields = new Map<string, z.ZodMiniObject>();

/** Checks header names and values up front: `fetch` would otherwise throw a bare TypeError. */
export function checkHeaders(headers: unknown, field: string): void {
  if (headers === undefined) return;
  try {
    if (typeOf(headers) !== 'object' || !Object.values(headers as object).every((v) => typeof v === 'string')) throw 0;
    new Headers(headers as Record<string, string>);
  } catch {
    throw invalidField(field, 'must map header names to values that HTTP allows');
  }
}

/**
 * The deployment states of the contract (StateEnum). The compiler fails when generated/ adds or
 * drops one (here, and in test/types/schemas-match-generated.ts), so the list follows the
 * contract; a state the API starts reporting before the contract lists it is refused until then.
 * That trade is on purpose: a typo in `until`, or the status report's one-word RUNNING, would
 * otherwise fail a deployment that succeeded.
 */
export const DEPLOYMENT_STATES = [
  'BUILDING',
  'BUILD_ERROR',
  'CANCELED',
  'CANCELING',
  'DELETED',
  'DELETE_ERROR',
  'DELETE_QUEUED',
  'DELETING',
  'DEPLOYED',
  'DEPLOYING',
  'DEPLOYMENT_ERROR',
  'DEPLOYMENT_QUEUED',
  'EXECUTING',
  'QUEUED',
  'READY',
  'RECAP',
  'RESTARTED',
  'RESTARTING',
  'RESTART_ERROR',
  'RESTART_QUEUED',
  'STOPPED',
  'STOPPING',
  'STOP_ERROR',
  'STOP_QUEUED',
  'UNAVAILABLE',
  'WAITING_DELETING',
  'WAITING_RESTARTING',
  'WAITING_RUNNING',
  'WAITING_STOPPING',
] as const satisfies readonly components['schemas']['StateEnum'][];
