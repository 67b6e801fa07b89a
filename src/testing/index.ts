export type { Fault, FaultInjector, FaultKind } from './faults.js';
export type { QoveryMock, QoveryMockOptions } from './mock.js';
export { createQoveryMock } from './mock.js';
export type { RateLimitSettings } from './rate-limiter.js';
export type { QoveryMockServer, QoveryMockServerOptions } from './server.js';
export { startQoveryMockServer } from './server.js';
export type { MockApiToken, MockRole, MockState, MockUser, Permission, SeedOptions } from './state.js';
export { DEFAULT_ROLES, SEED } from './state.js';
