/**
 * The runtime checks the SDK applies to the API's answers, for integrations that check data
 * themselves (a payload stored earlier, a webhook relay). They are lenient like the SDK: unknown
 * fields and new enum values pass; a missing required field or a wrong type does not.
 *
 * ```ts
 * import { project, validate } from 'qovery/schemas';
 * const issues = validate(project, value); // [] when it is a project
 * ```
 *
 * Its own entry, so a client that does not use them does not carry them.
 * @module qovery/schemas
 */
import type { components } from '../generated/qovery-api.js';
import { issuesOf } from './check.js';
import type { FieldIssue } from './errors.js';
import * as checks from './schemas.js';

type Contract = components['schemas'];

/** A check the SDK runs on data of type `T`: pass it to `validate`. */
export interface Schema<T> {
  /** Appends what is wrong with `value` (at `path`) to `issues`. */
  readonly check: (value: unknown, path: (string | number)[], issues: FieldIssue[]) => void;
  /** Only for type inference: the type of the data it checks. */
  readonly _type?: T;
}

/** What is wrong with `value` according to `schema`: empty when nothing is. */
export function validate(schema: Schema<unknown>, value: unknown): FieldIssue[] {
  return issuesOf(schema, value);
}

// The checks are looser than the contract's types (enums are plain strings), so each is labelled
// with the contract type of the data it accepts.
const of = <T>(schema: Schema<unknown>): Schema<T> => schema as Schema<T>;

/** An organization (getOrganization). */
export const organization = of<Contract['Organization']>(checks.organizationResponse);
/** A role an API token can have (listOrganizationAvailableRoles). */
export const availableRole = of<Contract['OrganizationAvailableRole']>(checks.availableRoleResponse);
/** A project (getProject). */
export const project = of<Contract['Project']>(checks.projectResponse);
/** An API token, as listed: no value (listOrganizationApiTokens). */
export const apiToken = of<Contract['OrganizationApiToken']>(checks.apiTokenResponse);
/** A created API token, with its value (createOrganizationApiToken). */
export const createdApiToken = of<Contract['OrganizationApiTokenCreate']>(checks.apiTokenCreatedResponse);
/** An environment (getEnvironment). */
export const environment = of<Contract['Environment']>(checks.environmentResponse);
/** An application: its required fields and those the SDK reads (getApplication). */
export const application = of<Contract['Application']>(checks.applicationResponse);
/** A service's status (getApplicationStatus, and the answer to deploy actions). */
export const serviceStatus = of<Contract['Status']>(checks.serviceStatusResponse);
/** An environment's status (getEnvironmentStatus). */
export const environmentStatus = of<Contract['EnvironmentStatus']>(checks.environmentStatusResponse);
/** The statuses of an environment and all its services (getEnvironmentStatuses). */
export const environmentStatuses = of<Contract['EnvironmentStatuses']>(checks.environmentStatusesResponse);
/** Where a deployment request stands (getDeploymentStatusByDeploymentRequestId). */
export const deploymentRequestStatus = of<Contract['EnvDeploymentStatus']>(checks.deploymentRequestStatusResponse);
/** A page of a service's deployment history (V1 and V2 share its envelope). */
export const deploymentHistoryPage = of<Contract['DeploymentHistoryPaginatedResponseList']>(checks.historyPageResponse);

/** A list as the API sends it. */
export interface ListEnvelope<T> {
  /** The items; the contract lets the API leave it out for an empty list. */
  results?: T[];
}

/** The `{ results }` envelope of a list, around `item`. */
export function list<T>(item: Schema<T>): Schema<ListEnvelope<T>> {
  return of<ListEnvelope<T>>(checks.listResponse(item as never));
}
