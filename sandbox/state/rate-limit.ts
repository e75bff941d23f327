/**
 * The per-token request budget (Genesys `token.rate.per.minute`): a fixed 60 s window that
 * starts at the token's first request. Over budget → 429 with the seconds left in the window.
 */

const WINDOW_MS = 60_000;

export interface RateLimiter {
  /** Counts one request; returns null if allowed, else the Retry-After seconds. */
  check(token: string, now: number): number | null;
}

export function createRateLimiter(requestsPerMinute: number): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    check(token, now) {
      if (requestsPerMinute <= 0) return null;
      let window = windows.get(token);
      if (window === undefined || now - window.start >= WINDOW_MS) {
        window = { start: now, count: 0 };
        windows.set(token, window);
      }
      window.count++;
      if (window.count <= requestsPerMinute) return null;
      return Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
    },
  };
}
