import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outOfMemoryNodes, readOutOfMemoryNodes } from '../../../scripts/dbt-results.ts';

/** The shape of dbt 1.12's run_results.json (trimmed), with DuckDB's message as dbt reports it. */
const runResults = {
  metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json' },
  results: [
    { unique_id: 'model.genesys_compliance.stg_genesys__segments', status: 'success', message: 'OK' },
    {
      unique_id: 'model.genesys_compliance.fct_recording_compliance',
      status: 'error',
      message:
        'Runtime Error in model fct_recording_compliance (models/marts/compliance/fct_recording_compliance.sql)\n' +
        '  Out of Memory Error: failed to pin block of size 256.0 KiB (121.9 MiB/122.0 MiB used)',
    },
    {
      unique_id: 'test.genesys_compliance.unique_fct_recording_compliance_id.c7ae88aca0',
      status: 'skipped',
      message: null,
    },
    {
      unique_id: 'test.genesys_compliance.not_null_stg_genesys__segments_segment_id.8fc5aab27d',
      status: 'fail',
      message: 'Got 3 results, configured to fail if != 0',
    },
    {
      unique_id: 'model.genesys_compliance.int_agent_sessions_summarised',
      status: 'error',
      message: 'Runtime Error in model int_agent_sessions_summarised\n  Binder Error: column "x" not found',
    },
  ],
  args: { which: 'build' },
};

test('the nodes that failed because DuckDB ran out of memory, and no others', () => {
  assert.deepEqual(outOfMemoryNodes(runResults), ['model.genesys_compliance.fct_recording_compliance']);
  assert.deepEqual(outOfMemoryNodes({ results: [] }), []);
  assert.deepEqual(outOfMemoryNodes({ unexpected: true }), []);
  assert.deepEqual(outOfMemoryNodes(null), []);
});

test('run_results.json counts only when written by this invocation, and only when it parses', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'run_results.json');
  assert.deepEqual(await readOutOfMemoryNodes(dir, 0), [], 'no file');
  await writeFile(path, JSON.stringify(runResults));
  assert.deepEqual(await readOutOfMemoryNodes(dir, Date.now() - 60_000), [
    'model.genesys_compliance.fct_recording_compliance',
  ]);
  // An earlier invocation's results (dbt failed before writing its own, e.g. parsing the project).
  const anHourAgo = new Date(Date.now() - 3_600_000);
  await utimes(path, anHourAgo, anHourAgo);
  assert.deepEqual(await readOutOfMemoryNodes(dir, Date.now() - 60_000), []);
  await writeFile(path, '{"results": [');
  assert.deepEqual(await readOutOfMemoryNodes(dir, 0), [], 'a file cut short');
});
