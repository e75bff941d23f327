/**
 * Reconciliation can fail: a stage that loses one row on its way to the warehouse (a bug in a
 * writer, a truncated part) makes the window's counts disagree, and the run fails with the
 * counts and the file named, records the window as failed and keeps nothing of it as done.
 * The stage, the warehouse, the sandbox and the SDK are all real; only one row goes missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReconciliationError } from '../../../contract/errors.ts';
import type { Stage } from '../../../load/stage.ts';
import { sandboxClient, scenarioWindows } from '../../../scripts/commands/sandbox-wiring.ts';
import { extractAndLoad } from '../../../scripts/commands/shared.ts';
import type { Progress } from '../../../scripts/progress.ts';
import { sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

const quiet: Progress = { update: () => undefined, log: () => undefined };

/** The real stage, except that the first conversation row written for a window never reaches a file. */
function losingOneConversation(stage: Stage): Stage {
  let dropped = false;
  return {
    ...stage,
    uri: stage.uri,
    write: (stream, rows, lineage) => {
      if (stream === 'conversations' && !dropped && rows.length > 0 && lineage.windowStart !== null) {
        dropped = true;
        return stage.write(stream, rows.slice(1), lineage);
      }
      return stage.write(stream, rows, lineage);
    },
  };
}

test(
  'a window whose loaded rows fall short of what the API returned fails the run',
  { timeout: 120_000 },
  async (t) => {
    const { scenario, sandbox, config } = await sandboxWorkspace(t, 'small');
    const run = extractAndLoad(config, {
      command: 'test',
      clients: [sandboxClient(config, sandbox, quiet, 0)],
      windows: scenarioWindows(scenario, 1),
      pseudonymisationKey: 'reconciliation-test-key',
      progress: quiet,
      jobPollMs: 10,
      wrapStage: losingOneConversation,
    });
    await assert.rejects(run, (error: unknown) => {
      assert.ok(error instanceof ReconciliationError, String(error));
      assert.match(error.message, /Window 2026-11-02T00:00:00\.000Z → 2026-11-03T00:00:00\.000Z does not reconcile/);
      // The API's count, validation's count and the warehouse's count, and the file it loaded from.
      const numbers =
        /stream conversations: the API returned (\d+) records and validation quarantined (\d+), so (\d+) rows were due, but the warehouse loaded (\d+) from raw\/conversations\/dt=2026-11-02\/[\w-]+\.parquet/.exec(
          error.message,
        );
      assert.ok(numbers, error.message);
      const [received, quarantined, due, loaded] = numbers.slice(1).map(Number) as [number, number, number, number];
      assert.equal(due, received - quarantined);
      assert.equal(loaded, due - 1);
      return true;
    });

    const windows = await queryRows(
      config.warehousePath,
      `select stream, status, error_message like '%does not reconcile%' as explained from etl_windows`,
    );
    assert.deepEqual(windows, [{ stream: 'conversations', status: 'failed', explained: true }]);
    const runs = await queryRows(config.warehousePath, 'select status from etl_runs');
    assert.deepEqual(runs, [{ status: 'failed' }]);
  },
);
