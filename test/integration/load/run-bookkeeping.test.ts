/** etl_runs bookkeeping in the DuckDB warehouse. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckdbWarehouse } from '../../../load/duckdb/warehouse.ts';
import { queryRows } from '../../helpers/warehouse.ts';

test('a run left running by a killed process is marked interrupted when the next run starts', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-runs-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'warehouse.duckdb');
  const run = (runId: string) => ({ runId, command: 'backfill', windowStart: null, windowEnd: null });
  const outcome = { received: 0, loaded: 0, quarantined: 0, apiRequests: 0 };

  const first = await openDuckdbWarehouse(path);
  await first.ledger.startRun(run('earlier'));
  await first.ledger.finishRun('earlier', { ...outcome, status: 'failed', errorMessage: 'HTTP 400' });
  await first.ledger.startRun(run('killed'));
  await first.close(); // as if the process died here: 'killed' never finishes

  const next = await openDuckdbWarehouse(path);
  await next.ledger.startRun(run('next'));
  await next.close();
  assert.deepEqual(await queryRows(path, 'select run_id, status, error_message from etl_runs order by run_id'), [
    { run_id: 'earlier', status: 'failed', error_message: 'HTTP 400' },
    {
      run_id: 'killed',
      status: 'interrupted',
      error_message: 'the process ended before the run finished (killed or crashed); the windows it finished are kept',
    },
    { run_id: 'next', status: 'running', error_message: null },
  ]);
});
