import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTokenBucket, shareOf } from '../../../../extract/genesys/rate-limiter.ts';

/** A fake clock: sleeping advances time instantly, so tests measure the limiter's arithmetic, not wall time. */
function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void> } {
  let t = 0;
  return {
    now: () => t,
    sleep: (ms) => {
      t += ms;
      return Promise.resolve();
    },
  };
}

test('sustains the configured rate after the burst', async () => {
  const clock = fakeClock();
  const limiter = createTokenBucket({ ratePerMinute: 300, burst: 10, ...clock });
  for (let i = 0; i < 310; i += 1) await limiter.acquire();
  // 10 free in the burst, then 300 more at 5 per second: 60 s.
  assert.ok(Math.abs(clock.now() - 60_000) <= 200, `took ${clock.now()} ms of fake time`);
});

test('throttle blocks everyone and empties the bucket', async () => {
  const clock = fakeClock();
  const limiter = createTokenBucket({ ratePerMinute: 600, burst: 5, ...clock });
  limiter.throttle(7000);
  await limiter.acquire();
  assert.ok(clock.now() >= 7000);
});

test('a rate of 0 disables limiting but still honours Retry-After pauses', async () => {
  const clock = fakeClock();
  const limiter = createTokenBucket({ ratePerMinute: 0, ...clock });
  for (let i = 0; i < 10_000; i += 1) await limiter.acquire();
  assert.equal(clock.now(), 0);
  limiter.throttle(1500);
  await limiter.acquire();
  assert.equal(clock.now(), 1500);
});

test('concurrent callers are served in order without exceeding the rate', async () => {
  const clock = fakeClock();
  const limiter = createTokenBucket({ ratePerMinute: 60, burst: 1, ...clock });
  const order: number[] = [];
  await Promise.all([0, 1, 2, 3].map(async (i) => limiter.acquire().then(() => order.push(i))));
  assert.deepEqual(order, [0, 1, 2, 3]);
  assert.ok(clock.now() >= 3000, `four requests at 1/s need at least 3 s, took ${clock.now()}`);
});

test('each 429 cuts the rate, down to a floor, and it recovers linearly without 429s', async () => {
  const clock = fakeClock();
  const limiter = createTokenBucket({ ratePerMinute: 300, decrease: 0.5, floor: 0.2, recoveryMs: 60_000, ...clock });
  limiter.throttle(0);
  assert.equal(limiter.currentRatePerMinute(), 150);
  limiter.throttle(0);
  limiter.throttle(0);
  assert.equal(limiter.currentRatePerMinute(), 60, 'never below 20 % of the configured rate');
  await clock.sleep(30_000);
  assert.equal(limiter.currentRatePerMinute(), 180, 'half the recovery time climbs half the way');
  await clock.sleep(60_000);
  assert.equal(limiter.currentRatePerMinute(), 300, 'never above the configured rate');
});

test('after a 429 the requests really slow down', async () => {
  const clock = fakeClock();
  const limiter = createTokenBucket({ ratePerMinute: 600, burst: 1, decrease: 0.5, recoveryMs: 3_600_000, ...clock });
  limiter.throttle(1000);
  for (let i = 0; i < 30; i += 1) await limiter.acquire();
  // 1 s of pause, then about 300 a minute (5 a second): 30 requests take about 6 s more.
  assert.ok(clock.now() >= 6_500 && clock.now() <= 7_500, `took ${clock.now()} ms of fake time`);
});

test('shareOf: a share of the parent rate, even while the parent is idle', async () => {
  const clock = fakeClock();
  const parent = createTokenBucket({ ratePerMinute: 600, burst: 10, ...clock });
  const share = shareOf(parent, 0.5, clock);
  assert.equal(share.currentRatePerMinute(), 300);
  for (let i = 0; i < 301; i += 1) await share.acquire();
  // 5 a second (burst 5): 296 after the burst take 59.2 s; at the parent's rate they would take 29.1 s.
  assert.ok(Math.abs(clock.now() - 59_200) <= 200, `took ${clock.now()} ms of fake time`);
});

test('shareOf: a 429 through the share stops the parent, and the share follows its slow-down', async () => {
  const clock = fakeClock();
  const parent = createTokenBucket({ ratePerMinute: 600, burst: 10, decrease: 0.5, ...clock });
  const share = shareOf(parent, 0.25, clock);
  share.throttle(7000);
  await parent.acquire();
  assert.ok(clock.now() >= 7000, 'the parent waited for the Retry-After');
  assert.ok(parent.currentRatePerMinute() < 600);
  assert.equal(share.currentRatePerMinute(), parent.currentRatePerMinute() * 0.25);
});

test('shareOf: an unlimited parent gives an unlimited share', async () => {
  const clock = fakeClock();
  const share = shareOf(createTokenBucket({ ratePerMinute: 0, ...clock }), 0.5, clock);
  for (let i = 0; i < 1000; i += 1) await share.acquire();
  assert.equal(clock.now(), 0);
});
