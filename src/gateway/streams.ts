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

/**
 * Where an environment record says it runs, as the gateway's query strings need it; a record
 * without its organization's or project's id (response checks off) is a `StreamError` saying so.
 */
export function scopeOf(environment: unknown, path: string): StreamScope {
  const record = loose(environment);
  const organization = text(loose(record.organization).id);
  const project = text(loose(record.project).id);
  const id = text(record.id);
  if (!organization || !project || !id)
    throw new StreamError(
      `${path}: the environment's record names no organization, project or id to ask the gateway with`,
      {
        path,
        permanent: true,
      },
    );
  return { organization, project, environment: id, cluster: text(record.cluster_id) ?? null };
}

type Loose = Record<string, unknown>;
const loose = (value: unknown): Loose => (typeof value === 'object' && value !== null ? (value as Loose) : {});
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** Deployment states that are not over yet. */
const RUNNING = /QUEUED|ING$/;

/** How long a stream may stay quiet, once its end is in sight, before it ends. */
export const QUIET_MS = 750;
/** How long a settled state is taken with a grain of salt when nothing was seen running. */
const SETTLED_GRACE_MS = 5000;
/** How far ahead of this machine's clock the gateway's may be before a line counts as new. */
const CLOCK_SKEW_MS = 2000;
/** How long the first frame of a service's backlog may take. */
const FIRST_FRAME_MS = 10_000;

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
  // Reopened, the stream asks for the execution its first entry came from: the latest deployment
  // may have changed meanwhile, and the backlog skipped must be that execution's.
  let pinned = version;
  const logsQuery = () => Gateway.query({ ...scope, version: pinned });
  // Entries taken from the stream's frames so far, whether yet delivered or not: a reopened stream
  // starts again from the backlog, so that many are skipped. Counted as frames are taken, not as
  // entries are delivered: the stream is reopened while the caller still holds the last frame's.
  let taken = 0;
  let skip = 0;
  const logs = gateway.frames('/deployment/logs', logsQuery, {
    signal: stop.signal,
    reopened: () => {
      skip = taken;
    },
  });
  const statuses = gateway.frames('/deployment/status', query, { signal: stop.signal });
  const opened = Date.now();
  let over = false;
  let sawRunning = false;
  let gotFrame = false;
  let statusFailed: unknown;
  // The status stream runs beside the logs: it only says when the deployment is over. A settled
  // state seen before anything ran may be the previous deployment's (a follow opened just after a
  // deploy): it counts once a deployment was seen running, a version was asked for, or a few
  // seconds went by with none running.
  const watching = (async () => {
    for await (const frame of statuses) {
      const environment = loose(loose(frame).environment);
      const state = text(environment.last_deployment_state) ?? text(environment.state);
      if (!state) continue;
      const running = RUNNING.test(state);
      sawRunning ||= running;
      over = !running;
    }
  })().catch((error: unknown) => {
    statusFailed = error;
  });
  const settled = () =>
    over &&
    (sawRunning || version !== undefined || Date.now() - opened > SETTLED_GRACE_MS) &&
    (gotFrame || Date.now() - opened > SETTLED_GRACE_MS);
  try {
    let pending = logs.next();
    pending.catch(() => {});
    for (;;) {
      const next = await within(pending, QUIET_MS);
      if (next === 'quiet') {
        // Without the status stream, nothing says when it is over: the caller learns why.
        if (statusFailed !== undefined && !stop.signal.aborted) throw statusFailed;
        if (settled()) return;
        continue;
      }
      if (next.done) return;
      gotFrame = true;
      const frame = Array.isArray(next.value) ? next.value : [];
      const skipped = Math.min(skip, frame.length);
      skip -= skipped;
      const entries = frame.slice(skipped);
      taken += entries.length;
      pinned ??= text(loose(loose(entries[0]).details).execution_id);
      pending = logs.next();
      // Rejections wait for the loop's next turn, not for the caller to finish with these entries.
      pending.catch(() => {});
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
  if (!options.follow && options.limit === 0) return;
  let unreadable = 0;
  let delivered = 0;
  // Without follow: what was written before the stream opened, at most `limit` of it.
  const openedAt = Date.now();
  try {
    let pending = frames.next();
    pending.catch(() => {});
    let first = true;
    for (;;) {
      // Without follow, the end of the backlog is a quiet gateway, counted from its first frame
      // (connecting and its query take their own time), or from its connect timeout.
      const next = options.follow ? await pending : await within(pending, first ? FIRST_FRAME_MS : QUIET_MS);
      if (next === 'quiet' || next.done) return;
      first = false;
      pending = frames.next();
      pending.catch(() => {});
      const line = lineOf(next.value);
      if (!line) {
        // An odd frame is skipped; ten in a row are not a log.
        if (++unreadable > 10)
          throw new StreamError('/service/logs: the gateway sends frames that are not log lines', {
            path: '/service/logs',
            received: JSON.stringify(next.value).slice(0, 2000),
          });
        continue;
      }
      unreadable = 0;
      const at = line.time.getTime();
      if (skipping) {
        if (at < last || (at === last && skipAtLast-- > 0)) continue;
        skipping = false;
      }
      if (
        !options.follow &&
        (at > openedAt + CLOCK_SKEW_MS || (options.limit !== undefined && delivered >= options.limit))
      )
        return;
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
