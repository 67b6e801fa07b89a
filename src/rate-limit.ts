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
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  const count = Number(value);
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
  const resetAt = new Date(resetSeconds * 1000);
  if (Number.isNaN(resetAt.getTime())) return undefined;
  return { limit, remaining, resetAt };
}

/**
 * Reads `Retry-After`, which HTTP allows as delay-seconds or as an HTTP date, into seconds from
 * `now` (never negative). Unparsable values give `undefined`.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const seconds = parseCount(value);
  if (seconds !== undefined) return seconds;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * Opt-in client-side pacing (`throttle: true`): it keeps the client inside the limit the API
 * reports instead of earning 429s. Callers queue in order; when the window is spent they wait for
 * its reset and are then released only as many as the new window allows, so there is no
 * thundering herd. Before the first answer the budget is unknown, so a single call goes first.
 */
export class Throttle {
  #remaining: number | undefined;
  #limit: number | undefined;
  #resetAt = 0;
  #inFlight = 0;
  readonly #queue: { release: () => void; reject: (reason: unknown) => void }[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly maxWaitMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when this call may be sent; rejects with the signal's reason if it fires first. */
  acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const entry = {
        release: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = () => {
        const index = this.#queue.indexOf(entry);
        if (index >= 0) this.#queue.splice(index, 1);
        reject(signal?.reason);
        this.#drain();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(entry);
      this.#drain();
    });
  }

  /** Records an answered call: its figures (when it had them) and the end of its reservation. */
  settle(rateLimit: RateLimit | undefined): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    if (rateLimit) {
      const resetAt = rateLimit.resetAt.getTime();
      if (resetAt > this.#resetAt || this.#remaining === undefined) {
        this.#remaining = rateLimit.remaining;
      } else if (resetAt === this.#resetAt) {
        // Answers can arrive out of order: within one window the smallest count is the latest.
        this.#remaining = Math.min(this.#remaining, rateLimit.remaining);
      }
      this.#resetAt = Math.max(this.#resetAt, resetAt);
      this.#limit = rateLimit.limit;
    }
    this.#drain();
  }

  #drain(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#queue.length > 0) {
      const now = this.now();
      if (
        this.#remaining !== undefined &&
        this.#limit !== undefined &&
        now >= this.#resetAt &&
        this.#remaining < this.#limit
      ) {
        // The window has turned: assume it refilled, and let answers correct that.
        this.#remaining = this.#limit;
      }
      const budget = this.#remaining === undefined ? (this.#inFlight === 0 ? 1 : 0) : this.#remaining - this.#inFlight;
      if (budget > 0) {
        this.#inFlight += 1;
        this.#queue.shift()?.release();
        continue;
      }
      if (this.#remaining === undefined) return; // waiting for the first answer
      const wait = this.#resetAt - now;
      if (wait > this.maxWaitMs) {
        // Longer than the caller accepts to wait: let the call go and the API say no.
        this.#inFlight += 1;
        this.#queue.shift()?.release();
        continue;
      }
      if (wait <= 0) {
        if (this.#inFlight > 0) return; // an answer in flight will tell the new figures
        this.#inFlight += 1; // nothing in flight and nothing to wait for: probe with one call
        this.#queue.shift()?.release();
        continue;
      }
      this.#timer = setTimeout(() => this.#drain(), wait + 1);
      return;
    }
  }
}
