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
