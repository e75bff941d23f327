/**
 * A token bucket per OAuth client: `ratePerMinute` requests a minute on average, with bursts
 * of at most `burst`. A 429 means the budget is smaller than we thought (another tool shares the
 * client, or the org's limit is lower), so `throttle` stops everyone for Retry-After, empties the
 * bucket and cuts the rate by `decrease`; the rate then climbs back linearly to the configured
 * one over `recoveryMs` without 429s (additive increase, multiplicative decrease).
 */
import { serialQueue } from '../../contract/concurrency.ts';

export interface RateLimiter {
  /** Resolves when one request may be sent. */
  acquire(): Promise<void>;
  /** After a 429: stop all requests for `pauseMs` and slow down. */
  throttle(pauseMs: number): void;
  /** The rate in force now (requests per minute; 0 = unlimited). */
  currentRatePerMinute(): number;
}

export interface TokenBucketOptions {
  /** Sustained requests per minute; 0 or less disables limiting (429 pauses are still honoured). */
  readonly ratePerMinute: number;
  /** Largest burst; defaults to one second's worth (at least 1), so no 60 s window sees more than the rate. */
  readonly burst?: number;
  /** Factor the rate is multiplied by on each 429 (default 0.7). */
  readonly decrease?: number;
  /** The rate never drops below this share of the configured one (default 0.2). */
  readonly floor?: number;
  /** Time without 429s to climb from the floor back to the configured rate (default 2 minutes). */
  readonly recoveryMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createTokenBucket(options: TokenBucketOptions): RateLimiter {
  const { ratePerMinute, now = Date.now, sleep = defaultSleep } = options;
  const decrease = options.decrease ?? 0.7;
  const floor = Math.max(0, ratePerMinute) * (options.floor ?? 0.2);
  const recoveryPerMs = (ratePerMinute * (1 - (options.floor ?? 0.2))) / (options.recoveryMs ?? 120_000);
  const capacity = Math.max(1, options.burst ?? Math.floor(ratePerMinute / 60));
  let rate = ratePerMinute;
  let tokens = capacity;
  let last = now();
  let pausedUntil = 0;
  // Waiters are served in order so that no caller starves.
  // Callers take tokens one at a time, in arrival order.
  const inTurn = serialQueue();

  const refill = (): void => {
    const t = now();
    const elapsed = t - last;
    rate = Math.min(ratePerMinute, rate + elapsed * recoveryPerMs);
    tokens = Math.min(capacity, tokens + (elapsed * rate) / 60_000);
    last = t;
  };

  const takeOne = async (): Promise<void> => {
    for (;;) {
      const paused = pausedUntil - now();
      if (paused > 0) {
        await sleep(paused);
        continue;
      }
      if (ratePerMinute <= 0) return;
      refill();
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - tokens) * 60_000) / rate));
    }
  };

  return {
    acquire: () => inTurn(takeOne),
    throttle(pauseMs) {
      pausedUntil = Math.max(pausedUntil, now() + pauseMs);
      if (ratePerMinute <= 0) return;
      refill();
      tokens = 0;
      rate = Math.max(floor, rate * decrease);
    },
    currentRatePerMinute: () => {
      if (ratePerMinute > 0) refill();
      return Math.max(0, rate);
    },
  };
}

export interface ShareOptions {
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * A limiter taking at most `share` (0 < share <= 1) of `parent`'s rate: each request takes a token
 * of a bucket refilled at `share` × the parent's current rate (so a 429's slow-down of the parent
 * slows it too), then one of the parent. Callers of the parent itself use what this one leaves
 * (and all of it while this one is idle); together they never exceed the parent. A 429 throttles
 * the parent, i.e. everyone on the OAuth client. An unlimited parent gives an unlimited share.
 */
export function shareOf(parent: RateLimiter, share: number, options: ShareOptions = {}): RateLimiter {
  const { now = Date.now, sleep = defaultSleep } = options;
  const rate = (): number => share * parent.currentRatePerMinute();
  const capacity = Math.max(1, Math.floor(rate() / 60));
  let tokens = capacity;
  let last = now();
  const inTurn = serialQueue();

  const takeOne = async (): Promise<void> => {
    for (;;) {
      const perMinute = rate();
      if (perMinute <= 0) return;
      const t = now();
      tokens = Math.min(capacity, tokens + ((t - last) * perMinute) / 60_000);
      last = t;
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await sleep(Math.ceil(((1 - tokens) * 60_000) / perMinute));
    }
  };

  return {
    async acquire() {
      await inTurn(takeOne);
      await parent.acquire();
    },
    throttle: (pauseMs) => {
      parent.throttle(pauseMs);
    },
    currentRatePerMinute: () => Math.max(0, rate()),
  };
}
