/**
 * Cursor paging with one page of look-ahead: the request for page k+1 is sent as soon as page
 * k has arrived, so it travels while the caller processes page k. At most one request is ahead;
 * a caller that stops early leaves that one to settle unobserved (its failure is ignored).
 * `lookAhead` may refuse it for a page (a large one: two of them would be in memory at once);
 * the next page is then requested when the caller asks for it.
 */
export async function* prefetchingPages<P>(
  fetchPage: (cursor: string | undefined) => Promise<P>,
  /** The next page's cursor, undefined on the last page; may throw to stop (e.g. a repeated cursor). */
  nextCursor: (page: P) => string | undefined,
  lookAhead: (page: P) => boolean = () => true,
): AsyncGenerator<P> {
  const request = (cursor: string | undefined): Promise<P> => {
    // Deferred a tick so a synchronous throw becomes a rejection, observed or not.
    const pending = Promise.resolve().then(() => fetchPage(cursor));
    pending.catch(() => undefined);
    return pending;
  };
  let pending: Promise<P> | undefined = request(undefined);
  while (pending !== undefined) {
    const page: P = await pending;
    const cursor = nextCursor(page);
    const ahead = cursor !== undefined && lookAhead(page);
    pending = ahead ? request(cursor) : undefined;
    yield page;
    if (cursor !== undefined && !ahead) pending = request(cursor);
  }
}

/**
 * About how many bytes of JSON `records` are: the mean of up to three of them (first, middle,
 * last) times their count. Cheap enough for every page; a page is stringified whole only when
 * it is flattened.
 */
export function sampledJsonBytes(records: readonly unknown[]): number {
  if (records.length === 0) return 0;
  const samples = [...new Set([0, Math.floor(records.length / 2), records.length - 1])];
  const sampled = samples.reduce(
    (sum, index) => sum + ((JSON.stringify(records[index]) as string | undefined)?.length ?? 0),
    0,
  );
  return Math.round((sampled / samples.length) * records.length);
}
