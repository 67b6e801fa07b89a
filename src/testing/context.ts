import type { Access } from './auth.js';
import type { PendingFailure, QoveryMockOptions } from './mock.js';
import type { LifecycleTimings, MockState } from './state.js';

/** What every resource's routes share: one per mock, built by `createQoveryMock`. */
export interface MockContext extends Access {
  /** The live state: `reset()` refills this object, and routes replace its lists, so read it at each use. */
  readonly state: MockState;
  readonly options: QoveryMockOptions;
  /** The mock's clock, in milliseconds since the epoch. */
  now(): number;
  /** The clock as an ISO 8601 date-time, for `created_at` and `updated_at`. */
  iso(): string;
  /** Ids and secrets come from here; `reset()` reseeds it, so read it at each use. */
  readonly random: () => number;
  readonly timings: LifecycleTimings;
  /** The queue `failNext` fills and the next actions take from. */
  readonly pendingFailures: PendingFailure[];
}
