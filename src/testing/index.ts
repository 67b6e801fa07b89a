export type { Fault, FaultInjector, FaultKind } from './faults.js';
export type { PendingFailure, QoveryMock, QoveryMockOptions } from './mock.js';
export { createQoveryMock } from './mock.js';
export type { RateLimitSettings } from './rate-limiter.js';
export type { QoveryMockServer, QoveryMockServerOptions } from './server.js';
export { startQoveryMockServer } from './server.js';
export type {
  DeploymentAction,
  DeploymentFailure,
  DeploymentOutcome,
  LifecycleTimings,
  MockApiToken,
  MockDeployment,
  MockRole,
  MockState,
  MockUser,
  Permission,
  SeedOptions,
} from './state.js';
export { DEFAULT_ROLES, DEPLOY_SCENE, SEED } from './state.js';
