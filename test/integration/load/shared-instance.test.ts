import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Row } from '../../../contract/tables.ts';
import { openDuckdbWarehouse } from '../../../load/duckdb/warehouse.ts';
import { createLocalStage } from '../../../load/local-stage.ts';
import type { Lineage } from '../../../load/stage.ts';
import { conversationRow, lineage } from '../../helpers/stage-rows.ts';
import { queryRows } from '../../helpers/warehouse.ts';

/** Every row of the Parquet files, read by an instance of the test's own (business columns only). */
async function parquetRows(paths: readonly string[]): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const list = paths.map((path) => `'${path}'`).join(', ');
    return (
      await connection.runAndReadAll(
        `select * exclude (_run_id, _file_id, _extracted_at) from read_parquet([${list}]) order by all`,
      )
    ).getRowObjectsJson();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const rows = [conversationRow('c1'), conversationRow('c2', '{"a":1}'), conversationRow('c3')];

test('a stage converting in the warehouse instance writes the same Parquet as one with its own, and leaves the warehouse open', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const warehousePath = join(dir, 'warehouse.duckdb');
  const warehouse = await openDuckdbWarehouse(warehousePath, { memoryLimit: '64MB', threads: 1 });
  let loaded: number;
  try {
    let conversions = 0;
    const lent = await createLocalStage({
      stageDir: join(dir, 'lent'),
      runId: 'run-1',
      partRows: 2,
      converter: {
        convert: (part) => {
          conversions += 1;
          return warehouse.parquetConverter.convert(part);
        },
      },
    });
    await lent.write('conversations', rows, lineage);
    const lentFiles = (await lent.finish()).files;
    const own = await createLocalStage({ stageDir: join(dir, 'own'), runId: 'run-1', partRows: 2 });
    await own.write('conversations', rows, lineage);
    const ownFiles = (await own.finish()).files;

    assert.equal(conversions, 1, 'the part was converted by the lent converter');
    assert.deepEqual(
      lentFiles.map((file) => file.rowCount),
      [3],
      'a write is never split: the part closes after it',
    );
    const contents = await parquetRows(lentFiles.map((file) => join(dir, 'lent', file.path)));
    assert.deepEqual(contents, await parquetRows(ownFiles.map((file) => join(dir, 'own', file.path))));
    assert.deepEqual(
      contents.map((row) => row['conversation_id']),
      ['c1', 'c2', 'c3'],
    );

    // finish() did not close the warehouse's instance: it still loads.
    const loads = await warehouse.load('run-1', lentFiles);
    loaded = loads.reduce((sum, load) => sum + load.rowsLoaded, 0);
  } finally {
    await warehouse.close();
  }
  assert.equal(loaded, 3);
  assert.deepEqual(await queryRows(warehousePath, 'select count(*)::int as n from raw_genesys__conversations'), [
    { n: 3 },
  ]);
});

const recording = (id: string, conversationId: string, fileState: string): Row<'recordings'> => ({
  recording_id: id,
  conversation_id: conversationId,
  session_id: 's',
  media: 'audio',
  media_subtype: null,
  file_state: fileState,
  archive_medium: null,
  region: null,
  start_time: '2026-11-02T09:00:00.000Z',
  end_time: '2026-11-02T09:05:00.000Z',
  archive_date: null,
  delete_date: null,
  export_date: null,
  exported_date: null,
  raw_payload: '{}',
});

test('unsettled conversations are those whose latest observation of some recording is UPLOADING or RESTORING', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const warehouse = await openDuckdbWarehouse(join(dir, 'warehouse.duckdb'), { memoryLimit: '64MB', threads: 1 });
  try {
    const observe = async (runId: string, extractedAt: string, observed: Row<'recordings'>[]): Promise<void> => {
      const stage = await createLocalStage({
        stageDir: join(dir, 'stage'),
        runId,
        converter: warehouse.parquetConverter,
      });
      const at: Lineage = { ...lineage, extractedAt };
      await stage.write('recordings', observed, at);
      await warehouse.load(runId, (await stage.finish()).files);
    };
    await observe('run-1', '2026-11-03T01:00:00.000Z', [
      recording('r1', 'settled-later', 'UPLOADING'),
      recording('r2', 'still-uploading', 'UPLOADING'),
      recording('r3', 'always-available', 'AVAILABLE'),
      recording('r4', 'restoring-now', 'ARCHIVED'),
      recording('r5', 'one-of-two', 'AVAILABLE'),
    ]);
    await observe('run-2', '2026-11-04T01:00:00.000Z', [
      recording('r1', 'settled-later', 'AVAILABLE'),
      recording('r4', 'restoring-now', 'RESTORING'),
      recording('r6', 'one-of-two', 'UPLOADING'),
    ]);
    assert.deepEqual(await warehouse.unsettledConversationIds(), ['one-of-two', 'restoring-now', 'still-uploading']);
  } finally {
    await warehouse.close();
  }
});
