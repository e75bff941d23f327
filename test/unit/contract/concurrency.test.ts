import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { settleEach } from '../../../contract/concurrency.ts';

test('settleEach starts nothing after an abort and waits for started work to settle', async () => {
  const controller = new AbortController();
  const started: number[] = [];
  const settled: number[] = [];
  const failures = await settleEach([0, 1, 2, 3, 4, 5], 2, controller.signal, async (item) => {
    started.push(item);
    if (item === 1) {
      controller.abort();
      throw new Error('window 1 failed');
    }
    await sleep(20);
    settled.push(item);
  });
  // Item 0 was in flight when item 1 failed: it is waited for, and nothing after item 1 starts.
  assert.deepEqual(started, [0, 1]);
  assert.deepEqual(settled, [0]);
  assert.equal(failures.length, 1);
  assert.match(String(failures[0]), /window 1 failed/);
});

test('settleEach keeps at most `limit` items in flight and runs them all when nothing aborts', async () => {
  let inFlight = 0;
  let peak = 0;
  const done: number[] = [];
  const failures = await settleEach([1, 2, 3, 4, 5], 3, new AbortController().signal, async (item) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    await sleep(5);
    inFlight -= 1;
    done.push(item);
  });
  assert.deepEqual(failures, []);
  assert.equal(peak, 3);
  assert.deepEqual(done.sort(), [1, 2, 3, 4, 5]);
});
