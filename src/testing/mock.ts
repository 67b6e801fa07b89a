import { createAccess, identify } from './auth.js';
import { readBody } from './check-body.js';
import type { MockContext } from './context.js';
import { applySettled, DEFAULT_LIFECYCLE } from './deployments.js';
import { createFaultInjector, DroppedConnection, type FaultInjector, isDroppedConnection } from './faults.js';
import { createGateway, type MockGateway, seededRunning } from './gateway.js';
import { findService, KIND_ORDER } from './kinds.js';
import { seededRandom } from './random.js';
import { createRateLimiter, type RateLimitSettings } from './rate-limiter.js';
import { asAnswered } from './real-shapes.js';
import { errorBody, htmlPage, json, Refusal, TITLES } from './responses.js';
import { contractOperation, createRouter, type Route, type RouteMatch } from './router.js';
import { apiTokenRoutes } from './routes/api-tokens.js';
import { applicationRoutes } from './routes/applications.js';
import { containerRoutes } from './routes/containers.js';
import { databaseRoutes } from './routes/databases.js';
import { deployServicesRoutes } from './routes/deploy-services.js';
import { deploymentRoutes } from './routes/deployments.js';
import { environmentRoutes } from './routes/environments.js';
import { helmRoutes } from './routes/helms.js';
import { jobRoutes } from './routes/jobs.js';
import { organizationRoutes } from './routes/organization.js';
import { projectRoutes } from './routes/projects.js';
import { serviceListRoutes } from './routes/services.js';
import { variableRoutes } from './routes/variables.js';
import { type SeedOptions, seedState } from './seed.js';
import {
  DEPLOYMENT_FAILURES,
  type DeploymentFailure,
  type DeploymentFailureReason,
  type LifecycleTimings,
  type MockState,
  SEED,
} from './state.js';

/**
 * The options of `createQoveryMock()` (and of `startQoveryMockServer()`): what to seed, the rate
 * limit, the clock, the random seed and how long deployments take. Every one is optional.
 */
export interface QoveryMockOptions extends SeedOptions {
  /** Per-credential limit and window; `false` turns rate limiting off. Default 1000 per hour. */
  rateLimit?: Partial<RateLimitSettings> | false;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /** Seed for ids, secrets and random faults. Default 1. */
  seed?: number;
  /** The role a token created with `role_id: null` gets. Default `'Admin'`. */
  defaultTokenRole?: string;
  /**
   * How long each phase of a deploy, stop or restart lasts on the clock (`now`). A deploy is QUEUED
   * for `queuedMs`, BUILDING for `buildingMs`, DEPLOYING for `deployingMs`, then DEPLOYED; a stop is
   * STOP_QUEUED then STOPPING (`queuedMs`, `deployingMs`), then STOPPED; a restart RESTART_QUEUED then
   * RESTARTING, then RESTARTED. Default 1000, 3000 and 2000 ms.
   */
  lifecycle?: Partial<LifecycleTimings>;
}

/**
 * A failure for `failNext`: on a service of any kind, on any action in an environment, or on the
 * next action anywhere.
 */
export interface PendingFailure {
  /** The service whose next action fails: an application, container, job, database or helm chart. */
  serviceId?: string;
  /** The same as `serviceId`, for an application (give one of the two). */
  applicationId?: string;
  /** The environment whose next action, on it or on any of its services, fails. */
  environmentId?: string;
  /** The failure state the action ends in. */
  state: DeploymentFailure;
  /**
   * Why it failed, as its error log entry says it (listEnvironmentLogs): `message`
   * (`error.user_log_message`), `hint` (`hint_message`), `link`, and the `step` that failed
   * (`details.stage.step`; default BUILD for a BUILD_ERROR, DEPLOYMENT otherwise). Without it, a
   * plain message for the state. A CANCELED failure writes no error.
   */
  reason?: DeploymentFailureReason;
}

/**
 * An in-memory Qovery API, as `createQoveryMock()` returns it: serve it as the client's `fetch`,
 * through msw or over HTTP, and read or change its state.
 */
export interface QoveryMock {
  /** Answers one request as the Qovery API would. */
  handle(request: Request): Promise<Response>;
  /** The same, shaped like `fetch`: pass it as the client's `fetch` option. No sockets involved. */
  readonly fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** The live state: read it in assertions, or change it to set a scene. */
  readonly state: MockState;
  /** The seeded admin token of the default organization. */
  readonly adminToken: string;
  /** The seeded token whose role (Viewer) reads but cannot create projects or tokens, nor deploy. */
  readonly viewerToken: string;
  /** The id of the default organization. */
  readonly organizationId: string;
  /** Faults to play: latency, 5xx pages, dropped connections, truncated bodies, wrong content types. */
  readonly faults: FaultInjector;
  /**
   * Makes the next action (deploy, redeploy, stop, restart) on this service (`serviceId`, of any
   * kind, or `applicationId`), or on this environment or any of its services, end in `state` instead
   * of succeeding: BUILD_ERROR once the building phase is over, DEPLOYMENT_ERROR, STOP_ERROR or
   * RESTART_ERROR once the last phase is, CANCELED as soon as it leaves the queue. A failure that
   * cannot end an action (BUILD_ERROR on a stop) waits for one it can. With no id, the next action
   * anywhere fails. Failures queue up in order; `reset()` drops them. An id the mock does not have
   * throws.
   */
  failNext(failure: PendingFailure): void;
  /**
   * Qovery's websocket gateway on this mock (`/deployment/status`, `/deployment/logs`,
   * `/service/logs`): its faults (`gateway.failNext`), and `connect` for a transport of your own.
   * `startQoveryMockServer()` serves it at `server.wsUrl`, `qovery/testing/msw` through msw.
   */
  readonly gateway: MockGateway;
  /** Back to the seeded state: data, deployments, pending failures, rate-limit windows, faults and gateway faults. */
  reset(): void;
}

/**
 * One file a resource, as the SDK has one namespace a resource. Their order is free: the router
 * tries the routes with fewer parameters first.
 */
const RESOURCES: ((context: MockContext) => Route[])[] = [
  organizationRoutes,
  projectRoutes,
  environmentRoutes,
  deployServicesRoutes,
  serviceListRoutes,
  applicationRoutes,
  containerRoutes,
  jobRoutes,
  databaseRoutes,
  helmRoutes,
  deploymentRoutes,
  variableRoutes,
  apiTokenRoutes,
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An in-memory Qovery API: organizations, roles, projects, API tokens, environments (cloned and
 * deleted too), their services (applications, containers, jobs, databases, helm charts) with their
 * links, variables and secrets at every scope, and deployments, with Qovery's status codes, auth,
 * role permissions, name rules, rate limits and a deployment lifecycle on the injected clock.
 * Seeded with organization "Acme", Qovery's predefined roles, an admin token and a viewer token.
 */
export function createQoveryMock(options: QoveryMockOptions = {}): QoveryMock {
  const now = options.now ?? Date.now;
  const limits: RateLimitSettings | false =
    options.rateLimit === false ? false : { limit: 1000, windowMs: 3_600_000, ...options.rateLimit };
  let random = seededRandom(options.seed ?? 1);
  const faultRandom = seededRandom((options.seed ?? 1) ^ 0x5eed);
  const faults = createFaultInjector(faultRandom);
  const limiter = limits ? createRateLimiter(limits, now) : undefined;
  const state: MockState = {
    organizations: [],
    roles: [],
    projects: [],
    apiTokens: [],
    users: [],
    clusters: [],
    environments: [],
    applications: [],
    containers: [],
    jobs: [],
    databases: [],
    helms: [],
    deployments: [],
    variables: [],
    neverDeployed: [],
  };
  // Deployments whose end has been applied to the state (deployed versions).
  const applied = new Set<string>();
  const pendingFailures: PendingFailure[] = [];
  // What runtime logs start from: the services seeded running, and when.
  let seeded = { running: new Set<string>() as ReadonlySet<string>, at: now() };

  /** Brings the state up to the clock: lifecycles are computed when read, never by timers. */
  const settle = () => applySettled(state, now(), applied);

  function reset(): void {
    random = seededRandom(options.seed ?? 1);
    Object.assign(state, seedState(options, random, now()));
    applied.clear();
    settle();
    seeded = { running: seededRunning(state), at: now() };
    pendingFailures.length = 0;
    limiter?.reset();
    faults.clear();
    gateway?.clear();
  }
  let gateway: ReturnType<typeof createGateway> | undefined;
  reset();

  const context: MockContext = {
    ...createAccess(state),
    state,
    options,
    now,
    iso: () => new Date(now()).toISOString(),
    get random() {
      return random;
    },
    timings: { ...DEFAULT_LIFECYCLE, ...options.lifecycle },
    pendingFailures,
  };
  const match = createRouter(RESOURCES.flatMap((routesOf) => routesOf(context)));
  gateway = createGateway({ state, access: context, now, settle, seeded: () => seeded });

  /** The API's own answer, faults aside. */
  async function answer(request: Request, found: RouteMatch): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname;
    const refuse = (status: number, detail: string, headers: Record<string, string> = {}) =>
      json(status, errorBody(status, detail, path), headers);

    const authorization = request.headers.get('authorization');
    const caller = identify(state, authorization);
    // Refused credentials are counted too, under the credential presented, so 401s carry the
    // headers and a token refused once deleted keeps the count it had.
    const presented = /^(?:Token|Bearer) (\S+)$/.exec(authorization ?? '')?.[1];
    const decision = limiter?.take(caller?.key ?? presented ?? `refused:${authorization ?? ''}`);
    if (!caller) return refuse(401, 'Invalid or missing authentication token', decision?.headers);
    const limitHeaders = decision?.headers ?? {};
    if (decision && !decision.allowed) return refuse(429, 'Rate limit exceeded: retry after the reset', limitHeaders);
    if (found === undefined || found === 'method') {
      // An operation of the contract the mock does not serve is said to be one: a 404 would read
      // as "that resource is gone" to the code under test, a 405 as a method the API refuses.
      const missing = contractOperation(request.method, path);
      if (missing) {
        const detail = `The embedded Qovery API does not implement ${missing.operationId} (${request.method} ${missing.template}); answer it in your test yourself: a fetch of your own in front of mock.fetch, or an msw handler added after the mock's`;
        return refuse(501, detail, limitHeaders);
      }
      if (found === undefined) return refuse(404, `No route ${path}`, limitHeaders);
      return refuse(405, `${request.method} is not allowed on ${path}`, limitHeaders);
    }
    settle();
    for (const [name, value] of Object.entries(found.params)) {
      if (UUID.test(value)) {
        // UUIDs are case-insensitive (RFC 4122); the mock's own ids are lower case.
        found.params[name] = value.toLowerCase();
        continue;
      }
      // The contract declares 400 only on the operations that take a body; elsewhere a malformed id
      // finds nothing, like any unknown id.
      if (found.route.takesBody) return refuse(400, `${name}: must be a UUID`, limitHeaders);
      return refuse(404, `No ${name} ${value}`, limitHeaders);
    }
    try {
      const reply = await found.route.run({
        caller,
        params: found.params,
        query: url.searchParams,
        body: () => readBody(request),
      });
      // As the real API answers: null in every optional field without a value, and its own fields.
      const body = reply.status < 300 ? asAnswered(found.route.operation, reply.body) : reply.body;
      return json(reply.status, body, limitHeaders);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return refuse(error.status, error.detail, limitHeaders);
    }
  }

  async function handle(request: Request): Promise<Response> {
    const found = match(request.method, new URL(request.url).pathname);
    let truncate = false;
    let contentType: string | undefined;
    for (const fault of faults.pick(typeof found === 'object' ? found.route.operation : undefined, request.method)) {
      if (fault.kind === 'latency') await sleep(fault.ms, request.signal);
      else if (fault.kind === 'drop') throw new DroppedConnection('connection dropped by a mock fault');
      else if (fault.kind === 'status') {
        return new Response(htmlPage(fault.status), {
          status: fault.status,
          statusText: TITLES[fault.status] ?? '',
          headers: { 'content-type': 'text/html' },
        });
      } else if (fault.kind === 'truncate') truncate = true;
      else contentType = fault.contentType;
    }
    const response = await answer(request, found);
    if (!truncate && contentType === undefined) return response;
    const text = await response.text();
    const headers = new Headers(response.headers);
    if (contentType !== undefined) headers.set('content-type', contentType);
    return new Response(truncate ? text.slice(0, Math.floor(text.length / 2)) : text, {
      status: response.status,
      headers,
    });
  }

  return {
    handle,
    fetch: async (input, init) => {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      try {
        // Like fetch's own answers, it says which URL it answers (clients log it).
        return Object.defineProperty(await handle(request), 'url', { value: request.url });
      } catch (error) {
        // What fetch itself does when the connection goes away.
        if (isDroppedConnection(error)) throw new TypeError('fetch failed', { cause: error });
        throw error;
      }
    },
    get state() {
      settle();
      return state;
    },
    adminToken: options.adminToken ?? SEED.adminToken,
    viewerToken: options.viewerToken ?? SEED.viewerToken,
    get organizationId() {
      return state.organizations[0]?.id ?? SEED.organizationId;
    },
    faults,
    gateway,
    failNext(failure) {
      const { serviceId, applicationId } = failure;
      // Without a state the action would silently succeed: a test that meant a failure would pass.
      if (!(DEPLOYMENT_FAILURES as readonly string[]).includes(failure.state))
        throw new Error(`qovery mock failNext: state must be one of ${DEPLOYMENT_FAILURES.join(', ')}`);
      if (applicationId !== undefined && !findService(state, 'application', applicationId))
        throw new Error(`qovery mock failNext: no application ${applicationId}`);
      if (serviceId !== undefined && !KIND_ORDER.some((kind) => findService(state, kind, serviceId)))
        throw new Error(`qovery mock failNext: no service ${serviceId}`);
      if (serviceId !== undefined && applicationId !== undefined && serviceId !== applicationId)
        throw new Error('qovery mock failNext: serviceId and applicationId name two services; give one');
      if (failure.environmentId !== undefined && !state.environments.some((e) => e.id === failure.environmentId))
        throw new Error(`qovery mock failNext: no environment ${failure.environmentId}`);
      const { reason } = failure;
      if (reason !== undefined) {
        const text = (value: unknown) => typeof value === 'string' && value.trim() !== '';
        if (typeof reason !== 'object' || reason === null || !text(reason.message))
          throw new Error('qovery mock failNext: reason.message must be a non-empty string');
        for (const field of ['hint', 'link', 'step'] as const) {
          if (reason[field] !== undefined && !text(reason[field]))
            throw new Error(`qovery mock failNext: reason.${field} must be a non-empty string when given`);
        }
      }
      pendingFailures.push({ ...failure, ...(reason && { reason: { ...reason } }) });
    },
    reset,
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
