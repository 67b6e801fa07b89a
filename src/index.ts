export type { components, paths } from '../generated/qovery-api.js';
export type { WithResponse } from './api-promise.js';
export { APIPromise } from './api-promise.js';
export type { AuthScheme } from './auth.js';
export type { ClientOptions, RequestOptions } from './client.js';
export { Qovery } from './client.js';
export type { FieldIssue } from './errors.js';
export {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  QoveryError,
  RateLimitError,
  ResponseValidationError,
  UnprocessableEntityError,
  ValidationError,
} from './errors.js';
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
  ProjectListParams,
  Projects,
} from './resources/projects.js';
