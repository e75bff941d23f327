/**
 * Concurrency that adapts to latency, for the per-conversation recording reads. The shortest
 * latency seen lately stands for an API that is not queueing our requests; while the recent
 * (smoothed) latency stays within `tolerance` times it, the limit grows, and when answers slow
 * down because requests wait in a queue somewhere, it shrinks in proportion (the gradient
 * limiter of Netflix's concurrency-limits, simplified). Over a fast link the limit settles
 * where more requests in flight would only queue; over a slow one it climbs to `max`, so many
 * reads travel at once. The caller times what it wants followed (the HTTP exchange, not the
 * wait for the rate limiter or a retry's backoff) and tells the limit. The shortest latency is
 * never forgotten: use one limit per window, so each window measures it afresh.
 */

export interface AdaptiveLimitOptions {
  /** Upper bound (GENESYS_RECORDING_CONCURRENCY). */
  readonly max: number;
  /** Lower bound (default 2, or max if smaller). */
  readonly min?: number;
  /** Recent latency may be this many times the shortest before the limit shrinks (default 2). */
  readonly tolerance?: number;
}

export interface AdaptiveLimit {
  /** Requests allowed in flight now (whole, between min and max). */
  readonly current: number;
  /** Tells the limit how long one answer took. */
  observe(latencyMs: number): void;
}

export function createAdaptiveLimit(options: AdaptiveLimitOptions): AdaptiveLimit {
  const max = Math.max(1, options.max);
  const min = Math.min(max, options.min ?? 2);
  const tolerance = options.tolerance ?? 2;
  let limit = max;
  let shortest = Number.POSITIVE_INFINITY;
  let smoothed = 0;
  return {
    get current() {
      return Math.max(min, Math.min(max, Math.floor(limit)));
    },
    observe(latencyMs) {
      const latency = Math.max(0.01, latencyMs);
      shortest = Math.min(shortest, latency);
      smoothed = smoothed === 0 ? latency : smoothed * 0.9 + latency * 0.1;
      const gradient = Math.max(0.5, Math.min(1, (tolerance * shortest) / smoothed));
      // Grow by about sqrt(limit) per answer while nothing queues; shrink by the gradient otherwise.
      const next = limit * gradient + Math.sqrt(limit);
      limit = Math.max(min, Math.min(max, limit * 0.8 + next * 0.2));
    },
  };
}

/**
 * Runs `work` over `items` with at most `limit.current` in flight (read again whenever one
 * finishes); results keep the input order. After a failure no new item starts, and it rejects
 * with that failure once the items in flight settled.
 */
export async function mapWithAdaptiveConcurrency<T, R>(
  items: readonly T[],
  limit: AdaptiveLimit,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  if (items.length === 0) return results;
  let failure: { error: unknown } | undefined;
  await new Promise<void>((resolve) => {
    let next = 0;
    let inFlight = 0;
    const settle = (): void => {
      if (inFlight === 0 && (failure !== undefined || next >= items.length)) resolve();
    };
    const launch = (): void => {
      while (failure === undefined && next < items.length && inFlight < limit.current) {
        const index = next;
        next += 1;
        inFlight += 1;
        void Promise.resolve()
          .then(() => work(items[index] as T, index))
          .then(
            (result) => {
              results[index] = result;
            },
            (error: unknown) => {
              failure ??= { error };
            },
          )
          .finally(() => {
            inFlight -= 1;
            launch();
            settle();
          });
      }
    };
    launch();
  });
  if (failure !== undefined) throw failure.error;
  return results;
}
