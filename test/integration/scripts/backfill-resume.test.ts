/**
 * A backfill killed with SIGKILL at random points and rerun ends with the same warehouse
 * contents as an uninterrupted one: the same entities with the same content, nothing missing.
 * (Raw tables may hold extra observations of a window that was in flight; staging keeps the
 * latest observation per key, so the marts are unaffected.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { loadScenario, startSandbox, type Sandbox } from '../../../sandbox/index.ts';
import { projectRoot } from '../../../scripts/config.ts';
import { tables } from '../../../contract/tables.ts';
import { sandboxEnv } from '../../helpers/sandbox-env.ts';
import { queryColumn, queryRows } from '../../helpers/warehouse.ts';

const cli = join(projectRoot, 'scripts', 'cli.ts');
const range = ['--from', '2026-11-02', '--to', '2026-11-04', '--window', 'PT6H', '--parallel', '2', '--skip-dbt'];

function backfill(
  sandbox: Sandbox,
  dir: string,
  killAfterMs?: number,
): Promise<{ code: number | null; signal: string | null }> {
  const child = spawn(process.execPath, [cli, 'backfill', ...range], {
    cwd: dir,
    env: {
      PATH: process.env['PATH'],
      HOME: dir,
      ...sandboxEnv(sandbox, join(dir, 'data'), { GENESYS_JOB_PAGE_SIZE: '50' }),
    },
    stdio: 'ignore',
  });
  if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs).unref();
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      resolve({ code, signal });
    }),
  );
}

/** Per raw table, the distinct (key, content hash) pairs. */
async function contents(warehousePath: string): Promise<Record<string, string[]>> {
  const instance = await DuckDBInstance.create(warehousePath, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const result: Record<string, string[]> = {};
    for (const [stream, definition] of Object.entries(tables)) {
      const key = definition.key.map((column) => `coalesce(cast(${column} as varchar), '')`).join(` || '|' || `);
      // Rows that carry the time of their own check are compared by key and value, not by hash.
      const content =
        stream === 'recording_reads'
          ? key
          : stream === 'deletion_protection'
            ? `${key} || '|' || cast(is_protected as varchar)`
            : `${key} || '|' || _record_hash`;
      const rows = await connection.runAndReadAll(
        `select distinct ${content} as k from ${definition.table} order by 1`,
      );
      result[definition.table] = rows.getRowObjectsJson().map((row) => row['k'] as string);
    }
    return result;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

test(
  'a backfill killed at random points resumes to the same warehouse as an uninterrupted one',
  { timeout: 240_000 },
  async (t) => {
    const scenario = await loadScenario('small');
    const sandbox = await startSandbox({ scenario });
    const reference = await mkdtemp(join(tmpdir(), 'genesys-etl-reference-'));
    const interrupted = await mkdtemp(join(tmpdir(), 'genesys-etl-interrupted-'));
    t.after(async () => {
      await sandbox.close();
      await rm(reference, { recursive: true, force: true });
      await rm(interrupted, { recursive: true, force: true });
    });

    const started = Date.now();
    assert.deepEqual(await backfill(sandbox, reference), { code: 0, signal: null });
    const fullRunMs = Date.now() - started;

    const kills: number[] = [];
    let killed = 0;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      // Within the first half of a full run's time, so the process is still at work when killed.
      const delay = Math.round(150 + Math.random() * Math.max(100, fullRunMs / 2 - 150));
      const outcome = await backfill(sandbox, interrupted, delay);
      kills.push(delay);
      if (outcome.signal === 'SIGKILL') killed += 1;
      if (outcome.signal === null) {
        assert.equal(outcome.code, 0, `a run that was not killed must succeed (kills at ${kills.join(', ')} ms)`);
        break;
      }
    }
    assert.ok(
      killed > 0,
      `at least one run must really be killed (full run ${fullRunMs} ms, kills at ${kills.join(', ')} ms)`,
    );
    assert.deepEqual(await backfill(sandbox, interrupted), { code: 0, signal: null });

    const statuses = await queryColumn(
      join(interrupted, 'data', 'warehouse.duckdb'),
      'select distinct status from etl_runs order by 1',
    );
    // A run killed after it registered is marked interrupted by the next one; none stays running.
    assert.ok(
      statuses.includes('succeeded') && statuses.every((status) => ['interrupted', 'succeeded'].includes(status)),
      statuses.join(),
    );

    // Every file present in a raw table is recorded once in etl_files, with exactly the rows it
    // holds: none loaded twice, none half-loaded (as test/integration/scripts/bigquery-resume.test.ts checks on BigQuery).
    const warehouse = join(interrupted, 'data', 'warehouse.duckdb');
    assert.deepEqual(await queryRows(warehouse, 'select file_id from etl_files group by 1 having count(*) > 1'), []);
    const recorded = new Map(
      (await queryRows(warehouse, 'select file_id, row_count from etl_files')).map((row) => [
        String(row['file_id']),
        Number(row['row_count']),
      ]),
    );
    let files = 0;
    for (const definition of Object.values(tables)) {
      for (const row of await queryRows(
        warehouse,
        `select _file_id, count(*) as n from ${definition.table} group by 1`,
      )) {
        assert.equal(
          Number(row['n']),
          recorded.get(String(row['_file_id'])),
          `${definition.table}: ${String(row['_file_id'])}`,
        );
        files += 1;
      }
    }
    assert.equal(files, recorded.size, 'every recorded file has its rows in its table');

    const expected = await contents(join(reference, 'data', 'warehouse.duckdb'));
    const actual = await contents(join(interrupted, 'data', 'warehouse.duckdb'));
    assert.ok((expected['raw_genesys__conversations']?.length ?? 0) > 250, 'the reference run extracted the scenario');
    for (const table of Object.keys(expected)) {
      assert.deepEqual(actual[table], expected[table], `${table} differs after kills at ${kills.join(', ')} ms`);
    }
  },
);
