import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Row } from '../../../contract/tables.ts';
import { duckdbConfig } from '../../../load/duckdb/settings.ts';
import { openDuckdbWarehouse } from '../../../load/duckdb/warehouse.ts';
import { createLocalStage } from '../../../load/local-stage.ts';

const lineage = {
  extractedAt: '2026-11-03T01:00:00.000Z',
  windowStart: '2026-11-02T00:00:00.000Z',
  windowEnd: '2026-11-03T00:00:00.000Z',
};

const conversation = (id: string, payloadChars: number): Row<'conversations'> => ({
  conversation_id: id,
  conversation_start: '2026-11-02T09:00:00.000Z',
  conversation_end: null,
  originating_direction: 'inbound',
  division_ids: '["d1"]',
  external_tag: null,
  media_stats_min_conversation_mos: 4.2,
  raw_payload: JSON.stringify({ padding: 'x'.repeat(payloadChars) }),
});

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
        [conversation(`c${batch}a`, 4_000), conversation(`c${batch}b`, 4_000)],
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
