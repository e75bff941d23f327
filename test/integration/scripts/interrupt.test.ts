/**
 * Ctrl-C during a backfill: windows being committed finish, the others are abandoned; the CLI
 * exits 130 with the resume hint, the ledger holds the run as interrupted and no window as
 * running, and the same command then resumes and completes every window.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { planWindows, windowKey } from '../../../contract/window.ts';
import { projectRoot } from '../../../scripts/config.ts';
import { sandboxEnv } from '../../helpers/sandbox-env.ts';
import { sandboxWorkspace, type SandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

const cli = join(projectRoot, 'scripts', 'cli.ts');
const from = '2026-11-02T00:00:00Z';
const to = '2026-11-04T00:00:00Z';

/**
 * Runs the backfill; with `interruptAfterRequests`, sends SIGINT once the sandbox has answered
 * that many API requests. The range takes about 520 requests and the client is held to 3,000 a
 * minute, so counting requests (not wall time, which a loaded machine spends on start-up) puts
 * the interrupt mid-run whatever the machine.
 */
function backfill(
  workspace: SandboxWorkspace,
  interruptAfterRequests?: number,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    [cli, 'backfill', '--from', from, '--to', to, '--window', 'PT6H', '--parallel', '2', '--skip-dbt'],
    {
      cwd: workspace.dir,
      env: {
        PATH: process.env['PATH'],
        HOME: workspace.dir,
        ...sandboxEnv(workspace.sandbox, join(workspace.dir, 'data'), {
          GENESYS_JOB_PAGE_SIZE: '20',
          GENESYS_REQUESTS_PER_MINUTE: '3000',
        }),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const before = workspace.sandbox.stats().requests;
  const watch =
    interruptAfterRequests === undefined
      ? undefined
      : setInterval(() => {
          if (workspace.sandbox.stats().requests - before < interruptAfterRequests) return;
          clearInterval(watch);
          child.kill('SIGINT');
        }, 20);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearInterval(watch);
      resolve({ code, stderr });
    }),
  );
}

test(
  'Ctrl-C keeps finished windows, abandons the rest cleanly, exits 130, and the same command resumes',
  {
    timeout: 180_000,
  },
  async (t) => {
    const workspace = await sandboxWorkspace(t, 'small');
    const warehouse = join(workspace.dir, 'data', 'warehouse.duckdb');
    const windows = planWindows(from, to, 6 * 3_600_000);

    const interrupted = await backfill(workspace, 300);
    assert.equal(interrupted.code, 130, interrupted.stderr);
    assert.match(interrupted.stderr, /run the same command again to resume/);

    const ledger = async () =>
      queryRows(
        warehouse,
        `select strftime(window_start at time zone 'UTC', '%Y-%m-%dT%H:%M:%S.%g') || 'Z|' ||
              strftime(window_end at time zone 'UTC', '%Y-%m-%dT%H:%M:%S.%g') || 'Z' as window_key, run_id, status
       from etl_windows where stream = 'conversations'`,
      );
    const first = await ledger();
    assert.deepEqual(await queryRows(warehouse, 'select status from etl_runs'), [{ status: 'interrupted' }]);
    assert.ok(!first.some((row) => row['status'] === 'running'), JSON.stringify(first));
    const kept = first.filter((row) => row['status'] === 'succeeded');
    assert.ok(
      kept.length >= 2 && kept.length < windows.length,
      `some, not all, windows finished: ${JSON.stringify(first)}`,
    );

    const resumed = await backfill(workspace);
    assert.equal(resumed.code, 0, resumed.stderr);
    const finalRows = await ledger();
    const done = new Set(finalRows.filter((row) => row['status'] === 'succeeded').map((row) => row['window_key']));
    assert.deepEqual([...done].sort(), windows.map(windowKey).sort());
    // The resumed run skipped what the interrupted one finished.
    const secondRun = finalRows.filter((row) => row['run_id'] !== first[0]?.['run_id']);
    assert.equal(secondRun.length, windows.length - kept.length);
  },
);
