import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StagedFile } from '../../../load/manifest.ts';
import type { LoadBatching } from '../../../load/warehouse.ts';
import { defaultLoadBatching } from '../../../load/bigquery/load-jobs.ts';
import {
  formatLoadJobEstimate,
  loadBatcher,
  loadJobsPerTable,
  tableModificationsPerDay,
  windowsPerLoad,
  type BackfillShape,
  type QueuedLoad,
} from '../../../pipeline/load-batch.ts';

const tablesStaged = ['raw_genesys__conversations', 'raw_genesys__recordings', 'etl_quarantine'];

/** One window's staged files: `perTable` files of `bytes` bytes for each table. */
function windowFiles(window: number, perTable: number, bytes: number): StagedFile[] {
  return tablesStaged.flatMap((table) =>
    Array.from({ length: perTable }, (_, part) => ({
      fileId: `${table}/w${window}-${part}`,
      stream: table,
      table,
      path: `${table}/w${window}-${part}.parquet`,
      uri: `gs://b/${table}/w${window}-${part}.parquet`,
      sha256: 'a'.repeat(64),
      rowCount: 1,
      bytes,
      windowStart: null,
      windowEnd: null,
    })),
  );
}

interface Unit extends QueuedLoad {
  readonly window: number;
}

/**
 * Drives the batcher the way the pipeline does, on a fake clock: a window commits every
 * `msPerWindow`, a due age timer runs before the next commit, and the run ends with a flush.
 * Returns the loads, each as the windows it carried.
 */
async function simulate(shape: BackfillShape, batching: LoadBatching | undefined): Promise<number[][]> {
  let clock = 0;
  const timers: { at: number; run: () => void; cancelled: boolean }[] = [];
  const loads: number[][] = [];
  const due: (() => Promise<void>)[] = [];
  const batcher = loadBatcher<Unit>({
    batching,
    load: (units) => {
      loads.push(units.map((unit) => unit.window));
      return Promise.resolve();
    },
    onDue: () => due.push(() => batcher.flushIfDue()),
    now: () => clock,
    setTimer: (run, ms) => {
      const timer = { at: clock + ms, run, cancelled: false };
      timers.push(timer);
      return {
        cancel: () => {
          timer.cancelled = true;
        },
      };
    },
  });
  const filesPerTable = shape.filesPerWindowPerTable;
  const bytes = shape.bytesPerWindow / (filesPerTable * tablesStaged.length);
  for (let window = 0; window < shape.windows; window += 1) {
    const next = window * shape.msPerWindow;
    // Timers due before this commit fire first (their flush is queued behind running commits).
    for (const timer of timers.filter((entry) => !entry.cancelled && entry.at <= next)) {
      clock = timer.at;
      timer.cancelled = true;
      timer.run();
      for (const work of due.splice(0)) await work();
    }
    clock = next;
    await batcher.add({ window, files: windowFiles(window, filesPerTable, bytes) });
  }
  await batcher.flush();
  batcher.close();
  return loads;
}

const year: BackfillShape = {
  windows: 365 * 4,
  filesPerWindowPerTable: 1,
  bytesPerWindow: 3 * 100_000,
  msPerWindow: 2_000,
};

test('without batching every window is its own load; with it, loads carry many windows, each window once and in order', async () => {
  const alone = await simulate({ ...year, windows: 5 }, undefined);
  assert.deepEqual(alone, [[0], [1], [2], [3], [4]]);

  const batched = await simulate(year, defaultLoadBatching);
  assert.deepEqual(
    batched.flat(),
    Array.from({ length: year.windows }, (_, index) => index),
  );
  assert.ok(batched.length < year.windows / 100, `${batched.length} loads`);
});

test('each limit closes a load: files of one table, bytes, and the age of the oldest window', async () => {
  // 3 files per table and window, a limit of 10 files: the 4th window reaches 12.
  const byFiles = await simulate(
    { windows: 10, filesPerWindowPerTable: 3, bytesPerWindow: 9, msPerWindow: 1 },
    { maxFiles: 10, maxBytes: 1e12, maxAgeMs: 1e12 },
  );
  assert.deepEqual(byFiles, [
    [0, 1, 2, 3],
    [4, 5, 6, 7],
    [8, 9],
  ]);
  // 900 bytes per window, a limit of 2,000: the 3rd window reaches 2,700.
  const byBytes = await simulate(
    { windows: 7, filesPerWindowPerTable: 1, bytesPerWindow: 900, msPerWindow: 1 },
    { maxFiles: 1_000, maxBytes: 2_000, maxAgeMs: 1e12 },
  );
  assert.deepEqual(byBytes, [[0, 1, 2], [3, 4, 5], [6]]);
  // A window every 4 minutes, loads at most 10 minutes late: windows at 0, 4 and 8 minutes.
  const byAge = await simulate(
    { windows: 7, filesPerWindowPerTable: 1, bytesPerWindow: 3, msPerWindow: 4 * 60_000 },
    { maxFiles: 1_000, maxBytes: 1e12, maxAgeMs: 10 * 60_000 },
  );
  assert.deepEqual(byAge, [[0, 1, 2], [3, 4, 5], [6]]);
});

test('the load-job arithmetic matches the batcher, and a one-year PT6H backfill stays far inside the quota', async (t) => {
  const shapes: BackfillShape[] = [
    year,
    { ...year, msPerWindow: 60_000 },
    { ...year, msPerWindow: 7 * 60_000 },
    { ...year, filesPerWindowPerTable: 3 },
    { ...year, bytesPerWindow: 200 * 1024 ** 2 },
    { ...year, windows: 1_460 * 2 },
  ];
  for (const shape of shapes) {
    const loads = await simulate(shape, defaultLoadBatching);
    assert.equal(loadJobsPerTable(shape, defaultLoadBatching), loads.length, JSON.stringify(shape));
  }
  assert.equal(loadJobsPerTable(year, undefined), 1_460, 'one job per window and table without batching');

  // The figures the README quotes: a one-year backfill in PT6H windows, one file per table and window.
  const limits = [
    ['a window every 2 s (age limit: 450 per load)', 2_000],
    ['a window every 0.5 s (file limit: 1,000 per load)', 500],
    ['a window every 1 min (age limit: 15 per load)', 60_000],
    ['a window every 10 min', 10 * 60_000],
  ] as const;
  for (const [label, msPerWindow] of limits) {
    const shape = { ...year, msPerWindow };
    const jobs = loadJobsPerTable(shape, defaultLoadBatching);
    const days = (shape.windows * msPerWindow) / 86_400_000;
    const perDay = jobs / Math.max(1, Math.ceil(days));
    t.diagnostic(
      `one-year PT6H backfill, ${label}: ${windowsPerLoad(shape, defaultLoadBatching)} windows per load, ` +
        `${jobs} load jobs per table over ${days.toFixed(2)} days of run time (1,460 without batching)`,
    );
    assert.ok(perDay < tableModificationsPerDay / 10, `${label}: ${jobs} jobs`);
  }
  assert.equal(loadJobsPerTable(year, defaultLoadBatching), 4);
  assert.equal(loadJobsPerTable({ ...year, msPerWindow: 500 }, defaultLoadBatching), 2);
  assert.equal(loadJobsPerTable({ ...year, msPerWindow: 60_000 }, defaultLoadBatching), 98);
});

test('the backfill plan states the load jobs a one-year PT6H backfill costs per table', () => {
  const text = formatLoadJobEstimate(1_460, defaultLoadBatching);
  assert.match(text, /the 1460 window\(s\) load together/);
  assert.match(text, /about 2 load\(s\) per table, plus one per 15 min the run takes \(at most 96 a day\)/);
  assert.match(text, /BigQuery allows 1,500 per table per day \(1460 per table if each window loaded alone\)/);
});
