/**
 * Runtime checks, one source of truth with `generated/`: test/types/schemas-match-generated.ts
 * fails the type check when a schema here and the generated type drift apart. (Written with the
 * SDK's own checker, not zod: see check.ts for the numbers behind that.)
 */
import type { components } from '../generated/qovery-api.js';
import * as z from './check.js';
import { typeOf } from './check.js';
import { type DeploymentProgress, type FieldIssue, invalidField, ValidationError } from './errors.js';
import { LOG_LEVELS, type Logger } from './logger.js';

// Inputs: strict, because a typo in a field name should fail loudly before anything is sent.

/** Any 8-4-4-4-12 hex id: insisting on RFC 4122 variants would refuse some real ids. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const id = z.custom<string>((value) => typeof value === 'string' && UUID.test(value), 'must be a UUID');
// Checked, not trimmed: what the caller passed is what is sent.
const nonEmpty = z.refine(z.string(), (value) => value.trim().length > 0, 'must not be empty');
const count = z.refine(z.int(), (value) => value >= 0, 'must be 0 or more');
// Timers hold at most 2^31 - 1 ms; a longer one would fire at once.
export const MAX_MS = 2 ** 31 - 1;
const positive = z.refine(
  z.number(),
  (value) => value > 0 && value <= MAX_MS,
  `must be more than 0 and at most ${MAX_MS}`,
);

export const organizationIdInput = z.optional(id);

export const organizationUpdateInput = z.strictObject({
  organizationId: organizationIdInput,
  name: z.optional(nonEmpty),
  // A plan the SDK does not list yet is the API's to refuse.
  plan: z.optional(
    z.custom<components['schemas']['PlanEnum']>(
      (value) => typeof value === 'string' && value.trim() !== '',
      'must be a plan, such as TEAM',
    ),
  ),
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
  authScheme: z.optional(z.oneOf(['auto', 'token', 'bearer', 'Token', 'Bearer'])),
  fetch: z.optional(
    z.custom<(input: Request) => Promise<Response>>((value) => typeof value === 'function', 'must be a function'),
  ),
  headers: z.optional(z.record(z.string())),
  validateResponses: z.optional(z.boolean()),
  maxRetries: z.optional(count),
  timeout: z.optional(positive),
  maxRetryDelay: z.optional(
    z.refine(z.number(), (value) => value >= 0 && value <= MAX_MS, `must be from 0 to ${MAX_MS}`),
  ),
  throttle: z.optional(z.boolean()),
  logLevel: z.optional(z.oneOf(LOG_LEVELS)),
  logger: z.optional(
    z.custom<Logger>(
      (value) =>
        value !== null &&
        typeof value === 'object' &&
        LOG_LEVELS.slice(1).every(
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
    z.custom<AbortSignal>((value) => {
      const signal = value as AbortSignal | null;
      return (
        typeof signal?.aborted === 'boolean' &&
        typeof signal.addEventListener === 'function' &&
        typeof signal.removeEventListener === 'function'
      );
    }, 'must be an AbortSignal'),
  ),
  headers: z.optional(z.record(z.string())),
  maxRetries: z.optional(count),
  timeout: z.optional(positive),
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

export const apiTokenCreateInput = z.refine(
  z.strictObject({
    organizationId: organizationIdInput,
    name: nonEmpty,
    description: z.optional(z.string()),
    roleId: z.optional(z.nullable(id)),
    role: z.optional(nonEmpty),
  }),
  (input) => input.role === undefined || input.roleId === undefined,
  'cannot be given together with roleId',
  'role',
);

export const apiTokenDeleteInput = z.strictObject({ organizationId: organizationIdInput, apiTokenId: id });

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
  associated_environments_count: z.int(),
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
  ...apiTokenResponse.shape,
  token: z.optional(z.string()),
});

/** The `{ results: [...] }` envelope of every list; `results` is optional in the contract. */
export function listResponse<T>(item: z.Schema<T>) {
  return z.looseObject({ results: z.optional(z.array(item)) });
}

function describe(issues: FieldIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
}

/** Checks a caller's input, or throws a `ValidationError` naming the field, before anything is sent. */
export function parseInput<T>(schema: z.Schema<T>, input: unknown, operation: string): T {
  const issues = z.issuesOf(schema, input);
  if (issues.length > 0) throw new ValidationError(`Invalid input to ${operation}: ${describe(issues)}`, issues);
  return input as T;
}

/** Checks an id passed as a positional argument, naming it in the error as the caller knows it. */
export function parseId(value: unknown, field: string, operation: string): string {
  return parseInput(z.strictObject({ [field]: id }), { [field]: value }, operation)[field] as string;
}

/** The lenient contract check of a 2xx body: `undefined` when it passes, else what is wrong. */
export function checkResponse(
  schema: z.Schema<unknown>,
  body: unknown,
): { text: string; list: FieldIssue[] } | undefined {
  const list = z.issuesOf(schema, body);
  return list.length === 0 ? undefined : { text: describe(list), list };
}

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

// Environments, applications and deployments. Response checks cover the required fields and the
// ones the SDK reads; the rest of these large objects passes through unchecked.

const reference = z.looseObject({ id: z.string() });
const nullableString = z.optional(z.nullable(z.string()));

export const environmentResponse = z.looseObject({
  ...base,
  name: z.string(),
  organization: reference,
  project: reference,
  cloud_provider: z.looseObject({ provider: z.optional(z.string()), cluster: z.optional(z.string()) }),
  mode: z.string(),
  cluster_id: z.string(),
});

export const applicationResponse = z.looseObject({
  ...base,
  name: z.string(),
  environment: reference,
  healthchecks: z.looseObject({}),
  icon_uri: z.string(),
  service_type: z.string(),
});

const statusDetails = z.looseObject({ action: z.string(), status: z.string(), sub_action: z.string() });

export const serviceStatusResponse = z.looseObject({
  id: z.string(),
  state: z.string(),
  service_deployment_status: z.string(),
  status_details: statusDetails,
  is_part_last_deployment: z.boolean(),
  deployment_requests_count: z.int(),
  deployment_request_id: z.nullable(z.string()),
  last_deployment_date: z.optional(z.string()),
});

export const environmentStatusResponse = z.looseObject({
  id: z.string(),
  state: z.string(),
  last_deployment_state: z.string(),
  last_deployment_date: nullableString,
  deployment_request_id: nullableString,
});

const statusList = z.array(serviceStatusResponse);
export const environmentStatusesResponse = z.looseObject({
  environment: environmentStatusResponse,
  applications: statusList,
  containers: statusList,
  jobs: statusList,
  databases: statusList,
  helms: statusList,
  terraforms: statusList,
  agentic_workflows: z.optional(statusList),
});

export const deploymentRequestStatusResponse = z.looseObject({
  deployment_request_id: z.optional(z.string()),
  environment_id: z.optional(z.string()),
  status: z.optional(z.string()),
});

/** A page of deployment history: `page`, `page_size` and the entries (each at least an id). */
export const historyPageResponse = z.looseObject({
  page: z.number(),
  page_size: z.number(),
  results: z.optional(z.array(z.looseObject({}))),
});

export const deployInput = z.strictObject({ gitCommitId: nonEmpty });

const serviceTarget = {
  applicationId: z.optional(id),
  environmentId: z.optional(id),
};
const oneTarget = (input: { applicationId?: string; environmentId?: string }) =>
  (input.applicationId === undefined) !== (input.environmentId === undefined);
const TARGET_RULE = 'give exactly one of applicationId and environmentId';

export const historyInput = z.refine(
  z.strictObject({ ...serviceTarget, limit: z.optional(count) }),
  oneTarget,
  TARGET_RULE,
  'applicationId',
);

export const historyPageInput = z.refine(
  z.strictObject({ ...serviceTarget, pageSize: z.optional(z.refine(z.int(), (v) => v > 0, 'must be more than 0')) }),
  oneTarget,
  TARGET_RULE,
  'applicationId',
);

export const waitTargetInput = z.refine(
  z.strictObject({ ...serviceTarget, deploymentRequestId: z.optional(z.nullable(id)) }),
  (input) =>
    oneTarget(input) ||
    (input.applicationId === undefined && input.environmentId === undefined && !!input.deploymentRequestId),
  'give applicationId or environmentId, or a deploymentRequestId alone',
  'applicationId',
);

/**
 * The deployment states of the contract (StateEnum). The compiler fails when generated/ adds or
 * drops one (here, and in test/types/schemas-match-generated.ts), so the list follows the
 * contract; a state the API starts reporting before the contract lists it is refused until then. That trade is on purpose: a typo in `until`, or the
 * status report's one-word RUNNING, would otherwise fail a deployment that succeeded.
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

export const waitOptionsInput = z.strictObject({
  until: z.optional(
    z.custom<string | string[]>((v) => {
      const states = [v].flat();
      return (
        states.length > 0 &&
        states.every(
          (s) => typeof s === 'string' && (DEPLOYMENT_STATES as readonly string[]).includes(s.trim().toUpperCase()),
        )
      );
    }, 'must be a deployment state, such as DEPLOYED or STOPPED, or a non-empty list of them'),
  ),
  timeout: z.optional(positive),
  interval: z.optional(positive),
  signal: requestOptionsInput.shape.signal,
  onProgress: z.optional(
    z.custom<(progress: DeploymentProgress) => void>((v) => typeof v === 'function', 'must be a function'),
  ),
});

export const projectFindInput = z.strictObject({ organizationId: organizationIdInput, name: nonEmpty });

export const environmentFindInput = z.refine(
  z.strictObject({
    organizationId: organizationIdInput,
    name: z.optional(nonEmpty),
    projectId: z.optional(id),
    project: z.optional(nonEmpty),
    environment: z.optional(nonEmpty),
  }),
  (i) =>
    i.name !== undefined
      ? i.projectId !== undefined && i.project === undefined && i.environment === undefined
      : i.environment !== undefined && i.projectId === undefined,
  'give { name, projectId } or the names { project?, environment }',
  'name',
);

export const applicationFindInput = z.refine(
  z.strictObject({
    organizationId: organizationIdInput,
    name: z.optional(nonEmpty),
    environmentId: z.optional(id),
    project: z.optional(nonEmpty),
    environment: z.optional(nonEmpty),
    application: z.optional(nonEmpty),
  }),
  (i) =>
    i.name !== undefined
      ? i.environmentId !== undefined &&
        i.project === undefined &&
        i.environment === undefined &&
        i.application === undefined
      : i.application !== undefined && i.environmentId === undefined,
  'give { name, environmentId } or the names { project?, environment?, application }',
  'name',
);

export const statusReportInput = z.refine(
  z.strictObject({
    organizationId: organizationIdInput,
    projectId: z.optional(id),
    environmentId: z.optional(id),
  }),
  (input) => input.projectId === undefined || input.environmentId === undefined,
  'give projectId or environmentId, not both',
  'projectId',
);

export const environmentListInput = z.strictObject({ projectId: id });
export const applicationListInput = z.strictObject({ environmentId: id });
