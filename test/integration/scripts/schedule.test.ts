/**
 * `genesys-etl schedule` as a process against the sandbox, with a cron firing every 2 seconds:
 * - a second scheduler and a manual run are refused while one holds the warehouse (exit 4);
 * - SIGTERM in the middle of the first (long) tick lets the windows being committed finish and
 *   exits 0: the ledger holds no running window, the raw tables hold exactly the rows of the
 *   files the ledger lists as loaded, and the lease is given up;
 * - the next scheduler catches up from the ledger, its slow first tick makes the ticks firing
 *   meanwhile skip, and its ticks never overlap (etl_runs);
 * - a scheduler killed with SIGKILL leaves its lease; its process on this host being gone, the
 *   next scheduler takes the lease over at once (a holder on another host is waited out until
 *   LEASE_TTL: test/integration/load/ledger.test.ts checks expiry and take-over).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { killGroup, startCli, type CliProcess } from '../../helpers/cli-process.ts';
import { assertCommittedWhole } from '../../helpers/committed-whole.ts';
import { sandboxEnv } from '../../helpers/sandbox-env.ts';
import { sandboxWorkspace, type SandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

const from = '2026-11-02';
const dayMs = 86_400_000;

function start(workspace: SandboxWorkspace, args: readonly string[], overrides: Record<string, string>): CliProcess {
  return startCli(
    workspace.dir,
    args,
    sandboxEnv(workspace.sandbox, join(workspace.dir, 'data'), {
      SCHEDULE_CRON: '*/2 * * * * *',
      LEASE_TTL: 'PT4S',
      SCHEDULE_RETRY_DELAY: 'PT1S',
      GENESYS_JOB_PAGE_SIZE: '20',
      // Slow enough that the first tick (a month of daily windows) takes several seconds.
      GENESYS_REQUESTS_PER_MINUTE: '1200',
      ...overrides,
    }),
  );
}

const scheduleArgs = ['schedule', '--from', from, '--window', 'P1D', '--skip-dbt'];

test(
  'schedule: lease, graceful SIGTERM, catch-up, no overlap, expired lease taken over',
  { timeout: 600_000 },
  async (t) => {
    const workspace = await sandboxWorkspace(t, 'small');
    const warehouse = join(workspace.dir, 'data', 'warehouse.duckdb');
    const alive: CliProcess[] = [];
    t.after(() => {
      for (const proc of alive) killGroup(proc, 'SIGKILL');
    });
    let overrides: Record<string, string> = {};
    const launch = (args: readonly string[]): CliProcess => {
      const proc = start(workspace, args, overrides);
      alive.push(proc);
      return proc;
    };

    // 1. The first scheduler's first tick extracts a month of daily windows.
    const first = launch(scheduleArgs);
    const holderA = (await first.waitFor(/holding the warehouse lease as (schedule@\S+)/))[1];
    const requestsAt = workspace.sandbox.stats().requests;
    while (workspace.sandbox.stats().requests - requestsAt < 40) await sleep(50);

    // A second scheduler and a manual run are refused while the first works.
    const second = launch(scheduleArgs);
    const manual = launch(['run', '--from', from, '--to', '2026-11-03', '--skip-dbt']);
    assert.equal(await second.exited, 4, second.output());
    assert.equal(await manual.exited, 4, manual.output());
    for (const refused of [second, manual]) {
      assert.match(
        refused.output(),
        /LeaseHeldError: The warehouse .* (is open in another process|is in use: schedule@)/,
      );
    }
    assert.doesNotMatch(first.output(), /tick 1 (succeeded|failed)/, 'the first tick is still running');

    // 2. SIGTERM mid-tick (the tick takes about 1,000 requests; after 400 its first windows are in):
    // committing windows finish, the lease is given up, exit 0.
    while (workspace.sandbox.stats().requests - requestsAt < 400) await sleep(50);
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0, first.output());
    assert.match(first.output(), /tick 1 interrupted after/);
    assert.match(first.output(), /stopped: the lease is released/);
    await assertCommittedWhole(warehouse);
    assert.deepEqual(await queryRows(warehouse, 'select * from etl_leases'), []);
    assert.deepEqual(
      (await queryRows(warehouse, 'select status from etl_runs')).map((row) => row['status']),
      ['interrupted'],
    );
    const [kept] = await queryRows(
      warehouse,
      `select count(*) as windows, epoch_ms(max(window_end)) as last_end from etl_windows
     where stream = 'conversations' and status = 'succeeded'`,
    );
    const keptWindows = Number(kept?.['windows']);
    assert.ok(keptWindows >= 1 && keptWindows < 29, `some windows were kept: ${keptWindows}`);

    // 3. The next scheduler catches up from the ledger; ticks never overlap. (No rate limit from here on.)
    overrides = { GENESYS_REQUESTS_PER_MINUTE: '0' };
    const third = launch(scheduleArgs);
    const holderC = (await third.waitFor(/holding the warehouse lease as (schedule@\S+)/))[1];
    await third.waitFor(/tick \d+ succeeded[^\n]*\n(?:[^\n]*\n)*?[^\n]*tick \d+ succeeded/, 180_000);
    await third.waitFor(/tick \d+ skipped: tick \d+ is still running/);
    // Another scheduler meanwhile is refused by the live lease (or the file the tick holds).
    const fourth = launch(scheduleArgs);
    assert.equal(await fourth.exited, 4, fourth.output());
    killGroup(third, 'SIGKILL');
    await third.exited;

    const runs = await queryRows(
      warehouse,
      `select epoch_ms(started_at) as started, epoch_ms(finished_at) as finished, epoch_ms(window_start) as window_start
     from etl_runs order by started_at`,
    );
    // Runs: the interrupted one, then the third scheduler's ticks (the last may have died with it).
    const ticks = runs.slice(1);
    assert.ok(ticks.length >= 2, JSON.stringify(runs));
    // The first tick continued from the last completed window minus the 48 h look-back, not from --from.
    assert.equal(Number(ticks[0]?.['window_start']), Number(kept?.['last_end']) - 2 * dayMs);
    for (let i = 1; i < ticks.length; i += 1) {
      assert.ok(
        Number(ticks[i]?.['started']) >= Number(ticks[i - 1]?.['finished']),
        `tick runs overlap: ${JSON.stringify(ticks)}`,
      );
    }

    // 4. The killed scheduler's process is gone from this host: the next one takes its lease at once.
    const late = launch(scheduleArgs);
    await late.waitFor(
      new RegExp(
        `took over the lease of ${holderC?.replaceAll('.', '\\.') ?? ''}, whose process on this host no longer exists`,
      ),
    );
    // Its first tick marks the killed scheduler's window, left running, interrupted (ledger startRun).
    await late.waitFor(/tick \d+ succeeded/, 180_000);
    late.child.kill('SIGTERM');
    assert.equal(await late.exited, 0, late.output());
    await assertCommittedWhole(warehouse);
    assert.notEqual(holderA, holderC);
  },
);
