/**
 * What the SDK itself reads in each wrapped operation's answer, and so cannot do without: an object
 * where a record is due, a record's `id`, a list's `results` (an array of records), the ids it
 * follows into its next call, the state `deployments.wait()` branches on, and the
 * `deployment_request_id` it matches when one is there. A value there that the SDK cannot use is a
 * `ResponseValidationError` carrying the body, whatever `validateResponses` says short of `false`.
 *
 * Everything else in an answer is the caller's to read, and the real API departs from its spec
 * there (API-FACTS.md, "Where the real API departs from its spec"): `null` in optional fields,
 * required fields missing from old records, undeclared fields, ids that are not UUIDs. Those never
 * fail a call; src/response-check.ts reports them to whoever listens.
 *
 * Small schemas, built the first time an operation is answered: checking a list of organizations
 * here reads each record's `id`, not its 30 fields.
 */
import * as z from 'zod/mini';
import type { WrappedOperation } from './core.js';

/** Any 8-4-4-4-12 hex id, any version: the ids the contract says are UUIDs. */
const uuid = z.guid();
/** An execution id, `<environment uuid>-<counter>` in the real API: any text. */
const executionId = z.string().check(z.minLength(1));
/** A deployment state: a string; one the SDK does not know yet reads as `UNKNOWN`, it does not fail. */
const state = z.string();
const absentOr = <S extends z.ZodMiniType>(schema: S) => z.optional(z.nullable(schema));

const anyObject = () => z.looseObject({});
const record = () => z.looseObject({ id: uuid });
const listOf = (item: z.ZodMiniType) => z.looseObject({ results: z.array(item) });
/** A service's status: what `wait()` branches on and the deployment it names, when it names one. */
const serviceStatus = () => z.looseObject({ state, deployment_request_id: absentOr(uuid) });
/** An environment's: `last_deployment_state`, when there, is the state of the deployment it names. */
const environmentStatus = () =>
  z.looseObject({ state, last_deployment_state: absentOr(state), deployment_request_id: absentOr(uuid) });
/** Every list of statuses of getEnvironmentStatuses, one per kind, each entry's id and state read. */
export const STATUS_LISTS = [
  'applications',
  'containers',
  'databases',
  'jobs',
  'helms',
  'terraforms',
  'agentic_workflows',
] as const;
const statusesByKind = () =>
  Object.fromEntries(
    STATUS_LISTS.map((list) => [list, absentOr(z.array(z.looseObject({ id: uuid, state })))]),
  ) as Record<string, z.ZodMiniType>;

type Essentials = Record<Exclude<WrappedOperation, `delete${string}`>, () => z.ZodMiniType>;

const records = () => listOf(record());
const ESSENTIALS: Essentials = {
  // The organization lookup follows the one organization's id.
  listOrganization: records,
  getOrganization: record,
  editOrganization: record,
  listOrganizationAvailableRoles: records,
  listProject: records,
  listOrganizationCluster: records,
  createProject: record,
  getProject: record,
  editProject: record,
  listOrganizationApiTokens: records,
  createOrganizationApiToken: record,
  listEnvironment: records,
  // environments.clone() follows the environment's project.
  getEnvironment: () => z.looseObject({ id: uuid, project: z.looseObject({ id: uuid }) }),
  cloneEnvironment: record,
  getEnvironmentStatus: environmentStatus,
  getEnvironmentStatuses: () => z.looseObject({ environment: environmentStatus(), ...statusesByKind() }),
  // cancel() answers with the environment's status; the stages' view carries it too.
  cancelEnvironmentDeployment: environmentStatus,
  getEnvironmentStatusesWithStages: () =>
    z.looseObject({ environment: environmentStatus(), stages: absentOr(z.array(anyObject())) }),
  deployEnvironment: serviceStatus,
  deployAllServices: environmentStatus,
  stopEnvironment: environmentStatus,
  redeployEnvironment: environmentStatus,
  listEnvironmentServicesLinks: () => listOf(anyObject()),
  listApplication: records,
  getApplication: record,
  editApplication: record,
  getApplicationStatus: serviceStatus,
  deployApplication: serviceStatus,
  redeployApplication: serviceStatus,
  rebootApplication: serviceStatus,
  stopApplication: serviceStatus,
  listApplicationLinks: () => listOf(anyObject()),
  listContainer: records,
  getContainer: record,
  editContainer: record,
  getContainerStatus: serviceStatus,
  deployContainer: serviceStatus,
  redeployContainer: serviceStatus,
  rebootContainer: serviceStatus,
  stopContainer: serviceStatus,
  listContainerLinks: () => listOf(anyObject()),
  listJobs: records,
  getJob: record,
  getJobStatus: serviceStatus,
  deployJob: serviceStatus,
  redeployJob: serviceStatus,
  stopJob: serviceStatus,
  listDatabase: records,
  getDatabase: record,
  getDatabaseStatus: serviceStatus,
  deployDatabase: serviceStatus,
  redeployDatabase: serviceStatus,
  rebootDatabase: serviceStatus,
  stopDatabase: serviceStatus,
  listHelms: records,
  getHelm: record,
  getHelmStatus: serviceStatus,
  deployHelm: serviceStatus,
  redeployHelm: serviceStatus,
  stopHelm: serviceStatus,
  listHelmLinks: () => listOf(anyObject()),
  // The status report follows each service's environment; a service's kind is its service_type.
  listServicesByOrganizationId: () =>
    listOf(z.looseObject({ id: uuid, environment_id: uuid, service_type: z.string() })),
  // variables.set() follows an override to the variable it overrides.
  listVariables: () => listOf(z.looseObject({ id: uuid, overridden_variable: absentOr(z.looseObject({ id: uuid })) })),
  createVariable: record,
  editVariable: record,
  createVariableAlias: record,
  createVariableOverride: record,
  // The contract requires none of its fields; wait() reads the state and the request it names.
  getDeploymentStatusByDeploymentRequestId: () =>
    z.looseObject({ status: absentOr(state), deployment_request_id: absentOr(uuid) }),
  // history() pages on each entry's id: an execution id in the real API, not a UUID.
  listEnvironmentDeploymentHistory: () => listOf(z.looseObject({ id: executionId })),
  listApplicationDeploymentHistory: () => listOf(z.looseObject({ id: executionId })),
  listEnvironmentDeploymentHistoryV2: () => listOf(anyObject()),
  listApplicationDeploymentHistoryV2: () => listOf(anyObject()),
  // A deployment's logs: a list of entries, each an object; what each holds is read leniently.
  listEnvironmentLogs: () => z.array(anyObject()),
};

const built = new Map<string, z.ZodMiniType>();

/** What the SDK reads in the answer to `operation`; undefined for one that answers nothing, or the escape hatch's. */
export function essentialsOf(operation: string): z.ZodMiniType | undefined {
  let schema = built.get(operation);
  if (!schema) {
    const make = (ESSENTIALS as Partial<Record<string, () => z.ZodMiniType>>)[operation];
    if (!make) return undefined;
    schema = make();
    built.set(operation, schema);
  }
  return schema;
}
