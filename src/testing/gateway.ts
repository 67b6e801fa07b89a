// Qovery's websocket gateway (wss://ws.qovery.com), as the embedded API plays it: who may connect,
// to what, and which frames each connection gets as the clock moves. Transport-free: the HTTP
// server (server.ts, with the `ws` package) and msw (msw.ts) carry what this decides.
import type { components } from '../../generated/qovery-api.js';
import { type Access, type Caller, identify } from './auth.js';
import { logEntriesAt, planOf } from './deployment-plan.js';
import { deploymentsOfEnvironment, environmentStatusesWithStages } from './deployments.js';
import { deployedVersion, servicesIn } from './kinds.js';
import { asAnswered } from './real-shapes.js';
import { Refusal } from './responses.js';
import { lastServiceLogLines, type ServiceLogLine, serviceLogLines } from './runtime-logs.js';
import type { MockState } from './state.js';

type Schemas = components['schemas'];

/** The gateway endpoints the embedded API serves. */
export type GatewayPath = '/deployment/status' | '/deployment/logs' | '/service/logs';

/** Every endpoint of {@link GatewayPath}, in the order the facts list them. */
export const GATEWAY_PATHS: readonly GatewayPath[] = ['/deployment/status', '/deployment/logs', '/service/logs'];

/**
 * What a gateway fault does to the next connection it applies to:
 * - `refuse`: the upgrade is refused with HTTP `status` (default 503), as a proxy in front of the
 *   gateway would.
 * - `silent`: accepted, then nothing is ever sent (the connection stays open).
 * - `garbage`: a text frame that is not JSON is sent first, then the good frames.
 * - `close-mid-frame`: after `afterFrames` good frames (default 0), the first half of the next one
 *   (invalid JSON), then the TCP connection is destroyed without a close frame (the client sees 1006).
 * - `unknown-frame`: after `afterFrames` good frames (default 1), one frame of a shape no endpoint
 *   sends, `{"foo":1}`, then the good frames again.
 * - `drop`: after `afterFrames` good frames (default 1), the TCP connection is destroyed without a
 *   close frame (the client sees 1006).
 */
export type GatewayFaultKind = 'refuse' | 'silent' | 'garbage' | 'close-mid-frame' | 'unknown-frame' | 'drop';

/** A fault for `mock.gateway.failNext()`: it applies once, to the next connection it matches. */
export interface GatewayFault {
  /** What goes wrong. */
  kind: GatewayFaultKind;
  /** Only a connection to this endpoint. Default: the next connection to any. */
  path?: GatewayPath;
  /** For `refuse`: the HTTP status of the refusal. Default 503. */
  status?: number;
  /** For `close-mid-frame`, `unknown-frame` and `drop`: how many good frames come first. */
  afterFrames?: number;
}

/** What a transport says of an upgrade request. */
export interface GatewayUpgrade {
  /** The URL asked for, with its query string (any scheme and host: only the path and query count). */
  url: string | URL;
  /** The `Authorization` header, as the Go CLI sends it: `Token <api token>` or `Bearer <jwt>`. */
  authorization?: string | null;
  /**
   * The subprotocols offered (`Sec-WebSocket-Protocol`), as Qovery's console sends them:
   * `['v1', 'auth.bearer.<jwt or token>']`. Read when there is no `Authorization` header.
   */
  protocols?: readonly string[];
}

/** One thing a transport does for a connection, in order. */
export type GatewayOutput =
  /** Send this text frame. */
  | {
      /** Send a text frame. */
      kind: 'text';
      /** The frame: JSON, unless a fault says otherwise. */
      data: string;
    }
  /** Close the connection with a close frame. */
  | {
      /** Close the connection with a close frame. */
      kind: 'close';
      /** The close code: 4404 when the environment or service is gone. */
      code: number;
      /** The close reason. */
      reason: string;
    }
  /** Destroy the TCP connection without a close frame (a fault). */
  | {
      /** Destroy the connection without a close frame. */
      kind: 'drop';
    };

/** An accepted connection: ask it what to send at the open and at each poll, until it closes or drops. */
export interface GatewaySession {
  /** The endpoint. */
  readonly path: GatewayPath;
  /** What to send now: the frames the clock has brought since the last call. */
  next(): GatewayOutput[];
}

/** The gateway's answer to an upgrade request. */
export type GatewayConnection =
  | {
      /** Refused: answer the upgrade request with this HTTP status. */
      accepted: false;
      /** 401 bad or missing credential, 400 bad parameters, 403 role without access, 404 unknown or not the caller's, or a fault's status. */
      status: number;
      /** Why, as the refusal's body says it. */
      message: string;
    }
  | {
      /** Accepted: upgrade, with `protocol` as the subprotocol when there is one. */
      accepted: true;
      /** The subprotocol to answer (`v1` when the console's form was offered). */
      protocol?: string;
      /** The connection's frames. */
      session: GatewaySession;
    };

/**
 * `mock.gateway`: Qovery's websocket gateway as the embedded API plays it, over any transport
 * (`startQoveryMockServer()` serves it over real sockets, `qovery/testing/msw` through msw), and
 * the faults it plays. Connections to it are not counted by the rate limiter: the gateway is not
 * the REST API, and Qovery does not count them under a token's 1,000 requests an hour.
 */
export interface MockGateway {
  /** Queues a fault for the next connection it matches; faults queue up in order, `mock.reset()` drops them. */
  failNext(fault: GatewayFault): void;
  /** The faults queued and not yet played. */
  readonly pending: readonly GatewayFault[];
  /**
   * Decides an upgrade request: refused with an HTTP status (401 for a bad or missing credential,
   * the gateway's refusal), or accepted with the session whose frames to send. For transports of
   * your own; the server and msw handlers call it.
   */
  connect(upgrade: GatewayUpgrade): GatewayConnection;
}

/** What the gateway reads of the mock. */
export interface GatewayContext {
  readonly state: MockState;
  readonly access: Access;
  now(): number;
  /** Brings the state up to the clock. */
  settle(): void;
  /** The services seeded running, and when the mock was seeded (see runtime-logs.ts). */
  seeded(): { running: ReadonlySet<string>; at: number };
}

/** Most entries a /deployment/logs frame carries. */
export const LOG_ENTRIES_PER_FRAME = 64;
/** Lines a /service/logs connection gets of history when it gives no `limit`. */
export const DEFAULT_SERVICE_LOG_LIMIT = 100;

const FAULT_KINDS: readonly GatewayFaultKind[] = [
  'refuse',
  'silent',
  'garbage',
  'close-mid-frame',
  'unknown-frame',
  'drop',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The caller, from the header, else from the console's subprotocol (`auth.bearer.<jwt or token>`). */
function callerOf(state: MockState, upgrade: GatewayUpgrade): { caller?: Caller; protocol?: string } {
  if (upgrade.authorization) return { caller: identify(state, upgrade.authorization) };
  const protocols = upgrade.protocols ?? [];
  const offered = protocols.find((p) => p.startsWith('auth.bearer.'));
  if (offered === undefined) return {};
  const credential = offered.slice('auth.bearer.'.length);
  const caller = identify(state, `Bearer ${credential}`) ?? identify(state, `Token ${credential}`);
  return { caller, ...(protocols.includes('v1') && { protocol: 'v1' }) };
}

/** A query parameter, with the gateway's null (`null`, empty or absent) as undefined. */
function param(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null || value === '' || value === 'null' ? undefined : value;
}

function requiredId(query: URLSearchParams, name: string): string {
  const value = param(query, name);
  if (value === undefined) throw new Refusal(400, `${name}: required`);
  if (!UUID.test(value)) throw new Refusal(400, `${name}: must be a UUID`);
  return value.toLowerCase();
}

/** `start`: milliseconds since the epoch, or an ISO 8601 date-time. */
function startOf(query: URLSearchParams): number | undefined {
  const value = param(query, 'start');
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new Refusal(400, 'start: must be milliseconds since the epoch or an ISO 8601 date-time');
  return ms;
}

function limitOf(query: URLSearchParams): number {
  const value = param(query, 'limit');
  if (value === undefined) return DEFAULT_SERVICE_LOG_LIMIT;
  if (!/^\d+$/.test(value) || Number(value) > 2 ** 31 - 1)
    throw new Refusal(400, 'limit: must be a non-negative int32');
  return Number(value);
}

/** The stream of one accepted connection, before faults. */
type Stream = () => string[] | { gone: string };

export function createGateway(context: GatewayContext): MockGateway & { clear(): void } {
  const pending: GatewayFault[] = [];
  const { access } = context;

  /** The environment the parameters name, the caller's and in the organization and project named (404 otherwise). */
  function environmentOf(caller: Caller, query: URLSearchParams): Schemas['Environment'] {
    const organization = requiredId(query, 'organization');
    const project = requiredId(query, 'project');
    const environmentId = requiredId(query, 'environment');
    const cluster = param(query, 'cluster');
    const found = context.state.environments.find((e) => e.id === environmentId);
    // Another organization's environment is not found, as an unknown one: the gateway says nothing of it.
    if (!found || !caller.memberships.some((m) => m.organizationId === found.organization.id))
      throw new Refusal(404, `Environment ${environmentId} not found`);
    const environment = access.environmentFor(caller, environmentId, 'project:read');
    if (
      environment.organization.id !== organization ||
      environment.project.id !== project ||
      (cluster !== undefined && cluster.toLowerCase() !== environment.cluster_id)
    )
      throw new Refusal(404, `Environment ${environmentId} not found in that organization, project and cluster`);
    return environment;
  }

  const current = (id: string) => context.state.environments.find((e) => e.id === id);

  function deploymentOf(environmentId: string, version: string | undefined) {
    if (version === undefined) return undefined;
    const found = context.state.deployments.find((d) => d.environmentId === environmentId && d.executionId === version);
    if (!found) throw new Refusal(404, `Deployment ${version} not found in this environment`);
    return found;
  }

  function statusStream(caller: Caller, query: URLSearchParams): Stream {
    const environment = environmentOf(caller, query);
    const version = deploymentOf(environment.id, param(query, 'version'));
    let last: string | undefined;
    return () => {
      const { state } = context;
      const now = context.now();
      const live = current(environment.id);
      if (!live) return { gone: `Environment ${environment.id} was deleted` };
      // That deployment's statuses: the environment as it was with no later request.
      const view =
        version === undefined
          ? state
          : { ...state, deployments: state.deployments.slice(0, state.deployments.indexOf(version) + 1) };
      const frame = JSON.stringify(
        asAnswered('getEnvironmentStatusesWithStages', environmentStatusesWithStages(view, live, now)),
      );
      if (frame === last) return [];
      last = frame;
      return [frame];
    };
  }

  function logStream(caller: Caller, query: URLSearchParams): Stream {
    const environment = environmentOf(caller, query);
    const version = deploymentOf(environment.id, param(query, 'version'));
    // Entries already sent (as JSON, with how many of each), by execution: without `version`, the
    // latest deployment at each moment. By content rather than position: a cancellation can write
    // an entry at the instant of one already sent, which sorts before it.
    const sent = new Map<string, Map<string, number>>();
    return () => {
      const { state } = context;
      if (!current(environment.id)) return { gone: `Environment ${environment.id} was deleted` };
      const deployment = version ?? deploymentsOfEnvironment(state, environment.id)[0];
      if (!deployment || !state.deployments.includes(deployment)) return [];
      const entries = asAnswered(
        'listEnvironmentLogs',
        logEntriesAt(state, planOf(state, deployment), context.now()),
      ) as unknown[];
      const seen = sent.get(deployment.executionId) ?? new Map<string, number>();
      sent.set(deployment.executionId, seen);
      const counted = new Map<string, number>();
      const fresh: unknown[] = [];
      for (const entry of entries) {
        const key = JSON.stringify(entry);
        const nth = (counted.get(key) ?? 0) + 1;
        counted.set(key, nth);
        if (nth <= (seen.get(key) ?? 0)) continue;
        seen.set(key, nth);
        fresh.push(entry);
      }
      const frames: string[] = [];
      for (let i = 0; i < fresh.length; i += LOG_ENTRIES_PER_FRAME) {
        frames.push(JSON.stringify(fresh.slice(i, i + LOG_ENTRIES_PER_FRAME)));
      }
      return frames;
    };
  }

  function serviceLogStream(caller: Caller, query: URLSearchParams): Stream {
    const environment = environmentOf(caller, query);
    const serviceId = requiredId(query, 'service');
    const find = () => servicesIn(context.state, environment.id).find((s) => s.record.id === serviceId);
    if (!find()) throw new Refusal(404, `Service ${serviceId} not found in this environment`);
    const start = startOf(query);
    const limit = limitOf(query);
    const filters = {
      podName: param(query, 'pod_name'),
      deploymentId: param(query, 'deployment_id')?.toLowerCase(),
      query: param(query, 'query'),
    };
    let cursor: number | undefined;
    return () => {
      const service = find();
      if (!service) return { gone: `Service ${serviceId} was deleted` };
      const now = context.now();
      const { running, at } = context.seeded();
      const read = (window: { from: number; to: number }): ServiceLogLine[] =>
        serviceLogLines(context.state, service, running, at, now, { ...window, ...filters });
      let lines: ServiceLogLine[];
      if (cursor === undefined) lines = limit === 0 ? [] : lastServiceLogLines(read, start ?? -Infinity, now, limit);
      else lines = now > cursor ? read({ from: Math.max(cursor + 1, start ?? -Infinity), to: now }) : [];
      cursor = Math.max(cursor ?? now, now);
      return lines.map((line) => JSON.stringify(line));
    };
  }

  /** The stream with the fault played on it. */
  function faulted(stream: Stream, fault: GatewayFault | undefined): () => GatewayOutput[] {
    let good = 0;
    let done = false;
    let garbageSent = false;
    let unknownSent = false;
    return () => {
      if (done || fault?.kind === 'silent') return [];
      const out: GatewayOutput[] = [];
      if (fault?.kind === 'garbage' && !garbageSent) {
        garbageSent = true;
        out.push({ kind: 'text', data: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
      }
      const frames = stream();
      if (!Array.isArray(frames)) {
        done = true;
        return [...out, { kind: 'close', code: 4404, reason: frames.gone }];
      }
      const after = fault?.afterFrames ?? (fault?.kind === 'unknown-frame' || fault?.kind === 'drop' ? 1 : 0);
      // A drop after no frame at all happens at the open.
      if (fault?.kind === 'drop' && good >= after) {
        done = true;
        return [...out, { kind: 'drop' }];
      }
      for (const data of frames) {
        if (fault?.kind === 'close-mid-frame' && good >= after) {
          done = true;
          return [
            ...out,
            { kind: 'text', data: data.slice(0, Math.max(1, Math.floor(data.length / 2))) },
            { kind: 'drop' },
          ];
        }
        out.push({ kind: 'text', data });
        good++;
        if (fault?.kind === 'unknown-frame' && !unknownSent && good >= after) {
          unknownSent = true;
          out.push({ kind: 'text', data: '{"foo":1}' });
        }
        if (fault?.kind === 'drop' && good >= after) {
          done = true;
          out.push({ kind: 'drop' });
          return out;
        }
      }
      return out;
    };
  }

  return {
    failNext(fault) {
      if (!FAULT_KINDS.includes(fault?.kind))
        throw new Error(`qovery mock gateway.failNext: kind must be one of ${FAULT_KINDS.join(', ')}`);
      if (fault.path !== undefined && !GATEWAY_PATHS.includes(fault.path))
        throw new Error(`qovery mock gateway.failNext: path must be one of ${GATEWAY_PATHS.join(', ')}`);
      if (fault.afterFrames !== undefined && !(Number.isInteger(fault.afterFrames) && fault.afterFrames >= 0))
        throw new Error('qovery mock gateway.failNext: afterFrames must be a non-negative integer');
      if (fault.status !== undefined && !(Number.isInteger(fault.status) && fault.status >= 400 && fault.status <= 599))
        throw new Error('qovery mock gateway.failNext: status must be an HTTP error status (400-599)');
      pending.push({ ...fault });
    },
    get pending() {
      return [...pending];
    },
    clear() {
      pending.length = 0;
    },
    connect(upgrade) {
      const url = new URL(upgrade.url, 'ws://gateway');
      const path = url.pathname.replace(/\/+$/, '');
      if (!(GATEWAY_PATHS as readonly string[]).includes(path))
        return { accepted: false, status: 404, message: `No gateway endpoint ${path}` };
      const index = pending.findIndex((f) => f.path === undefined || f.path === path);
      const fault = index < 0 ? undefined : pending.splice(index, 1)[0];
      if (fault?.kind === 'refuse') {
        const status = fault.status ?? 503;
        return { accepted: false, status, message: `Refused by a mock fault (${status})` };
      }
      context.settle();
      const { caller, protocol } = callerOf(context.state, upgrade);
      // The gateway's refusal of a credential: the upgrade is answered 401, no socket opens.
      if (!caller) return { accepted: false, status: 401, message: 'Invalid or missing authentication token' };
      let stream: Stream;
      try {
        const query = url.searchParams;
        stream =
          path === '/deployment/status'
            ? statusStream(caller, query)
            : path === '/deployment/logs'
              ? logStream(caller, query)
              : serviceLogStream(caller, query);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        return { accepted: false, status: error.status, message: error.detail };
      }
      const play = faulted(() => {
        context.settle();
        return stream();
      }, fault);
      return { accepted: true, ...(protocol && { protocol }), session: { path: path as GatewayPath, next: play } };
    },
  };
}

/** The services running when the mock is seeded: those with a deployed version. */
export function seededRunning(state: MockState): Set<string> {
  return new Set(servicesIn(state).flatMap((s) => (deployedVersion(s) === undefined ? [] : [s.record.id])));
}
