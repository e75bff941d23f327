/** Recording-read concurrency that follows latency: grows while answers are quick, shrinks when they queue. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAdaptiveLimit, mapWithAdaptiveConcurrency } from '../../../../extract/streams/adaptive-concurrency.ts';

test('a steady latency keeps the limit at its maximum', () => {
  const limit = createAdaptiveLimit({ max: 16 });
  for (let i = 0; i < 1_000; i += 1) limit.observe(30);
  assert.equal(limit.current, 16);
});

test('answers that slow down with every request in flight (a queue) shrink the limit; quick ones grow it back', () => {
  const limit = createAdaptiveLimit({ max: 32, min: 2 });
  // The first answer comes before any queue built up; then a server that takes 1 ms per
  // request and serves one at a time: latency = 1 ms × requests in flight.
  limit.observe(1);
  for (let i = 0; i < 2_000; i += 1) limit.observe(1 + limit.current);
  const queued = limit.current;
  assert.ok(queued <= 8 && queued >= 2, `the limit came down from 32 to where little queues: ${queued}`);
  // The queue is gone: every answer takes 1 ms again.
  for (let i = 0; i < 2_000; i += 1) limit.observe(1);
  assert.equal(limit.current, 32);
});

test('never below its minimum, never above its maximum', () => {
  const limit = createAdaptiveLimit({ max: 8, min: 6 });
  limit.observe(1);
  for (let i = 0; i < 500; i += 1) limit.observe(10_000);
  assert.equal(limit.current, 6);
  const tiny = createAdaptiveLimit({ max: 1 });
  for (let i = 0; i < 50; i += 1) tiny.observe(i % 2 === 0 ? 1 : 1_000);
  assert.equal(tiny.current, 1);
});

const tick = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

test('map: results in input order, never more in flight than the limit allows', async () => {
  const limit = createAdaptiveLimit({ max: 4 });
  let inFlight = 0;
  let most = 0;
  const results = await mapWithAdaptiveConcurrency([...Array(50).keys()], limit, async (item) => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    for (let i = 0; i < (item % 3) + 1; i += 1) await tick();
    inFlight -= 1;
    return item * 2;
  });
  assert.deepEqual(
    results,
    [...Array(50).keys()].map((i) => i * 2),
  );
  assert.equal(most, 4);
});

test('map: after a failure nothing new starts, and it rejects with it once the items in flight settled', async () => {
  const limit = createAdaptiveLimit({ max: 3 });
  const started: number[] = [];
  let settled = 0;
  await assert.rejects(
    mapWithAdaptiveConcurrency([...Array(20).keys()], limit, async (item) => {
      started.push(item);
      await tick();
      if (item === 1) throw new Error('item 1 failed');
      await tick();
      settled += 1;
      return item;
    }),
    /item 1 failed/,
  );
  assert.deepEqual(started, [0, 1, 2]);
  assert.equal(settled, 2, 'items 0 and 2 finished before the rejection');
  assert.deepEqual(await mapWithAdaptiveConcurrency([], limit, () => Promise.resolve(1)), []);
});
