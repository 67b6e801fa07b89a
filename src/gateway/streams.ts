/**
 * The gateway's log streams as async iterables: a deployment's log entries
 * (`/deployment/logs`, ended when the deployment settles) and a service's runtime log lines
 * (`/service/logs`). A reopened stream starts again from what the gateway still has: what was
 * already delivered is skipped, so nothing comes twice and nothing is lost while the gateway keeps it.
 */
import { StreamError } from '../errors.js';
import { Gateway } from './gateway.js';

/** Where the environment is, as the gateway's query strings need it. */
export interface StreamScope {
  organization: string;
  project: string;
  environment: string;
  cluster: string | null | undefined;
}

/** One line a service wrote while it ran, as `services.logs()` yields it. */
export interface ServiceLogLine {
  /** When it was written. */
  time: Date;
  /** The pod that wrote it. */
  pod: string;
  /** The container in the pod. */
  container: string;
  /** The line itself. */
  message: string;
  /** `INFO`, `ERROR`, … as the gateway says, when it does. */
  severity: string | undefined;
  /** The deployed version the pod runs, when the gateway says. */
  version: string | undefined;
  /** Kubernetes' own event (a pod started, killed, …) rather than the application's output. */
  fromKube: boolean;
  /** The frame as it came. */
  raw: unknown;
}

type Loose = Record<string, unknown>;
const loose = (value: unknown): Loose => (typeof value === 'object' && value !== null ? (value as Loose) : {});
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** Deployment states that are not over yet. */
const RUNNING = /QUEUED|ING$/;

/** How long a stream may stay quiet, once its end is in sight, before it ends. */
export const QUIET_MS = 750;

/**
 * Races `next` against a quiet period: resolves `'quiet'` when nothing came within `ms`.
 * The timer never keeps the process alive.
 */
async function within<T>(next: Promise<T>, ms: number): Promise<T | 'quiet'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const quiet = new Promise<'quiet'>((resolve) => {
    timer = setTimeout(() => resolve('quiet'), ms);
    (timer as { unref?: () => void }).unref?.();
  });
  try {
    return await Promise.race([next, quiet]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A deployment's log entries as they come, oldest first, until the deployment is over (the
 * status stream says so and the log stream has gone quiet), `break`, or the signal. Frames are
 * lists of entries; one of another shape is skipped.
 */
export async function* deploymentEntries(
  gateway: Gateway,
  scope: StreamScope,
  version: string | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<unknown, void, undefined> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const query = Gateway.query({ ...scope, version });
  // Entries taken from the stream's frames so far, whether yet delivered or not: a reopened stream
  // starts again from the backlog, so that many are skipped. Counted as frames are taken, not as
  // entries are delivered: the stream is reopened while the caller still holds the last frame's.
  let taken = 0;
  let skip = 0;
  const logs = gateway.frames('/deployment/logs', query, {
    signal: stop.signal,
    reopened: () => {
      skip = taken;
    },
  });
  const statuses = gateway.frames('/deployment/status', query, { signal: stop.signal });
  let over = false;
  // The status stream runs beside the logs: it only says when the deployment is over.
  const watching = (async () => {
    for await (const frame of statuses) {
      const environment = loose(loose(frame).environment);
      const state = text(environment.last_deployment_state) ?? text(environment.state);
      if (state && !RUNNING.test(state)) over = true;
    }
  })().catch(() => {});
  try {
    let pending = logs.next();
    for (;;) {
      const next = await within(pending, QUIET_MS);
      if (next === 'quiet') {
        if (over) return;
        continue;
      }
      if (next.done) return;
      const frame = Array.isArray(next.value) ? next.value : [];
      const skipped = Math.min(skip, frame.length);
      skip -= skipped;
      const entries = frame.slice(skipped);
      taken += entries.length;
      pending = logs.next();
      yield* entries;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    stop.abort();
    await watching;
  }
}

/** A `/service/logs` frame as a line, or undefined when it is not one. */
function lineOf(frame: unknown): ServiceLogLine | undefined {
  const raw = loose(frame);
  const createdAt = raw.created_at;
  const message = text(raw.message);
  if (typeof createdAt !== 'number' || message === undefined) return undefined;
  return {
    time: new Date(createdAt),
    pod: text(raw.pod_name) ?? '',
    container: text(raw.container_name) ?? '',
    message,
    severity: text(raw.severity_text),
    version: text(raw.version),
    fromKube: raw.from_kube === true,
    raw: frame,
  };
}

/**
 * A service's runtime log lines: what the gateway keeps (the last `limit`, from `since`), then,
 * with `follow`, each new line until `break` or the signal; without it, the stream ends at the
 * first line written after it opened, after `limit` lines, or once the gateway has gone quiet. After a reopening, lines up to the last one delivered are skipped.
 */
export async function* serviceLines(
  gateway: Gateway,
  scope: StreamScope & { service: string },
  options: { follow: boolean; since: Date | undefined; limit: number | undefined; signal: AbortSignal | undefined },
): AsyncGenerator<ServiceLogLine, void, undefined> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let last = Number.NEGATIVE_INFINITY;
  let atLast = 0;
  let skipping = false;
  let skipAtLast = 0;
  const query = Gateway.query({
    ...scope,
    start: options.since?.getTime(),
    limit: options.limit,
  });
  const frames = gateway.frames('/service/logs', query, {
    signal: stop.signal,
    reopened: () => {
      skipping = true;
      skipAtLast = atLast;
    },
  });
  let unreadable = 0;
  let delivered = 0;
  // Without follow: what was written before the stream opened, at most `limit` of it.
  const openedAt = Date.now();
  try {
    let pending = frames.next();
    for (;;) {
      const next = options.follow ? await pending : await within(pending, QUIET_MS);
      if (next === 'quiet' || next.done) return;
      pending = frames.next();
      const line = lineOf(next.value);
      if (!line) {
        // One odd frame is skipped; a stream of nothing but odd frames is not a log.
        if (++unreadable > 10)
          throw new StreamError('/service/logs: the gateway sends frames that are not log lines', {
            path: '/service/logs',
            received: JSON.stringify(next.value).slice(0, 2000),
          });
        continue;
      }
      const at = line.time.getTime();
      if (skipping) {
        if (at < last || (at === last && skipAtLast-- > 0)) continue;
        skipping = false;
      }
      if (!options.follow && (at > openedAt || (options.limit !== undefined && delivered >= options.limit))) return;
      if (at === last) atLast++;
      else [last, atLast] = [at, 1];
      delivered++;
      yield line;
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    stop.abort();
  }
}
