/** The mock's rate limit: how many requests each credential may make per window. */
export interface RateLimitSettings {
  /** Requests per window for each credential. Default 1000, as Qovery documents. */
  limit: number;
  /** The window in milliseconds. Default one hour. */
  windowMs: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

/**
 * Fixed windows per credential, aligned on the clock (a one-hour window runs from the top of the
 * hour), so `X-RateLimit-Reset` in whole Unix seconds is exact. The clock is injected so tests
 * move time instead of waiting.
 */
export function createRateLimiter(settings: RateLimitSettings, now: () => number) {
  const windows = new Map<string, { start: number; used: number }>();
  return {
    take(credential: string): RateLimitDecision {
      const at = now();
      let window = windows.get(credential);
      if (!window || at >= window.start + settings.windowMs) {
        window = { start: Math.floor(at / settings.windowMs) * settings.windowMs, used: 0 };
        windows.set(credential, window);
      }
      const resetMs = window.start + settings.windowMs;
      const allowed = window.used < settings.limit;
      if (allowed) window.used += 1;
      const headers: Record<string, string> = {
        'X-RateLimit-Limit': String(settings.limit),
        'X-RateLimit-Remaining': String(settings.limit - window.used),
        'X-RateLimit-Reset': String(Math.ceil(resetMs / 1000)),
      };
      if (!allowed) headers['Retry-After'] = String(Math.max(1, Math.ceil((resetMs - at) / 1000)));
      return { allowed, headers };
    },
    reset() {
      windows.clear();
    },
  };
}
