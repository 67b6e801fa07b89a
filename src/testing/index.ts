/**
 * An in-memory Qovery API for testing code that uses the SDK: {@link createQoveryMock} serves it
 * as a `fetch`, {@link startQoveryMockServer} over HTTP on 127.0.0.1. A separate entry point: the
 * main bundle never carries it.
 *
 * @module qovery/testing
 */

export type { ClusterSeed } from './clusters.js';
export type { Fault, FaultInjector, FaultKind } from './faults.js';
export type {
  GatewayConnection,
  GatewayFault,
  GatewayFaultKind,
  GatewayOutput,
  GatewayPath,
  GatewaySession,
  GatewayUpgrade,
  MockGateway,
} from './gateway.js';
export { DEFAULT_SERVICE_LOG_LIMIT, GATEWAY_PATHS, LOG_ENTRIES_PER_FRAME } from './gateway.js';
export type { PendingFailure, QoveryMock, QoveryMockOptions } from './mock.js';
export { createQoveryMock } from './mock.js';
export type { RateLimitSettings } from './rate-limiter.js';
export type { ServiceLogLine } from './runtime-logs.js';
export type {
  ContainerSeed,
  DatabaseSeed,
  HelmSeed,
  JobSeed,
  SeedOptions,
  ServiceSeed,
  VariableSeed,
} from './seed.js';
export { DEPLOY_SCENE } from './seed.js';
export type { QoveryMockGatewayServer, QoveryMockServer, QoveryMockServerOptions } from './server.js';
export { startQoveryMockServer } from './server.js';
export type {
  DeploymentAction,
  DeploymentFailure,
  DeploymentFailureReason,
  DeploymentOutcome,
  LifecycleTimings,
  MockApiToken,
  MockDeployment,
  MockDeploymentService,
  MockRole,
  MockServiceKind,
  MockServiceRecords,
  MockServiceVersion,
  MockState,
  MockUser,
  MockVariable,
  MockVariableScope,
  Permission,
} from './state.js';
export { DEFAULT_ROLES, DEPLOYMENT_FAILURES, SEED } from './state.js';
