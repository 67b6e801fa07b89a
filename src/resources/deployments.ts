import * as z from 'zod/mini';
import type { components as AnswerComponents } from '../../generated/qovery-api-answers.js';
import { APIPromise } from '../api-promise.js';
import type { ClientCore, RequestOptions } from '../core.js';
import {
  APITimeoutError,
  type DeploymentError,
  DeploymentFailedError,
  type DeploymentProgress,
  type DeploymentStageProgress,
  QoveryError,
  StreamError,
} from '../errors.js';
import { STATUS_LISTS } from '../essentials.js';
import { Gateway } from '../gateway/gateway.js';
import { deploymentEntries, scopeOf } from '../gateway/streams.js';
import { LIVE_CHECK_MS, type LiveStream, nextLive } from '../gateway/wait-stream.js';
import type { RateLimit } from '../rate-limit.js';
import { attemptSignal, sleep } from '../retry.js';
import {
  count,
  DEPLOYMENT_STATES,
  id,
  isFunction,
  MAX_MS,
  nonEmpty,
  parseInput,
  positive,
  signal,
} from '../schemas.js';
import {
  type DeploymentExplanation,
  type DeploymentLogEntry,
  describeError,
  errorsOf,
  explain,
  oldestFirst,
} from './deployment-logs.js';
import { Environments, type ServiceStatus } from './environments.js';
import { KIND_OPERATIONS, type ServiceKind } from './service-kinds.js';
import { serviceState } from './status.js';

/** Where a deployment request stands (getDeploymentStatusByDeploymentRequestId). */
export type DeploymentRequestStatus = AnswerComponents['schemas']['EnvDeploymentStatus'];
/** One deployment in an application's history. */
export type ApplicationDeployment = AnswerComponents['schemas']['DeploymentHistory'];
/** One deployment in an environment's history, with the services it deployed. */
export type EnvironmentDeployment = AnswerComponents['schemas']['DeploymentHistoryEnvironment'];
/** A page of an application's latest deployments, as `deployments.list({ applicationId })` returns it. */
export type ServiceDeploymentPage = AnswerComponents['schemas']['DeploymentHistoryServicePaginatedResponseListV2'];
/** A page of an environment's latest deployments, as `deployments.list({ environmentId })` returns it. */
export type EnvironmentDeploymentPage =
  AnswerComponents['schemas']['DeploymentHistoryEnvironmentPaginatedResponseListV2'];

/** The fields that name what `wait()` follows: a service of one kind, or an environment. */
type TargetField = 'applicationId' | 'containerId' | 'jobId' | 'databaseId' | 'helmId' | 'environmentId';
/** Follows what `field` names (with the deploy's request id, ideally), and nothing else. */
type TargetBy<F extends TargetField> = { [key in F]: string } & {
  [key in Exclude<TargetField, F | 'environmentId'>]?: never;
} & (F extends 'environmentId'
    ? unknown
    : {
        /**
         * The service's environment, when known (`services.find()` gives it): the websocket gateway
         * needs it, and it spares a read of the service to learn it.
         */
        environmentId?: string;
      }) & {
    /** The deploy's `deployment_request_id`, so that an earlier deployment is not taken for this one. */
    deploymentRequestId?: string | null;
  };

/**
 * What `wait()` follows: a service of any kind (`applicationId`, `containerId`, `jobId`,
 * `databaseId`, `helmId`) or an environment (`environmentId`), ideally with the request id its
 * deploy returned; or a deployment request by its id alone.
 */
export type WaitTarget =
  | TargetBy<'applicationId'>
  | TargetBy<'containerId'>
  | TargetBy<'jobId'>
  | TargetBy<'databaseId'>
  | TargetBy<'helmId'>
  | TargetBy<'environmentId'>
  | ({
      /** The deployment request to follow, by its id alone (polled through `deployments.status()`). */
      deploymentRequestId: string;
    } & { [key in TargetField]?: never });

/** How `deployments.wait()` waits: for which states, how long, how often, and with what progress reports. */
export interface WaitOptions {
  /** The state(s) to wait for, for example `'DEPLOYED'` or `['STOPPED']`. Default: any settled state that is not a failure. */
  until?: string | string[];
  /** Milliseconds to wait in all before an `APITimeoutError`. Default 30 minutes. */
  timeout?: number;
  /** Milliseconds before the first poll again; it grows to 15 s between polls. Default 2000. */
  interval?: number;
  /** Stops waiting (an `APIUserAbortError`). */
  signal?: AbortSignal;
  /** Called with each new state as it is seen. */
  onProgress?: (progress: DeploymentProgress) => void;
}

/** Which deployment `deployments.logs()` and `explain()` read: an environment's latest, or one by its execution id. */
export interface DeploymentLogsParams {
  /** The environment deployed. */
  environmentId: string;
  /**
   * The deployment's execution id (`identifier.execution_id` in `deployments.list()`, a status's
   * `execution_id`, an environment status's `last_deployment_id`). Default: the latest deployment.
   */
  executionId?: string;
}

/** What `deployments.follow()` takes: the deployment, as for `logs()`, and a signal to stop it. */
export interface DeploymentFollowParams extends DeploymentLogsParams {
  /** Closes the socket and ends the iteration. */
  signal?: AbortSignal;
}

/** The client's gateway, or the `StreamError` that says why there is none. */
export function requireGateway(core: ClientCore, path: string): Gateway {
  if (core.gateway) return core.gateway;
  throw new StreamError(
    `${path}: this client does not use Qovery's websocket gateway (websocket: false, or a baseUrl or fetch of its own without websocketUrl)`,
    { path },
  );
}

/** An execution id is any non-empty text: the real API's are `<environment id>-<n>`, not UUIDs. */
const logsInput = z.strictObject({ environmentId: id, executionId: z.optional(nonEmpty) });

type Loose = Record<string, unknown>;
const loose = (value: unknown): Loose => (typeof value === 'object' && value !== null ? (value as Loose) : {});
const named = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/** The step a service's status shows under way: the last of its steps, while it runs. */
function currentStep(status: unknown): string | undefined {
  const state = named(loose(status).state);
  if (!state || serviceState(state) !== 'IN_PROGRESS') return undefined;
  const details = loose(loose(status).steps).details;
  return Array.isArray(details) ? named(loose(details.at(-1)).step_name) : undefined;
}

/**
 * From an environment's stages' view: every stage with its status, the stage under way (the one
 * ONGOING) and its running service's step.
 */
function underWay(view: unknown): { stage?: string; step?: string; stages?: DeploymentStageProgress[] } {
  const listed = loose(view).stages;
  const entries = Array.isArray(listed) ? listed : [];
  const stages = entries.flatMap((entry) => {
    const { name, status } = loose(loose(entry).stage);
    return typeof name === 'string' && typeof status === 'string' ? [{ name, status }] : [];
  });
  const all = Array.isArray(listed) ? { stages } : {};
  const ongoing = entries.find((entry) => loose(loose(entry).stage).status === 'ONGOING');
  if (!ongoing) return all;
  const stage = named(loose(loose(ongoing).stage).name);
  const statuses = STATUS_LISTS.flatMap((list) => {
    const entries = loose(ongoing)[list];
    return Array.isArray(entries) ? entries : [];
  });
  const step = statuses.map(currentStep).find((found) => found !== undefined);
  return { ...all, ...(stage && { stage }), ...(step && { step }) };
}

/** The stages' statuses in one string, to tell whether any moved. */
const stagesText = (progress: DeploymentProgress): string =>
  (progress.stages ?? []).map((s) => `${s.name}:${s.status}`).join(',');

/** A target of a deployment request alone: the gateway's streams are per environment. */
const isRequestOnly = (target: Partial<Record<TargetField, string>>): boolean =>
  TARGET_FIELDS.every((field) => target[field] === undefined);

/** The real API's execution id: `<environment id>-<counter>`. */
const EXECUTION_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-\d+$/i;

export const WAIT_DEFAULTS = { timeout: 30 * 60_000, interval: 2_000, maxInterval: 15_000 } as const;

/**
 * Poll spacing that keeps waiting from eating the rate limit: once less than a tenth of the window
 * is left, the rest is shared out evenly until the reset.
 */
export function pollSpacing(limit: RateLimit | undefined, now: number): number {
  if (!limit || limit.remaining > limit.limit / 10) return 0;
  // Capped as timers are: a longer one (a reset sent in milliseconds by a proxy) would fire at once.
  return Math.min(MAX_MS, Math.max(0, limit.resetAt.getTime() - now) / Math.max(limit.remaining, 1));
}

/** What an onProgress callback threw, carried out of the wait's own error handling untouched. */
class ProgressCallbackError {
  constructor(readonly thrown: unknown) {}
}

const historyTarget = {
  applicationId: z.optional(id),
  environmentId: z.optional(id),
};
const oneTarget = (input: { applicationId?: string; environmentId?: string }) =>
  (input.applicationId === undefined) !== (input.environmentId === undefined);
const TARGET_RULE = { message: 'give exactly one of applicationId and environmentId', path: ['applicationId'] };

/** Each service kind's id field, and the kind whose status call follows it. */
const SERVICE_FIELDS = Object.fromEntries(
  (Object.keys(KIND_OPERATIONS) as ServiceKind[]).map((kind) => [KIND_OPERATIONS[kind].idField, kind]),
) as Record<Exclude<TargetField, 'environmentId'>, ServiceKind>;
const TARGET_FIELDS = [...Object.keys(SERVICE_FIELDS), 'environmentId'] as TargetField[];

const historyInput = z
  .strictObject({ ...historyTarget, limit: z.optional(count) })
  .check(z.refine(oneTarget, TARGET_RULE));
const historyPageInput = z
  .strictObject({
    ...historyTarget,
    pageSize: z.optional(z.int().check(z.refine((v) => v > 0, 'must be more than 0'))),
  })
  .check(z.refine(oneTarget, TARGET_RULE));
const waitTargetInput = z
  .strictObject({
    ...Object.fromEntries(TARGET_FIELDS.map((field) => [field, z.optional(id)])),
    deploymentRequestId: z.optional(z.nullable(id)),
  })
  .check(
    z.refine(
      (input: Record<string, unknown>) => {
        const services = TARGET_FIELDS.filter((field) => field !== 'environmentId' && input[field] !== undefined);
        const environment = input.environmentId !== undefined;
        return services.length === 1 || (services.length === 0 && (environment || !!input.deploymentRequestId));
      },
      {
        message: `give one of ${TARGET_FIELDS.join(', ')} (a service's environmentId may come with it), or a deploymentRequestId alone`,
        path: ['applicationId'],
      },
    ),
  );
const waitOptionsInput = z.strictObject({
  until: z.optional(
    z.custom<string | string[]>((v) => {
      const states = [v].flat();
      return (
        states.length > 0 &&
        states.every(
          (s) => typeof s === 'string' && (DEPLOYMENT_STATES as readonly string[]).includes(s.trim().toUpperCase()),
        )
      );
    }, 'must be a deployment state, such as DEPLOYED or STOPPED, or a non-empty list of them'),
  ),
  timeout: z.optional(positive),
  interval: z.optional(positive),
  signal: z.optional(signal),
  onProgress: z.optional(z.custom<(progress: DeploymentProgress) => void>(isFunction, 'must be a function')),
});

/** `client.deployments`: deployment status, history, and waiting for a deployment to settle. */
export class Deployments {
  readonly #core: ClientCore;

  constructor(core: ClientCore) {
    this.#core = core;
  }

  /** Where a deployment request stands, by its id (getDeploymentStatusByDeploymentRequestId). */
  status(deploymentRequestId: string, options?: RequestOptions): APIPromise<DeploymentRequestStatus> {
    return this.#core.onId('deploymentRequestId', deploymentRequestId, 'deployments.status', options, (id) => ({
      operation: 'getDeploymentStatusByDeploymentRequestId',
      method: 'GET',
      send: (init) =>
        this.#core.api.GET('/environment/deploymentStatus', {
          ...init,
          params: { query: { deploymentRequestId: id } },
        }),
      returns: 'body',
    }));
  }

  /**
   * A deployment's log entries, oldest first (listEnvironmentLogs: the API keeps a deployment's
   * last 1,000): each names its stage and step, the service that wrote it, and a message or an
   * error. Without `executionId`, the latest deployment's. An unknown execution is a `NotFoundError`.
   */
  logs(params: DeploymentLogsParams, options?: RequestOptions): APIPromise<DeploymentLogEntry[]> {
    const call = this.#core.request<DeploymentLogEntry[]>(async () => {
      const { environmentId, executionId } = parseInput(logsInput, params, 'deployments.logs');
      return this.#core.operation(
        'listEnvironmentLogs',
        { path: { environmentId }, query: { version: executionId } },
        'body',
      );
    }, options);
    // With response checks off the body may be anything: only a list is put in order.
    return new APIPromise(
      call.withResponse().then((result) => ({
        ...result,
        data: Array.isArray(result.data) ? oldestFirst(result.data) : result.data,
      })),
    );
  }

  /**
   * A deployment's log entries as Qovery's websocket gateway pushes them (`/deployment/logs`),
   * oldest first, typed as `logs()` gives them: what was already written, then each new entry,
   * until the deployment is over (`break` or `signal` closes the socket sooner). One request first,
   * the environment, for where it runs. Needs the gateway: a client with `websocket: false` (or
   * of another API, without `websocketUrl`) gets a `StreamError`; bad input is a `ValidationError`,
   * before anything is sent.
   */
  follow(params: DeploymentFollowParams): AsyncIterable<DeploymentLogEntry> {
    const { signal, ...rest } = params;
    const { environmentId, executionId } = parseInput(logsInput, rest, 'deployments.follow');
    const gateway = requireGateway(this.#core, '/deployment/logs');
    const core = this.#core;
    return {
      async *[Symbol.asyncIterator]() {
        const environment = await new Environments(core).get(environmentId, { ...(signal && { signal }) });
        const scope = scopeOf(environment, '/deployment/logs');
        yield* deploymentEntries(gateway, scope, executionId, signal) as AsyncGenerator<DeploymentLogEntry>;
      },
    };
  }

  /**
   * A deployment as data: its final state and duration, its stages in order (status, duration,
   * services), each service's steps (name, status, duration), and every error with its hint and
   * link (`errors`). Two requests: its logs, and the environment's latest deployments (V2 history)
   * for the states and durations. Without `executionId`, the latest deployment.
   */
  async explain(params: DeploymentLogsParams, options?: RequestOptions): Promise<DeploymentExplanation> {
    const { environmentId, executionId } = parseInput(logsInput, params, 'deployments.explain');
    const [entries, page] = await Promise.all([
      this.logs({ environmentId, ...(executionId && { executionId }) }, options),
      this.list({ environmentId }, options),
    ]);
    const logged = entries.map((entry) => entry.details?.execution_id).find((value) => typeof value === 'string');
    const wanted = executionId ?? logged;
    const results = Array.isArray(page.results) ? page.results : [];
    const history = wanted ? results.find((entry) => entry?.identifier?.execution_id === wanted) : results[0];
    return explain(environmentId, entries, history);
  }

  /**
   * The latest deployments, newest first, as one page of up to `pageSize` (default 20) entries
   * (list…DeploymentHistoryV2; the API offers no further pages there: `history()` walks them all).
   */
  list(
    params: { applicationId: string; pageSize?: number },
    options?: RequestOptions,
  ): APIPromise<ServiceDeploymentPage>;
  list(
    params: { environmentId: string; pageSize?: number },
    options?: RequestOptions,
  ): APIPromise<EnvironmentDeploymentPage>;
  list(
    params: { applicationId?: string; environmentId?: string; pageSize?: number },
    options?: RequestOptions,
  ): APIPromise<ServiceDeploymentPage | EnvironmentDeploymentPage> {
    return this.#core.request(() => {
      const { applicationId, environmentId, pageSize } = parseInput(historyPageInput, params, 'deployments.list');
      const query = { pageSize };
      return Promise.resolve({
        operation: applicationId ? 'listApplicationDeploymentHistoryV2' : 'listEnvironmentDeploymentHistoryV2',
        method: 'GET',
        send: (init) =>
          applicationId
            ? this.#core.api.GET('/application/{applicationId}/deploymentHistoryV2', {
                ...init,
                params: { path: { applicationId }, query },
              })
            : this.#core.api.GET('/environment/{environmentId}/deploymentHistoryV2', {
                ...init,
                params: { path: { environmentId: environmentId as string }, query },
              }),
        returns: 'page',
      });
    }, options);
  }

  /**
   * Every past deployment, newest first, fetched a page at a time as you iterate (the V1 history's
   * `startId` cursor): `for await (const d of client.deployments.history({ applicationId }))`.
   * Only one page is held at a time; `limit` stops after that many entries.
   */
  history(
    params: { applicationId: string; limit?: number },
    options?: RequestOptions,
  ): AsyncIterableIterator<ApplicationDeployment>;
  history(
    params: { environmentId: string; limit?: number },
    options?: RequestOptions,
  ): AsyncIterableIterator<EnvironmentDeployment>;
  async *history(
    params: { applicationId?: string; environmentId?: string; limit?: number },
    options?: RequestOptions,
  ): AsyncIterableIterator<ApplicationDeployment | EnvironmentDeployment> {
    const {
      applicationId,
      environmentId,
      limit = Number.POSITIVE_INFINITY,
    } = parseInput(historyInput, params, 'deployments.history');
    let startId: string | undefined;
    let previous = new Set<string>();
    for (let count = 0; count < limit; ) {
      const body = await this.#historyPage(applicationId, environmentId, startId, options);
      // The core refuses a page without its results array, even with validation off.
      const page = body.results;
      // Guarded: with validation off, page_size may be anything; then this page is taken as the last.
      const pageSize = typeof body.page_size === 'number' ? body.page_size : 0;
      // An API that ignored the cursor would hand back the same page forever.
      const fresh = page.filter((entry) => !previous.has(entry.id));
      for (const entry of fresh) {
        yield entry;
        if (++count >= limit) return;
      }
      const last = fresh.at(-1);
      // A short page is the last one: no need to ask for an empty one after it.
      if (!last || page.length < pageSize) return;
      startId = last.id;
      previous = new Set(page.map((entry) => entry.id));
    }
  }

  #historyPage(
    applicationId: string | undefined,
    environmentId: string | undefined,
    startId: string | undefined,
    options: RequestOptions | undefined,
  ): APIPromise<{ results: (ApplicationDeployment | EnvironmentDeployment)[]; page_size: number }> {
    const query = { startId };
    return this.#core.request(
      {
        operation: applicationId ? 'listApplicationDeploymentHistory' : 'listEnvironmentDeploymentHistory',
        method: 'GET',
        send: (init) =>
          applicationId
            ? this.#core.api.GET('/application/{applicationId}/deploymentHistory', {
                ...init,
                params: { path: { applicationId }, query },
              })
            : this.#core.api.GET('/environment/{environmentId}/deploymentHistory', {
                ...init,
                params: { path: { environmentId: environmentId as string }, query },
              }),
        returns: 'page',
      },
      options,
    );
  }

  /**
   * Polls until the deployment settles: resolves with the last status when it reaches `until`
   * (by default any settled state but a failure), rejects with `DeploymentFailedError` when it
   * ends in a failure (`BUILD_ERROR`, `DEPLOYMENT_ERROR`, `CANCELED`, …) or another settled state,
   * and with `APITimeoutError` after `timeout`. Give the `deploymentRequestId` a deploy returned,
   * so an earlier deployment's final state is not mistaken for this one's.
   *
   * With Qovery's websocket gateway (the client's default for the real API), it follows the
   * deployment there instead of polling: a read of the environment first (and of the service when
   * no `environmentId` comes with it), none while frames come (one after 5 minutes without any),
   * and one status read to confirm the end.
   * When the gateway cannot be used it polls; `progress.via` says which. Polls back off from
   * `interval` to 15 s, slow down further when the rate limit runs low, and go through the client's
   * retries and timeouts like any call.
   */
  async wait(target: WaitTarget, options: WaitOptions = {}): Promise<DeploymentProgress> {
    const checked = parseInput(waitTargetInput, target, 'deployments.wait');
    // The API writes ids in lower case; a caller may not (UUIDs are case-insensitive).
    const wanted = { ...checked, deploymentRequestId: checked.deploymentRequestId?.toLowerCase() };
    const {
      until,
      timeout = WAIT_DEFAULTS.timeout,
      interval,
      signal,
      onProgress,
    } = parseInput(waitOptionsInput, options, 'deployments.wait');
    const states = until === undefined ? undefined : [until].flat().map((state) => state.trim().toUpperCase());
    const started = Date.now();
    // One signal for the caller's abort and the wait's own deadline, so a poll that hangs or
    // retries cannot carry the wait past its timeout.
    const deadline = attemptSignal(signal, timeout);
    let last: DeploymentProgress | undefined;
    let sawProgress = false;
    // The gateway's status stream when it can be used; polling otherwise, or once it fails.
    // Its own signal, so that a silent gateway's socket can be closed while the wait goes on.
    const stopLive = new AbortController();
    const onDeadline = () => stopLive.abort(deadline.signal.reason);
    deadline.signal.addEventListener('abort', onDeadline, { once: true });
    let live: LiveStream | undefined =
      this.#core.gateway && !isRequestOnly(wanted as Partial<Record<TargetField, string>>)
        ? { frames: this.#live(wanted, stopLive.signal, started), heard: false }
        : undefined;
    let patience = LIVE_CHECK_MS;
    try {
      for (let delay = interval ?? WAIT_DEFAULTS.interval; ; ) {
        const left = started + timeout - Date.now();
        const poll = { signal: deadline.signal, timeout: Math.max(1, Math.min(this.#core.settings.timeout, left)) };
        let progress: DeploymentProgress | undefined;
        if (live) {
          const next = await nextLive(live, deadline.signal, stopLive, {
            patience,
            silence: this.#core.gateway?.timeoutMs ?? 10_000,
            log: this.#core.settings.log,
          });
          if (next === undefined) live = undefined;
          else if (next === 'quiet') {
            // Frames come when something changes: a long quiet, or none after a settled frame
            // the status read did not confirm yet, is checked with one status read.
            progress = await this.#poll(wanted, poll, started);
            patience = Math.min(patience * 2, LIVE_CHECK_MS);
          } else if (next.status !== 'IN_PROGRESS' && next.status !== 'UNKNOWN' && this.#oursOrUnknown(next, wanted)) {
            // What the gateway says settled it, a status read confirms: a frame lost or stale
            // cannot end the wait wrongly. Not settled there yet: frames again, checked soon.
            progress = { ...(await this.#poll(wanted, poll, started)), via: 'websocket' };
            if (progress.status === 'IN_PROGRESS') patience = interval ?? WAIT_DEFAULTS.interval;
          } else {
            progress = next;
            patience = LIVE_CHECK_MS;
          }
        }
        progress ??= await this.#poll(wanted, poll, started);
        const mine = wanted.deploymentRequestId;
        // A frame about another deployment says nothing of ours: the next frames will.
        if (
          mine &&
          progress.deploymentRequestId &&
          progress.deploymentRequestId !== mine &&
          progress.via === 'polling'
        ) {
          // The service shows another deployment (running or settled): ours may have settled before
          // it, or been replaced by it. Ask about ours.
          progress = await this.#poll({ deploymentRequestId: mine }, poll, started);
        }
        sawProgress ||= progress.status === 'IN_PROGRESS';
        // A status without a request id is ours once it has been seen in progress during this wait:
        // before that, it may still be the previous deployment's final state.
        const ours =
          !mine || progress.deploymentRequestId === mine || (progress.deploymentRequestId === null && sawProgress);
        const moved =
          progress.state !== last?.state ||
          progress.deploymentRequestId !== last.deploymentRequestId ||
          progress.stage !== last.stage ||
          progress.step !== last.step ||
          stagesText(progress) !== stagesText(last);
        if (ours && moved) {
          try {
            onProgress?.(progress);
          } catch (error) {
            throw new ProgressCallbackError(error);
          }
        }
        if (ours) last = progress;
        const settled = progress.status !== 'IN_PROGRESS' && progress.status !== 'UNKNOWN';
        if (ours && states?.includes(progress.state)) return progress;
        if (ours && settled) {
          if (!states && progress.status !== 'ERROR' && progress.state !== 'CANCELED') return progress;
          // Why it failed, from its logs: one request, and only for a failure.
          const why = progress.status === 'ERROR' ? await this.#reason(wanted, progress, poll) : {};
          const ended = `Deployment ended in ${progress.state}${states ? `, not ${states.join(' or ')}` : ''}`;
          throw new DeploymentFailedError(why.reason ? `${ended}: ${describeError(why.reason)}` : ended, progress, why);
        }
        if (live) continue;
        const now = Date.now();
        await sleep(Math.max(delay, pollSpacing(this.#core.rateLimit, now)), deadline.signal);
        delay = Math.max(delay, Math.min(delay * 1.5, WAIT_DEFAULTS.maxInterval));
      }
    } catch (error) {
      // Settled, whatever the clock says now (reading the reason may have taken the last of it).
      if (error instanceof DeploymentFailedError) throw error;
      if (deadline.timedOut()) {
        throw new APITimeoutError(
          `deployments.wait gave up after ${timeout} ms; the last state was ${last?.state ?? 'not seen yet'}`,
        );
      }
      // The caller's own onProgress failed: theirs to see, as it was thrown.
      if (error instanceof ProgressCallbackError) throw error.thrown;
      if (error instanceof QoveryError) throw error;
      throw this.#core.failure(error, signal?.aborted ?? false, 'deployments.wait');
    } finally {
      deadline.signal.removeEventListener('abort', onDeadline);
      stopLive.abort();
      deadline.done();
    }
  }

  /** Whether a frame's status may be the awaited deployment's: its request id, or none said. */
  #oursOrUnknown(progress: DeploymentProgress, wanted: { deploymentRequestId?: string | null }): boolean {
    const mine = wanted.deploymentRequestId;
    return !mine || progress.deploymentRequestId === null || progress.deploymentRequestId === mine;
  }

  /**
   * Progress from the gateway's `/deployment/status` stream of the target's environment: one read
   * of the environment for where it is (and one of the service for its environment, unless given),
   * then none while it waits. A frame that does not say how the target is, is skipped.
   */
  async *#live(
    target: Partial<Record<TargetField, string>> & { deploymentRequestId?: string | null },
    signal: AbortSignal,
    started: number,
  ): AsyncGenerator<DeploymentProgress, void, undefined> {
    const gateway = this.#core.gateway as Gateway;
    const field = TARGET_FIELDS.find((name) => name !== 'environmentId' && target[name] !== undefined);
    const options = { signal, maxRetries: 0 };
    const environmentId =
      target.environmentId ??
      (await this.#core
        .request<{ environment?: { id?: string } }>(
          this.#core.operation(
            KIND_OPERATIONS[SERVICE_FIELDS[field as Exclude<TargetField, 'environmentId'>]].get,
            { path: { [field as string]: target[field as TargetField] as string } },
            'body',
          ),
          options,
        )
        .then((service) => service.environment?.id));
    if (!environmentId) return;
    const environment = await new Environments(this.#core).get(environmentId, options);
    const query = Gateway.query({ ...scopeOf(environment, '/deployment/status') });
    for await (const frame of gateway.frames('/deployment/status', query, { signal })) {
      const view = loose(frame);
      if (typeof view.environment !== 'object' || view.environment === null) continue;
      if (!field) {
        yield { ...this.#progressOf(view.environment, view, target, started), via: 'websocket' };
        continue;
      }
      const id = (target[field] as string).toLowerCase();
      const stages = Array.isArray(view.stages) ? view.stages : [];
      const status = stages
        .flatMap((stage) => STATUS_LISTS.flatMap((list) => loose(stage)[list]))
        .flat()
        .find((entry) => typeof loose(entry).id === 'string' && (loose(entry).id as string).toLowerCase() === id);
      if (status) yield { ...this.#progressOf(status, undefined, target, started), via: 'websocket' };
    }
  }

  /**
   * The first error of the failed deployment `progress` is about, from its logs: the environment
   * is the target's, or the one its execution id names (`<environment id>-<n>`), or the one the
   * deployment request's status gives; the execution is the status's. Never throws: a failure to
   * read is the `reasonError`.
   */
  async #reason(
    target: Partial<Record<TargetField, string>> & { deploymentRequestId?: string | null },
    progress: DeploymentProgress,
    options: RequestOptions,
  ): Promise<{ reason?: DeploymentError; reasonError?: QoveryError }> {
    const raw = (typeof progress.raw === 'object' && progress.raw !== null ? progress.raw : {}) as Record<
      string,
      unknown
    >;
    const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
    const executionId = text(raw.execution_id) ?? text(raw.last_deployment_id);
    const environmentId = target.environmentId ?? EXECUTION_ID.exec(executionId ?? '')?.[1] ?? text(raw.environment_id);
    if (!environmentId) {
      return { reasonError: new QoveryError('the status names no environment whose logs would say why') };
    }
    try {
      const entries = await this.logs(
        { environmentId, ...(executionId && { executionId }) },
        { ...options, maxRetries: 0 },
      );
      return { reason: errorsOf(entries)[0] };
    } catch (error) {
      return {
        reasonError: error instanceof QoveryError ? error : this.#core.failure(error, false, 'deployments.logs'),
      };
    }
  }

  async #poll(
    target: Partial<Record<TargetField, string>> & { deploymentRequestId?: string | null },
    options: RequestOptions,
    started: number,
  ): Promise<DeploymentProgress> {
    const field = TARGET_FIELDS.find((name) => target[name] !== undefined);
    // An environment is polled through its stages' view: its status, and the stage and step under way.
    const view =
      field === 'environmentId'
        ? await new Environments(this.#core).stages(target[field] as string, options)
        : undefined;
    const raw =
      field === undefined
        ? await this.status(target.deploymentRequestId as string, options)
        : field === 'environmentId'
          ? (view?.environment ?? {})
          : await this.#core.request<ServiceStatus>(
              this.#core.operation(
                KIND_OPERATIONS[SERVICE_FIELDS[field]].status,
                { path: { [field]: target[field] as string } },
                'body',
              ),
              options,
            );
    return { ...this.#progressOf(raw, view, target, started), via: 'polling' };
  }

  /** What a status (and an environment's stages' view) says of the target's deployment. */
  #progressOf(
    raw: unknown,
    view: unknown,
    target: { deploymentRequestId?: string | null },
    started: number,
  ): Omit<DeploymentProgress, 'via'> {
    // An environment's `state` sums up all its services (another one's old failure included);
    // `last_deployment_state` is the state of its latest deployment request, the one
    // `deployment_request_id` names. With response checks off, a body may be anything: one that
    // is not an object says nothing.
    // The real API may send null (or nothing) for an older record's last_deployment_state.
    const body = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<string, unknown>>;
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    const state = text(body.last_deployment_state) ?? text(body.state) ?? text(body.status) ?? 'UNKNOWN';
    const reported = typeof body.deployment_request_id === 'string' ? body.deployment_request_id.toLowerCase() : null;
    const { stage, step, stages } = view !== undefined ? underWay(view) : { step: currentStep(body) };
    return {
      state,
      status: serviceState(state),
      ...(stage && { stage }),
      ...(step && { step }),
      ...(stages && { stages }),
      // Only what the API says: a missing id must not pass for a match with the one awaited.
      deploymentRequestId: 'state' in body ? reported : (reported ?? target.deploymentRequestId ?? null),
      elapsedMs: Date.now() - started,
      raw,
    };
  }
}
