/** The retention query is a scheduled stream: swept when never swept, or when the last sweep is old enough. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retentionSweepDue } from '../../../pipeline/run-pipeline.ts';

const week = 7 * 86_400_000;

test('the retention sweep is due on the first run, then once its interval has passed', () => {
  const now = new Date('2026-11-10T03:00:00.000Z');
  assert.equal(retentionSweepDue(null, now, week), true);
  assert.equal(retentionSweepDue('2026-11-04T03:00:00.000Z', now, week), false);
  assert.equal(retentionSweepDue('2026-11-03T03:00:00.000Z', now, week), true);
  // Without an interval (a caller that does not schedule it) every run sweeps, as before.
  assert.equal(retentionSweepDue('2026-11-10T02:00:00.000Z', now), true);
});
