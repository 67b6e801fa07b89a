/**
 * Type-level test, checked by `npm run typecheck`: the zod schemas in src/schemas.ts and the types
 * generated from openapi.yaml must describe the same fields, so neither can drift from the other.
 * For each pair: the same field names, the same required fields, and every value the contract
 * allows is accepted by the schema (the schemas are deliberately looser: plain strings for enums).
 */

import type { components } from '../../generated/qovery-api.js';
import type { Infer } from '../../src/check.js';
import type {
  ApiTokenCreateParams,
  ApiTokenListParams,
  OrganizationUpdateParams,
  ProjectCreateParams,
} from '../../src/index.js';
import type * as schemas from '../../src/schemas.js';

type Schemas = components['schemas'];
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : K]: T[K] };
type RequiredKeys<T> = { [K in KnownKeys<T>]-?: object extends Pick<T, K> ? never : K }[KnownKeys<T>];
// The checker does not transform values: what it accepts (input) is what it gives (output).
type Output<S> = Infer<S>;
type Input<S> = Infer<S>;

function assert<_T extends true>(): void {}

/** The schema checks exactly the contract's fields, with the same required ones, and accepts all it allows. */
type Matches<Schema, Contract> = [
  Equal<KnownKeys<Schema>, KnownKeys<Contract>>,
  Equal<RequiredKeys<Schema>, RequiredKeys<Contract>>,
  Contract extends Schema ? true : false,
] extends [true, true, true]
  ? true
  : false;

// Responses
assert<Matches<Output<typeof schemas.organizationResponse>, Schemas['Organization']>>();
assert<
  Matches<
    NonNullable<Output<typeof schemas.organizationResponse>['organization_plan']>,
    NonNullable<Schemas['Organization']['organization_plan']>
  >
>();
assert<Matches<Output<typeof schemas.projectResponse>, Schemas['Project']>>();
assert<Matches<Output<typeof schemas.projectResponse>['organization'], Schemas['ReferenceObject']>>();
assert<Matches<Output<typeof schemas.apiTokenResponse>, Schemas['OrganizationApiToken']>>();
assert<Matches<Output<typeof schemas.apiTokenCreatedResponse>, Schemas['OrganizationApiTokenCreate']>>();
assert<Matches<Output<typeof schemas.availableRoleResponse>, Schemas['OrganizationAvailableRole']>>();
type ProjectList = Output<ReturnType<typeof schemas.listResponse<Output<typeof schemas.projectResponse>>>>;
assert<Matches<NonNullable<ProjectList['results']>[number], Schemas['Project']>>();

// Request bodies: what an input schema lets through, minus the SDK's own routing fields, is the
// contract's request body, field for field.
type Body<S> = Omit<Output<S>, 'organizationId'>;
assert<Equal<Body<typeof schemas.projectCreateInput>, Schemas['ProjectRequest']>>();
assert<Equal<Output<typeof schemas.projectUpdateInput>, Schemas['ProjectRequest']>>();
assert<Equal<Body<typeof schemas.organizationUpdateInput>, Partial<Schemas['OrganizationEditRequest']>>>();

// Public parameter types and the schemas that check them accept the same shapes.
assert<Equal<Input<typeof schemas.projectCreateInput>, ProjectCreateParams>>();
assert<Equal<Input<typeof schemas.organizationUpdateInput>, OrganizationUpdateParams>>();
assert<Equal<Input<typeof schemas.apiTokenListInput>, ApiTokenListParams>>();
assert<Equal<Input<typeof schemas.apiTokenCreateInput>, ApiTokenCreateParams>>();
// The token create body needs no assertion here: openapi-fetch type-checks it against the contract.

/**
 * For the large objects of environments, applications and deployments the schema checks a subset
 * of the fields (every required one, and those the SDK reads): no field the contract lacks, the
 * same required fields, and every value the contract allows is accepted.
 */
type Covers<Schema, Contract> = [
  KnownKeys<Schema> extends KnownKeys<Contract> ? true : false,
  Equal<RequiredKeys<Schema>, RequiredKeys<Contract>>,
  Contract extends Schema ? true : false,
] extends [true, true, true]
  ? true
  : false;

assert<Covers<Output<typeof schemas.environmentResponse>, Schemas['Environment']>>();
assert<Covers<Output<typeof schemas.applicationResponse>, Schemas['Application']>>();
assert<Covers<Output<typeof schemas.serviceStatusResponse>, Schemas['Status']>>();
assert<Covers<Output<typeof schemas.environmentStatusResponse>, Schemas['EnvironmentStatus']>>();
assert<Matches<Output<typeof schemas.environmentStatusesResponse>, Schemas['EnvironmentStatuses']>>();
assert<Matches<Output<typeof schemas.deploymentRequestStatusResponse>, Schemas['EnvDeploymentStatus']>>();
assert<Matches<Output<typeof schemas.historyPageResponse>, Schemas['DeploymentHistoryPaginatedResponseList']>>();
assert<
  Matches<Output<typeof schemas.historyPageResponse>, Schemas['DeploymentHistoryServicePaginatedResponseListV2']>
>();
assert<
  Matches<Output<typeof schemas.historyPageResponse>, Schemas['DeploymentHistoryEnvironmentPaginatedResponseListV2']>
>();
// The deploy body: what deployInput lets through becomes { git_commit_id }, which openapi-fetch
// type-checks against DeployRequest.
assert<Equal<Output<typeof schemas.deployInput>, { gitCommitId: string }>>();
// `until` accepts exactly the contract's deployment states: none missing (a `satisfies` in
// schemas.ts already refuses one the contract lacks).
assert<Equal<(typeof schemas.DEPLOYMENT_STATES)[number], Schemas['StateEnum']>>();
