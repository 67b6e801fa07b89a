/**
 * Runtime checks, one source of truth with `generated/`: test/types/schemas-match-generated.ts
 * fails the type check when a schema here and the generated type drift apart.
 *
 * `zod/mini` rather than `zod`: the same checks for about 5 KB gzipped instead of about 95 KB,
 * which matters to users bundling for serverless functions.
 */
import * as z from 'zod/mini';
import { type FieldIssue, ValidationError } from './errors.js';
import type { Logger } from './logger.js';

// Inputs: strict, because a typo in a field name should fail loudly before anything is sent.

/** Any 8-4-4-4-12 hex id: `z.uuid()` insists on RFC 4122 variants, which some real ids are not. */
export const id = z.guid('must be a UUID');
// Checked, not trimmed: what the caller passed is what is sent.
const nonEmpty = z.string().check(z.refine((value) => value.trim().length > 0, 'must not be empty'));

export const organizationIdInput = z.optional(id);

export const organizationUpdateInput = z.strictObject({
  organizationId: organizationIdInput,
  name: nonEmpty,
  description: z.optional(z.string()),
  website_url: z.optional(z.nullable(z.string())),
  repository: z.optional(z.nullable(z.string())),
  logo_url: z.optional(z.nullable(z.string())),
  icon_url: z.optional(z.nullable(z.string())),
  admin_emails: z.optional(z.nullable(z.array(z.string()))),
});

export const organizationScopedInput = z.strictObject({ organizationId: organizationIdInput });

/** `new Qovery({...})`: strict, so `baseURL` or `token` fail loudly instead of being ignored. */
export const clientOptionsInput = z.strictObject({
  apiToken: z.optional(z.string()),
  baseUrl: z.optional(z.string()),
  organizationId: organizationIdInput,
  authScheme: z.optional(z.enum(['auto', 'token', 'bearer', 'Token', 'Bearer'])),
  fetch: z.optional(
    z.custom<(input: Request) => Promise<Response>>((value) => typeof value === 'function', 'must be a function'),
  ),
  headers: z.optional(z.record(z.string(), z.string())),
  validateResponses: z.optional(z.boolean()),
  maxRetries: z.optional(z.number().check(z.int(), z.gte(0, 'must be 0 or more'))),
  timeout: z.optional(z.number().check(z.gt(0, 'must be more than 0'))),
  maxRetryDelay: z.optional(z.number().check(z.gte(0, 'must be 0 or more'))),
  throttle: z.optional(z.boolean()),
  logLevel: z.optional(z.enum(['off', 'error', 'warn', 'info', 'debug'])),
  logger: z.optional(
    z.custom<Logger>(
      (value) =>
        value !== null &&
        typeof value === 'object' &&
        ['error', 'warn', 'info', 'debug'].every(
          (method) => typeof (value as unknown as Record<string, unknown>)[method] === 'function',
        ),
      'must have error, warn, info and debug methods',
    ),
  ),
});

/** Per-call options, checked like the rest of the input. */
export const requestOptionsInput = z.strictObject({
  // Duck-typed: a signal from another realm (a test DOM, a polyfill) is not an instance of ours.
  signal: z.optional(
    z.custom<AbortSignal>(
      (value) =>
        typeof (value as AbortSignal | null)?.aborted === 'boolean' &&
        typeof (value as AbortSignal).addEventListener === 'function',
      'must be an AbortSignal',
    ),
  ),
  headers: z.optional(z.record(z.string(), z.string())),
  maxRetries: z.optional(z.number().check(z.int(), z.gte(0, 'must be 0 or more'))),
  timeout: z.optional(z.number().check(z.gt(0, 'must be more than 0'))),
});

export const projectCreateInput = z.strictObject({
  organizationId: organizationIdInput,
  name: nonEmpty,
  description: z.optional(z.string()),
});

export const projectUpdateInput = z.strictObject({
  name: nonEmpty,
  description: z.optional(z.string()),
});

export const apiTokenListInput = z.strictObject({
  organizationId: organizationIdInput,
  name: z.optional(z.string()),
  creatorName: z.optional(z.string()),
});

export const apiTokenCreateInput = z.strictObject({
  organizationId: organizationIdInput,
  name: nonEmpty,
  description: z.optional(z.string()),
  roleId: z.optional(z.nullable(id)),
  role: z.optional(nonEmpty),
});

// Responses: lenient, because the API grows. Unknown fields pass through (looseObject), enums are
// plain strings (a new plan or role must not break a working call), formats are not enforced;
// a missing required field or a wrong type is still an error.

const base = {
  id: z.string(),
  created_at: z.string(),
  updated_at: z.optional(z.string()),
};

export const organizationResponse = z.looseObject({
  ...base,
  name: z.string(),
  description: z.optional(z.nullable(z.string())),
  plan: z.string(),
  website_url: z.optional(z.nullable(z.string())),
  repository: z.optional(z.nullable(z.string())),
  logo_url: z.optional(z.nullable(z.string())),
  icon_url: z.optional(z.nullable(z.string())),
  admin_emails: z.optional(z.nullable(z.array(z.string()))),
  owner: z.optional(z.string()),
  billing_deployment_restriction: z.optional(z.nullable(z.string())),
  organization_plan: z.optional(
    z.looseObject({
      plan: z.optional(z.string()),
      audit_logs_retention_in_days: z.optional(z.number()),
    }),
  ),
});

export const availableRoleResponse = z.looseObject({ id: z.string(), name: z.string() });

export const projectResponse = z.looseObject({
  ...base,
  name: z.string(),
  description: z.optional(z.string()),
  associated_environments_count: z.number().check(z.int()),
  organization: z.looseObject({ id: z.string() }),
});

export const apiTokenResponse = z.looseObject({
  ...base,
  name: z.optional(z.string()),
  description: z.optional(z.string()),
  role_name: z.optional(z.string()),
  role_id: z.optional(z.string()),
});

export const apiTokenCreatedResponse = z.looseObject({
  ...apiTokenResponse.def.shape,
  token: z.optional(z.string()),
});

/** The `{ results: [...] }` envelope of every list; `results` is optional in the contract. */
export function listResponse<T extends z.ZodMiniType>(item: T) {
  return z.looseObject({ results: z.optional(z.array(item)) });
}

function toFieldIssues(error: z.core.$ZodError): FieldIssue[] {
  return error.issues.map((issue) =>
    issue.code === 'unrecognized_keys'
      ? { path: [...issue.path, issue.keys[0]].join('.'), message: `unknown field(s) ${issue.keys.join(', ')}` }
      : { path: issue.path.map(String).join('.'), message: issue.message },
  );
}

function describe(issues: FieldIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
}

/** Checks a caller's input, or throws a `ValidationError` naming the field, before anything is sent. */
export function parseInput<T extends z.ZodMiniType>(schema: T, input: unknown, operation: string): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error);
  throw new ValidationError(`Invalid input to ${operation}: ${describe(issues)}`, issues);
}

/** Checks an id passed as a positional argument, naming it in the error as the caller knows it. */
export function parseId(value: unknown, field: string, operation: string): string {
  const result = id.safeParse(value);
  if (result.success) return result.data;
  const issues = [{ path: field, message: 'must be a UUID' }];
  throw new ValidationError(`Invalid input to ${operation}: ${describe(issues)}`, issues);
}

/** The lenient contract check of a 2xx body: `undefined` when it passes, else what is wrong. */
export function checkResponse(schema: z.ZodMiniType, body: unknown): { text: string; list: FieldIssue[] } | undefined {
  const result = schema.safeParse(body);
  if (result.success) return undefined;
  const list = toFieldIssues(result.error);
  return { text: describe(list), list };
}

/** Checks header names and values up front: `fetch` would otherwise throw a bare TypeError. */
export function checkHeaders(headers: unknown, field: string): void {
  if (headers === undefined) return;
  if (headers === null || typeof headers !== 'object') {
    throw new ValidationError(`${field} must be an object of header names to values`, [
      { path: field, message: 'must be an object' },
    ]);
  }
  for (const [name, value] of Object.entries(headers)) {
    try {
      if (typeof value !== 'string') throw new TypeError('not a string');
      new Headers([[name, value]]);
    } catch {
      throw new ValidationError(`${field}: header "${name}" has a name or value that HTTP does not allow`, [
        { path: `${field}.${name}`, message: 'is not a valid HTTP header' },
      ]);
    }
  }
}
