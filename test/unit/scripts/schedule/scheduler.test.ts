/** The tick loop on a real node-cron task firing every second: no overlap, retries with backoff, stop. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { runScheduler } from '../../../../scripts/schedule/scheduler.ts';

const everySecond = '* * * * * *';

test('a slow tick makes the ticks firing meanwhile skip; ticks never overlap', { timeout: 20_000 }, async () => {
  const stop = new AbortController();
  const lines: string[] = [];
  const spans: [number, number][] = [];
  let active = 0;
  let maxActive = 0;
  const done = runScheduler({
    cron: everySecond,
    timezone: 'UTC',
    retries: 0,
    retryDelayMs: 10,
    signal: stop.signal,
    log: (line) => lines.push(line),
    onFailed: () => Promise.resolve(),
    tick: async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      const start = Date.now();
      // The first tick takes 2.5 ticks' time; the others are quick.
      await sleep(spans.length === 0 ? 2_500 : 50);
      spans.push([start, Date.now()]);
      active -= 1;
      return 'ok';
    },
  });
  while (spans.length < 3) await sleep(50);
  stop.abort();
  await done;
  assert.equal(maxActive, 1);
  for (let i = 1; i < spans.length; i += 1) assert.ok((spans[i]?.[0] ?? 0) >= (spans[i - 1]?.[1] ?? 0));
  assert.ok(
    lines.some((line) => /^tick \d+ skipped: tick 1 is still running/.test(line)),
    lines.join('\n'),
  );
  assert.ok(
    lines.some((line) => /^tick 1 succeeded in \d+\.\ds: ok$/.test(line)),
    lines.join('\n'),
  );
});

test('a failed tick is retried with doubling delays, then reported once', { timeout: 20_000 }, async () => {
  const stop = new AbortController();
  const lines: string[] = [];
  const attempts: number[] = [];
  const failed: number[] = [];
  const done = runScheduler({
    cron: everySecond,
    timezone: 'UTC',
    retries: 2,
    retryDelayMs: 200,
    signal: stop.signal,
    log: (line) => lines.push(line),
    onFailed: (_error, tick) => {
      failed.push(tick);
      return Promise.resolve();
    },
    tick: () => {
      attempts.push(Date.now());
      return Promise.reject(new Error('Genesys is down'));
    },
  });
  while (failed.length === 0) await sleep(20);
  stop.abort();
  await done;
  assert.equal(attempts.length, 3);
  const [a = 0, b = 0, c = 0] = attempts;
  assert.ok(b - a >= 190 && c - b >= 390, `delays ${b - a}, ${c - b}`);
  assert.deepEqual(failed, [1]);
  assert.ok(lines.includes('tick 1 attempt 1 failed (Genesys is down); retrying in 0.2s'), lines.join('\n'));
  assert.ok(lines.includes('tick 1 attempt 2 failed (Genesys is down); retrying in 0.4s'), lines.join('\n'));
  assert.ok(
    lines.some((line) => line.startsWith('tick 1 failed after 3 attempt(s)')),
    lines.join('\n'),
  );
});

test('stopping waits for the tick in flight, which sees the signal', { timeout: 20_000 }, async () => {
  const stop = new AbortController();
  const lines: string[] = [];
  let started = false;
  let sawAbort = false;
  const done = runScheduler({
    cron: everySecond,
    timezone: 'UTC',
    retries: 3,
    retryDelayMs: 10,
    signal: stop.signal,
    log: (line) => lines.push(line),
    onFailed: () => Promise.resolve(),
    tick: async (signal) => {
      started = true;
      await new Promise((resolve) => {
        signal.addEventListener('abort', resolve, { once: true });
      });
      sawAbort = true;
      // The window being committed finishes after the abort.
      await sleep(300);
      throw new Error('interrupted');
    },
  });
  const hasStarted = (): boolean => started;
  while (!hasStarted()) await sleep(20);
  const stoppedAt = Date.now();
  stop.abort();
  await done;
  assert.equal(sawAbort, true);
  assert.ok(Date.now() - stoppedAt >= 290);
  assert.ok(
    lines.some((line) => line.startsWith('tick 1 interrupted after')),
    lines.join('\n'),
  );
});
