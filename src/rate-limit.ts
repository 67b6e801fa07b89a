import { raceSignal } from './retry.js';

/** The request budget the API reported on one response. */
export interface RateLimit {
  /** Requests allowed per window for this credential. */
  limit: number;
  /** Requests left in the current window. */
  remaining: number;
  /** When the window resets. */
  resetAt: Date;
}

function parseCount(value: string | null): number | undefined {
  // Digits only: Number() alone would also take '', '0x1f', '1e3' and ' '.
  const count = value !== null && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(count) ? count : undefined;
}

/**
 * Reads `X-RateLimit-Limit`, `-Remaining` and `-Reset` (Unix seconds, as Qovery documents).
 * The headers are optional and proxies can mangle them, so anything missing or unparsable gives
 * `undefined` rather than a half-filled object or a throw.
 */
export function parseRateLimit(headers: Headers): RateLimit | undefined {
  const limit = parseCount(headers.get('x-ratelimit-limit'));
  const remaining = parseCount(headers.get('x-ratelimit-remaining'));
  const resetSeconds = parseCount(headers.get('x-ratelimit-reset'));
  if (limit === undefined || remaining === undefined || resetSeconds === undefined) return undefined;
  const resetAt = dateAt(resetSeconds * 1000);
  return resetAt && { limit, remaining, resetAt };
}

/** The Date at `ms`, or `undefined` past what a Date holds: an Invalid Date's toISOString() throws. */
export function dateAt(ms: number): Date | undefined {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Reads `Retry-After`, which HTTP allows as delay-seconds or as an HTTP date, into seconds from
 * `now` (never negative). Unparsable values give `undefined`.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  // Seconds (decimals rounded up), or an HTTP date; Date.parse alone reads "1.5" or "-5" as 2001.
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.ceil(Number(value));
  const date = /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/.test(value.trim())
    ? Date.parse(value)
    : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * Opt-in client-side pacing (`throttle: true`): it keeps the client inside the limit the API
 * reports instead of earning 429s. Callers queue in order; when the window is spent they wait for
 * its reset and are then released only as many as the new window allows, so there is no
 * thundering herd. Before the first answer the budget is unknown, so a single call goes first.
 */
export class Throttle {
  #remaining: number | undefined;
  #limit = 0;
  #resetAt = 0;
  #inFlight = 0;
  #queue: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly maxWaitMs: number) {}

  /** Resolves when this call may be sent; rejects with the signal's reason if it fires first. */
  acquire(signal: AbortSignal | undefined): Promise<void> {
    let go = () => {};
    const turn = new Promise<void>((resolve) => {
      go = resolve;
    });
    this.#queue.push(go);
    this.#drain();
    return raceSignal(turn, signal).catch((reason: unknown) => {
      // Given up: leave the queue, or hand back the slot if it was already given.
      const index = this.#queue.indexOf(go);
      if (index >= 0) this.#queue.splice(index, 1);
      else this.#inFlight -= 1;
      this.#drain();
      throw reason;
    });
  }

  /** Records an answered call: its figures (when it had them) and the end of its reservation. */
  settle(rateLimit: RateLimit | undefined): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    // An answer without figures (a proxy stripped them): nothing to pace by, so stop holding calls.
    this.#remaining ??= rateLimit ? undefined : Number.POSITIVE_INFINITY;
    if (rateLimit) {
      const resetAt = rateLimit.resetAt.getTime();
      // Answers can arrive out of order: within one window the smallest count is the latest.
      this.#remaining =
        resetAt > this.#resetAt || this.#remaining === undefined || this.#remaining === Number.POSITIVE_INFINITY
          ? rateLimit.remaining
          : Math.min(this.#remaining, rateLimit.remaining);
      this.#resetAt = Math.max(this.#resetAt, resetAt);
      this.#limit = rateLimit.limit;
    }
    this.#drain();
  }

  #drain(): void {
    clearTimeout(this.#timer);
    while (this.#queue.length > 0) {
      const wait = this.#resetAt - Date.now();
      // The window has turned: assume it refilled, and let answers correct that.
      if (this.#remaining !== undefined && wait <= 0) this.#remaining = Math.max(this.#remaining, this.#limit);
      // Before the first answer the budget is unknown: one call at a time.
      const budget = this.#remaining === undefined ? +(this.#inFlight === 0) : this.#remaining - this.#inFlight;
      if (budget <= 0) {
        if (this.#remaining === undefined || (wait <= 0 && this.#inFlight > 0)) return; // an answer will tell
        if (wait > 0 && wait <= this.maxWaitMs) {
          this.#timer = setTimeout(() => this.#drain(), wait + 1);
          return;
        }
        // Longer than the caller accepts to wait (let the API say no), or nothing left to learn from.
      }
      this.#inFlight += 1;
      this.#queue.shift()?.();
    }
  }
}
