import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prefetchingPages, sampledJsonBytes } from '../../../../extract/streams/prefetch.ts';

interface Page {
  readonly n: number;
  readonly cursor?: string;
}

/** What happens, in order, when a slow caller pages through three pages (`lookAhead` as given). */
async function pagingEvents(lookAhead?: (page: Page) => boolean): Promise<string[]> {
  const events: string[] = [];
  const pages = prefetchingPages<Page>(
    (cursor) => {
      events.push(`fetch ${cursor ?? 'first'}`);
      const n = cursor === undefined ? 1 : Number(cursor);
      return Promise.resolve(n < 3 ? { n, cursor: String(n + 1) } : { n });
    },
    (page) => page.cursor,
    lookAhead,
  );
  for await (const page of pages) {
    events.push(`process ${page.n}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    events.push(`processed ${page.n}`);
  }
  return events;
}

test('the next page is requested before the caller has finished with the current one, one page ahead at most', async () => {
  // The caller is slow: the look-ahead request is already out, and no second one.
  assert.deepEqual(await pagingEvents(), [
    'fetch first',
    'fetch 2',
    'process 1',
    'processed 1',
    'fetch 3',
    'process 2',
    'processed 2',
    'process 3',
    'processed 3',
  ]);
});

test('a page refused look-ahead is processed before the next one is requested', async () => {
  // Page 1 is "large": no request travels while it is processed; page 2 is looked ahead of again.
  assert.deepEqual(await pagingEvents((page) => page.n !== 1), [
    'fetch first',
    'process 1',
    'processed 1',
    'fetch 2',
    'fetch 3',
    'process 2',
    'processed 2',
    'process 3',
    'processed 3',
  ]);
});

test('a failed page surfaces when it is reached, after the pages before it', async () => {
  const seen: number[] = [];
  const pages = prefetchingPages<Page>(
    (cursor) => (cursor === '2' ? Promise.reject(new Error('page 2 failed')) : Promise.resolve({ n: 1, cursor: '2' })),
    (page) => page.cursor,
  );
  await assert.rejects(async () => {
    for await (const page of pages) seen.push(page.n);
  }, /page 2 failed/);
  assert.deepEqual(seen, [1]);
});

test('a caller that stops early leaves no unhandled rejection behind', async () => {
  const unhandled: unknown[] = [];
  const listener = (reason: unknown): void => {
    unhandled.push(reason);
  };
  process.on('unhandledRejection', listener);
  const pages = prefetchingPages<Page>(
    (cursor) => (cursor === undefined ? Promise.resolve({ n: 1, cursor: '2' }) : Promise.reject(new Error('late'))),
    (page) => page.cursor,
  );
  for await (const page of pages) {
    assert.equal(page.n, 1);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 10));
  process.off('unhandledRejection', listener);
  assert.deepEqual(unhandled, []);
});

test('a cursor the caller refuses stops before it is requested', async () => {
  const fetched: (string | undefined)[] = [];
  const pages = prefetchingPages<Page>(
    (cursor) => {
      fetched.push(cursor);
      return Promise.resolve({ n: 1, cursor: 'again' });
    },
    () => {
      throw new Error('cursor repeated');
    },
  );
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const page of pages) seen.push(page.n);
  }, /cursor repeated/);
  assert.deepEqual(seen, []);
  assert.deepEqual(fetched, [undefined]);
});

test("a page's JSON size is estimated from its first, middle and last records", () => {
  const record = (chars: number) => ({ text: 'x'.repeat(chars - 11) }); // {"text":"…"} is 11 + chars
  assert.equal(JSON.stringify(record(100)).length, 100);
  assert.equal(sampledJsonBytes([]), 0);
  assert.equal(sampledJsonBytes([record(100)]), 100);
  // Three records: all sampled, the estimate is their total.
  assert.equal(sampledJsonBytes([record(100), record(200), record(600)]), 900);
  // 1,000 records: the mean of records 0, 500 and 999 times 1,000.
  const page = Array.from({ length: 1_000 }, (_, index) => record(index === 500 ? 4_000 : 1_000));
  assert.equal(sampledJsonBytes(page), 2_000_000);
});
