/**
 * The Qovery API client ({@link Qovery}), the errors it throws, and the types of what its calls
 * take and return. `components` and `paths` are the types generated from `openapi.yaml` (shipped
 * as `qovery/openapi.yaml`), for naming the API's schemas and for {@link Qovery.request};
 * `AnswerComponents` and `AnswerPaths` the same as the API answers them (optional fields may be null).
 *
 * @module qovery
 */

import type { components as ContractComponents, paths as ContractPaths } from '../generated/qovery-api.js';
import type {
  components as AnswerContractComponents,
  paths as AnswerContractPaths,
} from '../generated/qovery-api-answers.js';

/**
 * The contract's components, as openapi-typescript generates them from `openapi.yaml`: name a
 * schema as `components['schemas']['Application']`, a shared response or parameter likewise. What
 * a call sends is typed from these; what it answers, from {@link AnswerComponents}.
 */
export type components = ContractComponents;
/**
 * Every path of the contract with its methods, parameters, bodies and answers, as openapi-typescript
 * generates them from `openapi.yaml`: what {@link Qovery.request} type-checks a call against.
 */
export type paths = ContractPaths;
/**
 * {@link components} as the API answers them: every optional field is also `null`-able, as the real
 * API sends an optional field without a value. What every call of the SDK returns is typed from it:
 * name an answer as `AnswerComponents['schemas']['Application']`.
 */
export type AnswerComponents = AnswerContractComponents;
/**
 * {@link paths} with each answer as the API sends it (see {@link AnswerComponents}): name what
 * {@link Qovery.request} answers from here.
 */
export type AnswerPaths = AnswerContractPaths;
export type { WithResponse } from './api-promise.js';
export { APIPromise } from './api-promise.js';
export type { AuthScheme } from './auth.js';
export type {
  ClientOptions,
  ContractCheck,
  RequestOptions,
  ResponseIssueReport,
  ResponseValidation,
} from './client.js';
export { Qovery } from './client.js';
export type {
  DeploymentError,
  DeploymentProgress,
  DeploymentService,
  DeploymentStageProgress,
  FieldIssue,
  ServiceState,
} from './errors.js';
export {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  DeploymentFailedError,
  InternalServerError,
  LookupError,
  NotFoundError,
  PermissionDeniedError,
  QoveryError,
  RateLimitError,
  ResponseValidationError,
  StaleUpdateError,
  StreamError,
  UnprocessableEntityError,
  ValidationError,
} from './errors.js';
export type { StandardSocket, WebSocketConstructor } from './gateway/socket.js';
export type { ServiceLogLine } from './gateway/streams.js';
export type { Logger, LogLevel } from './logger.js';
export type { RateLimit } from './rate-limit.js';
export type {
  ApiToken,
  ApiTokenCreateParams,
  ApiTokenDeleteParams,
  ApiTokenListParams,
  ApiTokens,
  CreatedApiToken,
} from './resources/api-tokens.js';
export type {
  Application,
  ApplicationChanges,
  ApplicationDeployParams,
  ApplicationFindParams,
  ApplicationListParams,
  Applications,
} from './resources/applications.js';
export type { Cluster, ClusterFindParams, ClusterListParams, Clusters } from './resources/clusters.js';
export type {
  Container,
  ContainerChanges,
  ContainerDeployParams,
  ContainerFindParams,
  Containers,
} from './resources/containers.js';
export type { Database, DatabaseFindParams, Databases } from './resources/databases.js';
export type {
  DeploymentExplanation,
  DeploymentLogEntry,
  ExplainedService,
  ExplainedStage,
  ExplainedStep,
} from './resources/deployment-logs.js';
export type {
  ApplicationDeployment,
  DeploymentFollowParams,
  DeploymentLogsParams,
  DeploymentRequestStatus,
  Deployments,
  EnvironmentDeployment,
  EnvironmentDeploymentPage,
  ServiceDeploymentPage,
  WaitOptions,
  WaitTarget,
} from './resources/deployments.js';
export type {
  ApplicationToDeploy,
  ContainerToDeploy,
  EnsuredClone,
  Environment,
  EnvironmentCancelParams,
  EnvironmentCloneParams,
  EnvironmentDeployServicesParams,
  EnvironmentFindParams,
  EnvironmentLink,
  EnvironmentListParams,
  EnvironmentStages,
  EnvironmentStatus,
  EnvironmentStatuses,
  Environments,
  ServiceStatus,
  ServiceToDeploy,
} from './resources/environments.js';
export type { Helm, HelmDeployParams, HelmFindParams, Helms } from './resources/helms.js';
export type { Job, JobDeployParams, JobFindParams, Jobs } from './resources/jobs.js';
export type {
  AvailableRole,
  Organization,
  OrganizationChanges,
  OrganizationResource,
  OrganizationScopedParams,
  OrganizationUpdateParams,
} from './resources/organization.js';
export type {
  Project,
  ProjectChanges,
  ProjectCreateParams,
  ProjectFindParams,
  ProjectListParams,
  Projects,
} from './resources/projects.js';
export type {
  NamedService,
  ServiceFindParams,
  ServiceKind,
  ServiceKindResource,
  ServiceLink,
  ServiceListParams,
  ServiceSummary,
  UpdateOptions,
} from './resources/service-kinds.js';
export type {
  ServiceFindAnyParams,
  ServiceListAllParams,
  ServiceLogsParams,
  ServiceMatch,
  Services,
} from './resources/services.js';
export type { ServiceReport, StatusReport, StatusReportParams } from './resources/status.js';
export { serviceState } from './resources/status.js';
export type {
  Variable,
  VariableCreateParams,
  VariableScope,
  VariableScopeName,
  VariableSetResult,
  Variables,
  VariableUpdateParams,
} from './resources/variables.js';
