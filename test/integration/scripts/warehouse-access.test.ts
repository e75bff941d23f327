/**
 * The process's warehouse access (scripts/warehouse-access.ts) over a real DuckDB file, as a
 * scheduler uses it beside its background backfill: dbt's exclusive access waits for the backfill
 * window in flight (never half-loaded), the file is closed while dbt runs (another instance, as
 * dbt is, opens it), and the backfill's next window waits for dbt instead of starving it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { openDuckdbWarehouse } from '../../../load/duckdb/warehouse.ts';
import { warehouseAccess } from '../../../scripts/warehouse-access.ts';

test('dbt waits for the backfill window in flight; the next window waits for dbt; the file is closed for dbt', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-access-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'warehouse.duckdb');
  const access = warehouseAccess(() => openDuckdbWarehouse(path));
  const events: string[] = [];
  let commit: () => void = () => undefined;
  const committed = new Promise<void>((resolve) => {
    commit = resolve;
  });

  // The backfill: window 1 holds the warehouse until it commits, then window 2 starts right away.
  const backfill = (async () => {
    await access.use(async (warehouse) => {
      events.push('window 1 started');
      await committed;
      await warehouse.ledger.setStreamState('window 1', 'loaded');
      events.push('window 1 committed');
    });
    await access.use(async (warehouse) => {
      events.push(`window 2 started (window 1 ${(await warehouse.ledger.streamState('window 1')) ?? 'missing'})`);
    });
  })();
  while (events.length === 0) await sleep(10);

  // A tick's dbt build asks for the file meanwhile.
  const dbt = access.exclusive(async () => {
    events.push('dbt started');
    // dbt opens the file in a process of its own: possible only once this process has closed it.
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    const state = (
      await connection.runAndReadAll(`select state from etl_stream_state where key = 'window 1'`)
    ).getRowObjectsJS();
    connection.closeSync();
    instance.closeSync();
    const loaded = state[0]?.['state'];
    events.push(`dbt done (window 1 ${typeof loaded === 'string' ? loaded : 'missing'})`);
  });
  await sleep(200);
  assert.deepEqual(events, ['window 1 started'], 'dbt waits for the window in flight');
  commit();
  await Promise.all([backfill, dbt]);
  assert.deepEqual(events, [
    'window 1 started',
    'window 1 committed',
    'dbt started',
    'dbt done (window 1 loaded)',
    'window 2 started (window 1 loaded)',
  ]);
});
