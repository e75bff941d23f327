import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { duckdbConfig } from '../../../load/duckdb/settings.ts';
import { openDuckdbWarehouse } from '../../../load/duckdb/warehouse.ts';
import { createLocalStage } from '../../../load/local-stage.ts';
import type { FileLoad } from '../../../load/warehouse.ts';
import { conversationRow, lineage } from '../../helpers/stage-rows.ts';

const padded = (chars: number): string => JSON.stringify({ padding: 'x'.repeat(chars) });
const rowCounts = (files: readonly { rowCount: number }[]): number[] => files.map((file) => file.rowCount);

test('DuckDB accepts the resource settings and reports them back', async () => {
  const instance = await DuckDBInstance.create(':memory:', duckdbConfig({ memoryLimit: '100MB', threads: 1 }));
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      `select current_setting('memory_limit') as memory_limit, current_setting('threads') as threads`,
    );
    const [row] = reader.getRowObjectsJson();
    assert.equal(typeof row?.['memory_limit'], 'string');
    assert.match(row?.['memory_limit'] as string, /^9\d(\.\d+)? MiB$/, '100 MB is about 95 MiB');
    assert.equal(Number(row?.['threads']), 1);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
});

test('the warehouse opens with explicit resources, and refuses a memory limit DuckDB cannot read', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const warehouse = await openDuckdbWarehouse(join(dir, 'warehouse.duckdb'), { memoryLimit: '128MB', threads: 1 });
  assert.equal((await warehouse.ledger.report()).lastRun, null);
  await warehouse.close();
  await assert.rejects(openDuckdbWarehouse(join(dir, 'other.duckdb'), { memoryLimit: 'plenty', threads: 1 }));
});

test('a part ends when it reaches its byte bound, whatever its row count', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const stageFiles = async (partBytes?: number) => {
    const stage = await createLocalStage({
      stageDir: join(dir, `stage-${partBytes ?? 'default'}`),
      runId: 'run-1',
      duckdb: { memoryLimit: '64MB', threads: 1 },
      ...(partBytes === undefined ? {} : { partBytes }),
    });
    for (let batch = 0; batch < 3; batch += 1) {
      await stage.write(
        'conversations',
        [conversationRow(`c${batch}a`, padded(4_000)), conversationRow(`c${batch}b`, padded(4_000))],
        lineage,
      );
    }
    return (await stage.finish()).files;
  };

  const bounded = await stageFiles(6_000);
  assert.deepEqual(rowCounts(bounded), [2, 2, 2]);
  const unbounded = await stageFiles();
  assert.deepEqual(rowCounts(unbounded), [6]);
});

test('parts of wide rows end at 16 MiB, even within a batch, and convert under the default memory limit', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const stageOne = async (name: string, count: number, payloadChars: number) => {
    // No `duckdb` resources: the stage's own instance has the defaults (96MB, 1 thread).
    const stage = await createLocalStage({ stageDir: join(dir, name), runId: 'run-1' });
    // Distinct payloads, as real ones are (DuckDB would write equal ones as one dictionary entry).
    const rows = Array.from({ length: count }, (_, index) =>
      conversationRow(`c${index}`, JSON.stringify({ id: index, padding: `${index}`.padEnd(payloadChars, 'x') })),
    );
    await stage.write('conversations', rows, lineage);
    return (await stage.finish()).files;
  };

  // One page of 1,000 conversations of about 38 KB (38 MB): as one part, DuckDB's chunk of 2,048
  // rows would have held all of it, and the conversion ran out of memory at 96MB.
  const wide = await stageOne('wide', 1_000, 38_000);
  assert.equal(
    rowCounts(wide).reduce((sum, rows) => sum + rows, 0),
    1_000,
  );
  assert.ok(wide.length >= 3, `38 MB in parts of at most 17 MiB, got ${wide.length} part(s)`);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  t.after(() => {
    connection.closeSync();
    instance.closeSync();
  });
  for (const file of wide) {
    assert.ok(file.rowCount * 38_000 <= 17 * 1024 ** 2, `${file.rowCount} rows in one part`);
    // The rows of a batch split over parts carry the file they are in.
    const reader = await connection.runAndReadAll(
      `select distinct _file_id from read_parquet('${join(dir, 'wide', file.fileId)}')`,
    );
    assert.deepEqual(reader.getRowObjectsJson(), [{ _file_id: file.fileId }]);
  }

  // Rows of 6 KB (the large scenario's conversations) keep the 64 MiB bound: 18 MB is one part.
  const narrow = await stageOne('narrow', 3_000, 6_000);
  assert.deepEqual(rowCounts(narrow), [3_000]);
});

test('a conversion that runs out of memory fails its part naming the setting to raise', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // DuckDB reads NDJSON through a 32 MiB buffer: 16MB cannot convert anything.
  const stage = await createLocalStage({ stageDir: dir, runId: 'run-1', duckdb: { memoryLimit: '16MB', threads: 1 } });
  await stage.write('conversations', [conversationRow('c1', padded(1_000))], lineage);
  await assert.rejects(stage.finish(), (error: Error) => {
    assert.match(
      error.message,
      /Could not stage raw\/conversations\/.*Out of Memory Error.*raise DUCKDB_MEMORY_LIMIT/s,
    );
    return true;
  });
});

test('the warehouse loads under its load memory limit and converts under its memory limit', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // Wide rows: a load needs several 256 KiB blocks, more than a tiny load limit allows.
  const wide = Array.from({ length: 40 }, (_, i) => conversationRow(`c${i}`, padded(100_000)));
  const stageAndLoad = async (loadMemoryLimit: string, name: string): Promise<number> => {
    const warehouse = await openDuckdbWarehouse(join(dir, `${name}.duckdb`), {
      memoryLimit: '64MB',
      threads: 1,
      loadMemoryLimit,
    });
    try {
      const stageFiles = async (runId: string) => {
        const stage = await createLocalStage({
          stageDir: join(dir, name, runId),
          runId,
          converter: warehouse.parquetConverter,
        });
        await stage.write('conversations', wide, lineage);
        return (await stage.finish()).files;
      };
      const first = await stageFiles('run-1');
      let loads: FileLoad[];
      try {
        loads = await warehouse.load('run-1', first);
      } catch (error) {
        // The conversion that follows a failed load runs under the memory limit again.
        assert.equal((await stageFiles('run-2')).length, 1, 'a conversion after the load still works');
        throw error;
      }
      return loads.reduce((sum, load) => sum + load.rowsLoaded, 0);
    } finally {
      await warehouse.close();
    }
  };
  assert.equal(await stageAndLoad('64MB', 'roomy'), 40);
  await assert.rejects(stageAndLoad('256KB', 'tight'), /Out of Memory/i);
});

test('past its reopen threshold the warehouse reopens its instance between files; loads, conversions and the ledger go on whole', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'warehouse.duckdb');
  const loaded: unknown[] = [];
  // One byte: reopened after every file.
  const warehouse = await openDuckdbWarehouse(path, {
    memoryLimit: '64MB',
    threads: 1,
    loadMemoryLimit: '48MB',
    reopenAfterBytes: 1,
  });
  const stageFiles = async (runId: string, prefix: string) => {
    const stage = await createLocalStage({
      stageDir: join(dir, 'stage', runId),
      runId,
      converter: warehouse.parquetConverter,
      partBytes: 20_000,
    });
    for (let batch = 0; batch < 5; batch += 1) {
      await stage.write(
        'conversations',
        [conversationRow(`${prefix}${batch}a`, padded(8_000)), conversationRow(`${prefix}${batch}b`, padded(8_000))],
        lineage,
      );
    }
    return (await stage.finish()).files;
  };
  try {
    const first = await stageFiles('run-1', 'a');
    assert.ok(first.length >= 3, `several parts, got ${first.length}`);
    const loads = await warehouse.load('run-1', first);
    assert.deepEqual(
      loads.map((load) => [load.rowsLoaded, load.alreadyLoaded]),
      first.map((file) => [file.rowCount, false]),
    );
    // The files loaded before a reopen are known to the instance after it.
    const again = await warehouse.load('run-1', first);
    assert.ok(again.every((load) => load.alreadyLoaded));
    // Conversions, loads and the ledger run on the reopened instance.
    const second = await stageFiles('run-2', 'b');
    await warehouse.load('run-2', second);
    loaded.push(...first, ...second);
    await warehouse.ledger.recordWindows(
      [
        {
          runId: 'run-2',
          stream: 'conversations',
          windowStart: lineage.windowStart,
          windowEnd: lineage.windowEnd,
          status: 'succeeded',
          received: 10,
          loaded: 10,
          quarantined: 0,
          apiCalls: 1,
          dataAvailabilityDate: lineage.windowEnd,
          startedAt: lineage.extractedAt,
        },
      ],
      [],
    );
    const stream = (await warehouse.ledger.report()).streams.find((entry) => entry.stream === 'conversations');
    assert.equal(stream?.windows.succeeded, 1);
    assert.equal(stream.lastLoadedWindowEnd, lineage.windowEnd);
  } finally {
    await warehouse.close();
  }
  // Counted by an instance of its own: every row once.
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      'select count(*) as n, count(distinct conversation_id) as ids from raw_genesys__conversations',
    );
    assert.deepEqual(reader.getRowObjectsJson(), [{ n: '20', ids: '20' }]);
    // No vacuum: the checkpoints of the reopens left each file's rows in a row group of its own
    // rather than merging them (rewriting rows already written, at every close).
    const groups = await connection.runAndReadAll(
      `select count(distinct row_group_id) as n from pragma_storage_info('raw_genesys__conversations')`,
    );
    assert.equal(Number(groups.getRowObjectsJson()[0]?.['n']), loaded.length);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
});
