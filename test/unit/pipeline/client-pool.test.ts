/**
 * The choice of client: a unit of work takes the client with the fewest units, then the shortest
 * queue, then the fewest requests sent; a lone call takes the shortest queue. The pool test uses
 * clients whose calls stay outstanding until the test settles them (the HTTP side is covered by
 * test/integration/pipeline/client-spread.test.ts, counted by the sandbox).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiResponse, ClientStats, GenesysClient } from '../../../extract/genesys/client.ts';
import { clientPool, leastLoaded } from '../../../pipeline/client-pool.ts';

test('leastLoaded: units first for a lease, queue first for a call, then requests sent, then order', () => {
  const loads = [
    { units: 1, outstanding: 0, sent: 10 },
    { units: 0, outstanding: 5, sent: 50 },
    { units: 0, outstanding: 5, sent: 40 },
  ];
  assert.equal(leastLoaded(loads, 'unit'), 2);
  assert.equal(leastLoaded(loads, 'call'), 0);
  assert.equal(
    leastLoaded(
      [
        { units: 0, outstanding: 2, sent: 7 },
        { units: 0, outstanding: 2, sent: 7 },
      ],
      'call',
    ),
    0,
  );
  assert.equal(
    leastLoaded(
      [
        { units: 2, outstanding: 0, sent: 0 },
        { units: 1, outstanding: 9, sent: 9 },
      ],
      'unit',
    ),
    1,
  );
  assert.equal(leastLoaded([], 'unit'), -1);
});

/** A client whose calls stay outstanding until `settle()`; counts what it was sent. */
function heldClient(): GenesysClient & { operations: string[]; settle: () => void } {
  const stats: ClientStats = { requests: 0, retries: 0, rateLimited: 0, logins: 0 };
  const operations: string[] = [];
  const held: (() => void)[] = [];
  return {
    stats,
    operations,
    call: (operation) => {
      stats.requests += 1;
      operations.push(operation);
      return new Promise<ApiResponse>((resolve) => {
        held.push(() => {
          resolve({ status: 200, headers: {}, body: null });
        });
      });
    },
    settle: () => {
      for (const release of held.splice(0)) release();
    },
  };
}

test('leases go to the client with the fewest units, and come back on release', () => {
  const clients = [heldClient(), heldClient()] as const;
  const pool = clientPool(clients);
  const runLevel = pool.lease();
  const first = pool.lease();
  assert.deepEqual([runLevel.index, first.index], [0, 1], 'the second unit does not queue behind the first');
  first.release();
  first.release(); // idempotent
  assert.deepEqual(
    pool.loads().map((load) => load.units),
    [1, 0],
  );
  assert.equal(pool.lease().index, 1);
});

test('spread calls fill the shortest queue, so a client waiting on a job poll still gets reads', async () => {
  const [a, b] = [heldClient(), heldClient()];
  const pool = clientPool([a, b]);
  const window = pool.lease(); // client 0 holds a window…
  const busy = Array.from({ length: 4 }, () => window.client.call('get results page', () => Promise.resolve()));
  // …with four calls queued on it; eight reads go to client 1 until the queues are even, then alternate.
  const reads = Array.from({ length: 8 }, () => pool.spread.call('get recording metadata', () => Promise.resolve()));
  assert.equal(b.operations.length, 6);
  assert.equal(a.operations.filter((op) => op === 'get recording metadata').length, 2);
  assert.deepEqual(
    pool.loads().map((load) => load.outstanding),
    [6, 6],
  );
  a.settle();
  b.settle();
  await Promise.all([...busy, ...reads]);
  assert.deepEqual(
    pool.loads().map((load) => load.outstanding),
    [0, 0],
  );
  assert.equal(pool.spread.stats.requests, 12, 'the spread client reports the requests of all its clients');
});

test('spread calls balance the requests sent when every queue is empty', async () => {
  const [a, b, c] = [heldClient(), heldClient(), heldClient()];
  const pool = clientPool([a, b, c]);
  for (let i = 0; i < 9; i += 1) {
    const call = pool.spread.call('get recording metadata', () => Promise.resolve());
    for (const client of [a, b, c]) client.settle();
    await call;
  }
  assert.deepEqual(
    [a, b, c].map((client) => client.stats.requests),
    [3, 3, 3],
  );
});
