import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReconciliationError } from '../../../contract/errors.ts';
import type { StagedFile } from '../../../load/manifest.ts';
import type { FileLoad } from '../../../load/warehouse.ts';
import { addBatch, newTallies, reconcileWindow } from '../../../pipeline/reconcile.ts';

const file = (stream: string, path: string, rowCount: number): StagedFile => ({
  fileId: path,
  stream,
  table: `raw_genesys__${stream}`,
  path,
  uri: `file:///stage/${path}`,
  sha256: '0'.repeat(64),
  rowCount,
  bytes: 1,
  windowStart: null,
  windowEnd: null,
});
const loaded = (stream: string, path: string, rowCount: number, rowsLoaded = rowCount): FileLoad => ({
  file: file(stream, path, rowCount),
  rowsLoaded,
  alreadyLoaded: false,
});
const quarantine = (stream: string, id: string) => ({
  quarantine_id: id,
  stream,
  record_key: id,
  reason: 'bad',
  raw_payload: '{}',
});

/** 10 conversations received over two pages, 2 of them quarantined. */
function tallies() {
  const result = newTallies(['conversations', 'recordings']);
  addBatch(result, {
    stream: 'conversations',
    received: 6,
    rows: {},
    quarantined: [quarantine('conversations', 'a')],
    extractedAt: '',
  });
  addBatch(result, {
    stream: 'conversations',
    received: 4,
    rows: {},
    quarantined: [quarantine('conversations', 'b')],
    extractedAt: '',
  });
  return result;
}

test('counts that agree reconcile, streams with nothing received included', () => {
  const lines = reconcileWindow('w', tallies(), [
    loaded('conversations', 'c-1.parquet', 5),
    loaded('conversations', 'c-2.parquet', 3),
    loaded('participants', 'p-1.parquet', 17),
    loaded('quarantine', 'q-1.parquet', 2),
  ]);
  assert.deepEqual(lines, [
    { stream: 'conversations', received: 10, loaded: 8, quarantined: 2 },
    { stream: 'recordings', received: 0, loaded: 0, quarantined: 0 },
  ]);
});

test('a stream loaded short fails with the three counts and its files named', () => {
  assert.throws(
    () =>
      reconcileWindow('Window X', tallies(), [
        loaded('conversations', 'c-1.parquet', 5),
        loaded('conversations', 'c-2.parquet', 2),
        loaded('quarantine', 'q-1.parquet', 2),
      ]),
    (error: unknown) =>
      error instanceof ReconciliationError &&
      error.message.includes('Window X does not reconcile') &&
      error.message.includes(
        'stream conversations: the API returned 10 records and validation quarantined 2, so 8 rows were due, ' +
          'but the warehouse loaded 7 from c-1.parquet (5), c-2.parquet (2)',
      ),
  );
});

test('a file the warehouse loaded short of what the stage wrote is named, even for a child table', () => {
  assert.throws(
    () =>
      reconcileWindow('w', tallies(), [
        loaded('conversations', 'c-1.parquet', 8),
        loaded('participants', 'p-1.parquet', 17, 16),
        loaded('quarantine', 'q-1.parquet', 2),
      ]),
    /file p-1\.parquet: the stage wrote 17 rows but the warehouse loaded 16/,
  );
});

test('quarantined records that never reach etl_quarantine fail the window', () => {
  assert.throws(
    () =>
      reconcileWindow('w', tallies(), [
        loaded('conversations', 'c-1.parquet', 8),
        loaded('quarantine', 'q-1.parquet', 1),
      ]),
    /quarantine: validation rejected 2 records but the warehouse loaded 1 into etl_quarantine from q-1\.parquet \(1\)/,
  );
});

test('received records with no file at all are a mismatch, not a pass', () => {
  assert.throws(() => reconcileWindow('w', tallies(), []), /loaded 0 from no file/);
});
