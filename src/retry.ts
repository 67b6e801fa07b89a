import { APIConnectionError, APIError, APITimeoutError, RateLimitError } from './errors.js';
import { parseRetryAfter } from './rate-limit.js';

/** Methods that may be sent twice without a second effect. POST is not one: a retried token create leaks a credential. */
const IDEMPOTENT = new Set(['GET', 'PUT', 'DELETE']);
const RETRIED_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export const BACKOFF_START_MS = 500;
export const BACKOFF_CAP_MS = 8_000;

/** Whether a failed attempt is worth another, judged by the method and the failure alone. */
export function isRetryable(method: string, error: unknown): boolean {
  if (!IDEMPOTENT.has(method)) return false;
  if (error instanceof APIError) return RETRIED_STATUSES.has(error.status);
  return error instanceof APIConnectionError; // includes APITimeoutError
}

/**
 * How long to wait before attempt `attempt + 1`: what the server asked for (`Retry-After`, else
 * the rate-limit reset when the window is spent and the reset is still ahead) when it said, else
 * exponential backoff from 0.5 s, capped at 8 s, with up to a quarter taken off at random so
 * clients do not retry in step.
 */
export function retryDelayMs(
  error: unknown,
  attempt: number,
  now: number,
  random: () => number = Math.random,
): [ms: number, askedByServer: boolean] {
  if (error instanceof APIError) {
    const retryAfter = parseRetryAfter(error.headers.get('retry-after'), now);
    if (retryAfter !== undefined) return [retryAfter * 1000, true];
    const limit = error.rateLimit;
    const untilReset = limit ? limit.resetAt.getTime() - now : 0;
    // A reset already past (the header counts whole seconds; clocks drift) says nothing useful:
    // back off as usual rather than send every retry at once into the same spent window.
    if ((error instanceof RateLimitError || limit?.remaining === 0) && untilReset > 0) return [untilReset, true];
  }
  const exponential = Math.min(BACKOFF_CAP_MS, BACKOFF_START_MS * 2 ** (attempt - 1));
  return [Math.round(exponential * (1 - 0.25 * random())), false];
}

/** `work`'s outcome, or the signal's reason as soon as it fires; no listener outlives it. */
export function raceSignal<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Waits `ms`, or rejects with the signal's reason as soon as it fires; leaves no timer behind either way. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A signal for one attempt: it fires when the caller's signal does, or when the attempt's own
 * timeout runs out. `bound()` ends the attempt when it fires even if the fetch in use ignores the
 * signal (a mock, a fetch that lost track of it). `done()` clears the timer and the listener, so
 * nothing outlives the attempt.
 *
 * On Node 20 this signal is about 5% of a loopback call. Undici's own header and body timeouts,
 * set through a dispatcher, cost less, but they only measure idle time: a body still trickling in
 * kept downloading after the deadline, and a request still connecting was sent after it, after its
 * own retry. test/socket-timeout.test.ts holds a replacement to the signal's bar for the first kind
 * (hung, stalled and trickling answers, a process left to exit); the second needs a TLS server that
 * answers late and is not covered there.
 */
export function attemptSignal(
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
): { signal: AbortSignal; timedOut: () => boolean; bound: <T>(work: Promise<T>) => Promise<T>; done: () => void } {
  const controller = new AbortController();
  let timedOut = false;
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) controller.abort(callerSignal.reason);
  else callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new APITimeoutError(`Request timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    bound: (work) => raceSignal(work, controller.signal),
    done: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    },
  };
}
