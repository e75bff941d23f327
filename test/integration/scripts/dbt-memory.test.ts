import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DbtError } from '../../../contract/errors.ts';
import { runDbt } from '../../../scripts/dbt.ts';
import { extractScenario, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';

test('dbt running out of memory with 2 threads is retried with 1; still out of memory, the error names the setting to raise', async (t) => {
  const workspace = await sandboxWorkspace(t, 'small');
  await extractScenario(workspace);
  const logged: string[] = [];
  const build = (memoryLimit: string): Promise<void> =>
    runDbt(['build', '--select', '+stg_genesys__segments'], {
      warehousePath: workspace.config.warehousePath,
      duckdb: { memoryLimit, threads: 2 },
      progress: { update: () => undefined, log: (line) => logged.push(line) },
    });

  // So little memory that the staging fails with any number of threads: the retry runs, with 1.
  await assert.rejects(build('8MB'), (error: unknown) => {
    assert.ok(error instanceof DbtError, String(error));
    assert.match(error.message, /Out of Memory Error/);
    assert.match(
      error.message,
      /DuckDB ran out of memory at DBT_DUCKDB_MEMORY_LIMIT 8MB with 1 thread\(s\): raise DBT_DUCKDB_MEMORY_LIMIT [^\n]*\.$/,
    );
    return true;
  });
  assert.equal(logged.length, 1, logged.join('\n'));
  assert.match(
    logged[0] ?? '',
    /^dbt: [\w.]+(, [\w.]+)* ran out of memory \(DBT_DUCKDB_MEMORY_LIMIT 8MB shared by 2 threads\); dbt retry runs what failed/,
  );

  // Enough memory: one invocation, nothing retried.
  logged.length = 0;
  await build('512MB');
  assert.deepEqual(logged.length, 1);
  assert.match(logged[0] ?? '', /^dbt build --select \+stg_genesys__segments: \d+ nodes passed$/);
});
