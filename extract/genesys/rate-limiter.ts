/**
 * A token bucket per OAuth client: `ratePerMinute` requests a minute on average, with bursts
 * of at most `burst`. `pauseFor` empties the bucket and blocks everyone for a while, which is
 * what a 429 with Retry-After asks of the whole client, not only of the call that got it.
 */

export interface RateLimiter {
  /** Resolves when one request may be sent. */
  acquire(): Promise<void>;
  /** Stop all requests for `ms` (after a 429). */
  pauseFor(ms: number): void;
}

export interface TokenBucketOptions {
  /** Sustained requests per minute; 0 or less disables limiting. */
  readonly ratePerMinute: number;
  /** Largest burst; defaults to one second's worth (at least 1), so no 60 s window sees more than the rate. */
  readonly burst?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createTokenBucket(options: TokenBucketOptions): RateLimiter {
  const { ratePerMinute, now = Date.now, sleep = defaultSleep } = options;
  if (ratePerMinute <= 0) {
    let pausedUntil = 0;
    return {
      async acquire() {
        const wait = pausedUntil - now();
        if (wait > 0) await sleep(wait);
      },
      pauseFor(ms) {
        pausedUntil = Math.max(pausedUntil, now() + ms);
      },
    };
  }
  const capacity = Math.max(1, options.burst ?? Math.floor(ratePerMinute / 60));
  const perMs = ratePerMinute / 60_000;
  let tokens = capacity;
  let last = now();
  let pausedUntil = 0;
  // Waiters are served in order so that no caller starves.
  let queue: Promise<void> = Promise.resolve();

  const refill = (): void => {
    const t = now();
    tokens = Math.min(capacity, tokens + (t - last) * perMs);
    last = t;
  };

  const takeOne = async (): Promise<void> => {
    for (;;) {
      const paused = pausedUntil - now();
      if (paused > 0) {
        await sleep(paused);
        continue;
      }
      refill();
      if (tokens >= 1) {
        tokens -= 1;
        return;
      }
      await sleep(Math.ceil((1 - tokens) / perMs));
    }
  };

  return {
    acquire() {
      const turn = queue.then(takeOne);
      queue = turn.catch(() => undefined);
      return turn;
    },
    pauseFor(ms) {
      pausedUntil = Math.max(pausedUntil, now() + ms);
      refill();
      tokens = 0;
    },
  };
}
