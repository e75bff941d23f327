import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoadError } from '../../../contract/errors.ts';
import { openDuckdbWarehouse } from '../../../load/duckdb/warehouse.ts';
import { createLocalStage } from '../../../load/local-stage.ts';
import { readManifest, manifestPath } from '../../../load/manifest.ts';
import type { FileLoad } from '../../../load/warehouse.ts';
import { conversationRow, lineage } from '../../helpers/stage-rows.ts';
import { queryRows } from '../../helpers/warehouse.ts';

/** Files loaded and skipped, and rows loaded per table, by one load call. */
function summarise(loads: readonly FileLoad[]) {
  const rowsByTable: Record<string, number> = {};
  for (const load of loads.filter((entry) => !entry.alreadyLoaded)) {
    rowsByTable[load.file.table] = (rowsByTable[load.file.table] ?? 0) + load.rowsLoaded;
  }
  const filesSkipped = loads.filter((entry) => entry.alreadyLoaded).length;
  return { filesLoaded: loads.length - filesSkipped, filesSkipped, rowsByTable };
}

async function stageSample(stageDir: string, runId: string, partRows?: number) {
  const stage = await createLocalStage({ stageDir, runId, ...(partRows === undefined ? {} : { partRows }) });
  await stage.write('conversations', [conversationRow('c1'), conversationRow('c2')], lineage);
  await stage.write('conversations', [conversationRow('c3')], lineage);
  await stage.write(
    'quarantine',
    [{ quarantine_id: 'q1', stream: 'conversations', record_key: 'c4', reason: 'bad', raw_payload: '{}' }],
    lineage,
  );
  return stage.finish();
}

test('rows are staged as Parquet with a manifest and loaded exactly once, with lineage', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const stageDir = join(dir, 'stage');
  const manifest = await stageSample(stageDir, 'run-1', 2);

  assert.equal(manifest.files.length, 3, 'two conversation parts (partRows 2) and one quarantine file');
  assert.deepEqual(await readManifest(manifestPath(stageDir, 'run-1')), manifest);
  assert.deepEqual(await readdir(join(stageDir, 'raw', 'conversations', 'dt=2026-11-02')), [
    'run-1-00001.parquet',
    'run-1-00002.parquet',
  ]);

  const path = join(dir, 'warehouse.duckdb');
  const warehouse = await openDuckdbWarehouse(path);
  try {
    const first = summarise(await warehouse.load('run-1', manifest.files));
    assert.deepEqual(first, {
      filesLoaded: 3,
      filesSkipped: 0,
      rowsByTable: { raw_genesys__conversations: 3, etl_quarantine: 1 },
    });
    const again = summarise(await warehouse.load('run-1', manifest.files));
    assert.deepEqual(again, { filesLoaded: 0, filesSkipped: 3, rowsByTable: {} });
  } finally {
    await warehouse.close();
  }
  {
    const rows = await queryRows(
      path,
      `select conversation_id, conversation_start, _run_id, _file_id, _window_start, length(_record_hash)::int as hash_length
       from raw_genesys__conversations order by conversation_id`,
    );
    assert.equal(rows.length, 3);
    assert.equal(rows[0]?.['_run_id'], 'run-1');
    assert.equal(rows[0]['_file_id'], 'raw/conversations/dt=2026-11-02/run-1-00001.parquet');
    assert.equal(rows[0]['hash_length'], 64);
    const types = await queryRows(
      path,
      `select column_name, data_type from information_schema.columns
       where table_name = 'raw_genesys__conversations' and column_name in ('conversation_start', 'media_stats_min_conversation_mos')
       order by column_name`,
    );
    assert.deepEqual(types, [
      { column_name: 'conversation_start', data_type: 'TIMESTAMP WITH TIME ZONE' },
      { column_name: 'media_stats_min_conversation_mos', data_type: 'DOUBLE' },
    ]);
  }
});

test('a staged file changed after staging is refused, and nothing of it is loaded', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const stageDir = join(dir, 'stage');
  const manifest = await stageSample(stageDir, 'run-2');
  const file = manifest.files[0];
  assert.ok(file);
  await appendFile(join(stageDir, file.path), 'tampered');
  const path = join(dir, 'warehouse.duckdb');
  const warehouse = await openDuckdbWarehouse(path);
  try {
    await assert.rejects(
      warehouse.load('run-2', manifest.files),
      (e: unknown) => e instanceof LoadError && e.message.includes('does not match its manifest'),
    );
  } finally {
    await warehouse.close();
  }
  assert.deepEqual(await queryRows(path, 'select count(*)::int as n from etl_files'), [{ n: 0 }]);
});

test('a second writer for the same run id never overwrites staged files', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const stageDir = join(dir, 'stage');
  await stageSample(stageDir, 'run-3');
  await assert.rejects(stageSample(stageDir, 'run-3'), /EEXIST|exists/);
});

test('a window discarded, or a stage aborted, with a write still in flight ends quietly and leaves no partial file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const stageDir = join(dir, 'stage');
  const partDir = join(stageDir, 'raw', 'conversations', 'dt=2026-11-02');
  const window = { start: lineage.windowStart, end: lineage.windowEnd };
  const stage = await createLocalStage({ stageDir, runId: 'run-4' });
  // The second write returns with its bytes still being written to the open file, as a window's
  // last batch does when SIGTERM abandons it: destroying the stream then failed that write, and
  // its unheard error event ended the process (a scheduler, 2026-12-03).
  const writeInFlight = async (): Promise<void> => {
    await stage.write('conversations', [conversationRow('c1')], lineage);
    await sleep(50);
    await stage.write('conversations', [conversationRow('c2')], lineage);
  };
  await writeInFlight();
  await stage.discardWindow(window);
  await sleep(100);
  assert.deepEqual(await readdir(partDir), []);
  await writeInFlight();
  await stage.abort();
  await sleep(100);
  assert.deepEqual(await readdir(partDir), []);
});

test('a part whose file cannot be written fails its window with a LoadError naming the file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const stageDir = join(dir, 'stage');
  const partDir = join(stageDir, 'raw', 'conversations', 'dt=2026-11-02');
  // The part's file exists already, so the stream cannot create it (flags 'wx').
  await mkdir(partDir, { recursive: true });
  const existing = join(partDir, 'run-5-00001.parquet.ndjson.partial');
  await writeFile(existing, "not the stage's");
  const stage = await createLocalStage({ stageDir, runId: 'run-5' });
  await stage.write('conversations', [conversationRow('c1')], lineage);
  await sleep(50);
  await assert.rejects(
    stage.closeWindow({ start: lineage.windowStart, end: lineage.windowEnd }),
    (error: unknown) =>
      error instanceof LoadError &&
      /Could not stage raw\/conversations\/dt=2026-11-02\/run-5-00001\.parquet: .*EEXIST/.test(error.message),
  );
  await stage.abort();
  assert.equal(await readFile(existing, 'utf8'), "not the stage's", 'a file the stage did not create is left alone');
});
