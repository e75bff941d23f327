import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BackfillTarget, FinishedWindow } from '../../../../load/warehouse.ts';
import { backfillProgress, formatBackfillProgress } from '../../../../scripts/schedule/backfill-progress.ts';
import { formatLag } from '../../../../scripts/commands/status.ts';

const dayMs = 86_400_000;
/** Ten daily windows, 2026-11-01 to 2026-11-11; this drain started at midnight. */
const target: BackfillTarget = {
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-11-11T00:00:00.000Z',
  windowMs: dayMs,
  share: 0.5,
  startedAt: '2026-12-01T00:00:00.000Z',
  finishedAt: null,
};

const day = (n: number): string => new Date(Date.parse(target.from) + n * dayMs).toISOString();
const window = (n: number, finishedAt: string, loaded = 10, final = true): FinishedWindow => ({
  start: day(n),
  end: day(n + 1),
  finishedAt,
  loaded,
  final,
});

test('progress: windows done, the rate over the last hour and the ETA at that rate', () => {
  const progress = backfillProgress(
    target,
    [
      window(9, '2026-12-01T00:30:00.000Z'),
      window(8, '2026-12-01T01:00:00.000Z'),
      window(7, '2026-12-01T01:30:00.000Z'),
      window(6, '2026-12-01T02:00:00.000Z'),
      // Provisional: loaded, not done.
      window(5, '2026-12-01T02:00:00.000Z', 7, false),
    ],
    new Date('2026-12-01T02:00:00.000Z'),
  );
  // Three windows finished in the last hour: 3 an hour, 6 left: 2 hours.
  assert.deepEqual(progress, {
    from: target.from,
    to: target.to,
    share: 0.5,
    windowsDone: 4,
    windowsTotal: 10,
    percentDone: 40,
    conversationsLoaded: 40,
    windowsPerHour: 3,
    eta: '2026-12-01T04:00:00.000Z',
    etaMs: 2 * 3_600_000,
    finishedAt: null,
    done: false,
  });
  assert.equal(
    formatBackfillProgress(progress, formatLag),
    '4/10 windows (40.0%), 40 conversations, 3 windows/h, ETA 2026-12-01T04:00:00.000Z (in 2h)',
  );
});

test('progress: the rate counts only this drain (a restart 20 minutes ago), and a window done in parts counts once', () => {
  const restarted = { ...target, startedAt: '2026-12-01T01:40:00.000Z' };
  const half = (n: number, second: boolean, finishedAt: string): FinishedWindow => ({
    start: new Date(Date.parse(day(n)) + (second ? dayMs / 2 : 0)).toISOString(),
    end: new Date(Date.parse(day(n)) + (second ? dayMs : dayMs / 2)).toISOString(),
    finishedAt,
    loaded: 5,
    final: true,
  });
  const progress = backfillProgress(
    restarted,
    [
      window(9, '2026-12-01T01:30:00.000Z'),
      half(8, false, '2026-12-01T01:50:00.000Z'),
      half(8, true, '2026-12-01T02:00:00.000Z'),
      // One half only: not done.
      half(7, true, '2026-12-01T02:00:00.000Z'),
    ],
    new Date('2026-12-01T02:00:00.000Z'),
  );
  assert.equal(progress.windowsDone, 2);
  assert.equal(progress.percentDone, 20);
  // One window (day 8) in the 20 minutes since the restart: 3 an hour, 8 left: 2 h 40 min.
  assert.equal(progress.windowsPerHour, 3);
  assert.equal(progress.etaMs, (8 / 3) * 3_600_000);
});

test('progress: no window done recently has no rate and no ETA; a drained range has no ETA', () => {
  const stalled = backfillProgress(
    target,
    [window(9, '2026-11-30T12:00:00.000Z')],
    new Date('2026-12-01T02:00:00.000Z'),
  );
  assert.equal(stalled.windowsPerHour, null);
  assert.equal(stalled.eta, null);
  assert.match(formatBackfillProgress(stalled, formatLag), /no window done recently, ETA unknown$/);

  const all = Array.from({ length: 10 }, (_, n) => window(n, '2026-12-01T01:00:00.000Z'));
  const drained = backfillProgress(
    { ...target, finishedAt: '2026-12-01T01:00:00.000Z' },
    all,
    new Date('2026-12-01T02:00:00.000Z'),
  );
  assert.equal(drained.done, true);
  assert.equal(drained.percentDone, 100);
  assert.equal(drained.eta, null);
  assert.equal(
    formatBackfillProgress(drained, formatLag),
    '10/10 windows (100.0%), 100 conversations, done at 2026-12-01T01:00:00.000Z',
  );
});
