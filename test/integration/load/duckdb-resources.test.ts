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

test('a part ends when it reaches its byte bound, whatever its row count; a batch is never split', async (t) => {
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
  assert.deepEqual(
    bounded.map((file) => file.rowCount),
    [2, 2, 2],
  );
  const unbounded = await stageFiles();
  assert.deepEqual(
    unbounded.map((file) => file.rowCount),
    [6],
  );
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
