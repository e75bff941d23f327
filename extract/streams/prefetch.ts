/**
 * Cursor paging with one page of look-ahead: the request for page k+1 is sent as soon as page
 * k has arrived, so it travels while the caller processes page k. At most one request is ahead;
 * a caller that stops early leaves that one to settle unobserved (its failure is ignored).
 */
export async function* prefetchingPages<P>(
  fetchPage: (cursor: string | undefined) => Promise<P>,
  /** The next page's cursor, undefined on the last page; may throw to stop (e.g. a repeated cursor). */
  nextCursor: (page: P) => string | undefined,
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
    pending = cursor === undefined ? undefined : request(cursor);
    yield page;
  }
}
