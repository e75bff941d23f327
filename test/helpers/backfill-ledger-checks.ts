/**
 * What every ledger must do for a scheduler's background backfill (load/ledger-backfill.ts) and
 * for runs side by side in one process, run against DuckDB and the BigQuery emulator.
 */
import assert from 'node:assert/strict';
import type { BackfillTarget, Ledger } from '../../load/warehouse.ts';
import { dayWindow } from './window-record.ts';

export async function checkBackfillLedger(ledger: Ledger): Promise<void> {
  assert.equal(await ledger.backfillTarget('schedule'), null);
  const target: BackfillTarget = {
    from: '2026-11-01T00:00:00.000Z',
    to: '2026-11-06T00:00:00.000Z',
    windowMs: 86_400_000,
    share: 0.4,
    startedAt: '2026-12-01T00:00:00.000Z',
    finishedAt: null,
  };
  await ledger.setBackfillTarget('schedule', target);
  assert.deepEqual(await ledger.backfillTarget('schedule'), target);
  const finished = { ...target, finishedAt: '2026-12-01T03:00:00.500Z' };
  await ledger.setBackfillTarget('schedule', finished);
  assert.deepEqual(await ledger.backfillTarget('schedule'), finished, 'replaced, not added');

  // A backfill window runs beside a tick of the same process: neither start marks the other interrupted.
  await ledger.startRun({ runId: 'backfill-1', command: 'backfill', windowStart: null, windowEnd: null });
  await ledger.recordWindow(dayWindow('backfill-1', 'conversations', 2, 'running', '2026-12-01T00:00:00.000Z'));
  await ledger.startRun({
    runId: 'tick-1',
    command: 'run',
    windowStart: null,
    windowEnd: null,
    concurrentRunIds: ['backfill-1'],
  });
  const conversations = (await ledger.report()).streams.find((stream) => stream.stream === 'conversations');
  assert.deepEqual(
    { running: conversations?.windows.running, interrupted: conversations?.windows.interrupted },
    { running: 1, interrupted: 0 },
    'the backfill window is not taken for dead',
  );
  await ledger.recordWindows([
    dayWindow('backfill-1', 'conversations', 2, 'succeeded', '2026-12-01T00:00:00.000Z', { loaded: 12 }),
    dayWindow('backfill-1', 'conversations', 3, 'provisional', '2026-12-01T00:00:00.000Z', { loaded: 5 }),
    dayWindow('backfill-1', 'conversations', 4, 'failed', '2026-12-01T00:00:00.000Z'),
    dayWindow('backfill-1', 'recordings', 2, 'succeeded', '2026-12-01T00:00:00.000Z', { loaded: 30 }),
    dayWindow('tick-1', 'conversations', 9, 'succeeded', '2026-12-01T00:00:00.000Z', { loaded: 1 }),
  ]);

  // Windows loaded in [from, to): final or not, failed ones left out, other streams and ranges too.
  const windows = await ledger.finishedWindows('conversations', target.from, target.to);
  assert.deepEqual(
    windows.map(({ start, end, loaded, final }) => ({ start, end, loaded, final })),
    [
      { start: '2026-11-02T00:00:00.000Z', end: '2026-11-03T00:00:00.000Z', loaded: 12, final: true },
      { start: '2026-11-03T00:00:00.000Z', end: '2026-11-04T00:00:00.000Z', loaded: 5, final: false },
    ],
  );
  for (const window of windows) assert.ok(Date.parse(window.finishedAt) > Date.parse('2026-01-01'));
}
