/**
 * Runs `work` over `items` with at most `limit` in flight; results keep the input order. After a
 * failure no new item starts, and it rejects with that failure once the items in flight settled.
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failed = new AbortController();
  const failures = await settleEach(items, limit, failed.signal, async (item, index) => {
    try {
      results[index] = await work(item, index);
    } catch (error) {
      failed.abort();
      throw error;
    }
  });
  if (failures.length > 0) throw failures[0];
  return results;
}

/**
 * A queue that runs the work handed to it one piece at a time, in order (for one DuckDB
 * connection, or one rate limiter); a failure rejects only its own piece.
 */
export function serialQueue(): <T>(work: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const next = tail.then(work);
    tail = next.catch(() => undefined);
    return next;
  };
}

/**
 * Runs `work` over `items` with at most `limit` in flight, and starts no new item once `signal`
 * is aborted. Unlike Promise.all it waits for every started item to settle before it returns, so
 * nothing is still running when the caller closes what the work uses; returns the failures.
 */
export async function settleEach<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  work: (item: T, index: number) => Promise<void>,
): Promise<unknown[]> {
  const failures: unknown[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal.aborted) {
      const index = next;
      next += 1;
      try {
        await work(items[index] as T, index);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return failures;
}

/** Resolves after `ms`, or at once when `signal` aborts (a retry pause that a stop cuts short). */
export function abortablePause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
