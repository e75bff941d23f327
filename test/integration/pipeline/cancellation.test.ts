/**
 * One failed window stops the others cleanly: no window starts after it, a window still
 * extracting is abandoned (recorded interrupted, its open parts discarded), and the run returns
 * the original error only once every window has settled, so nothing runs against a closed
 * stage or warehouse. Real sandbox, SDK, stage and DuckDB; the stage fails for one window, as a
 * full disk would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoadError } from '../../../contract/errors.ts';
import { planWindows } from '../../../contract/window.ts';
import type { Stage } from '../../../load/stage.ts';
import { sandboxClient } from '../../../scripts/commands/sandbox-wiring.ts';
import { extractAndLoad } from '../../../scripts/commands/shared.ts';
import type { Progress } from '../../../scripts/progress.ts';
import { sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

const quiet: Progress = { update: () => undefined, log: () => undefined };
const failingWindow = '2026-11-02T06:00:00.000Z';

function diskFullFor(windowStart: string) {
  return (stage: Stage): Stage => ({
    ...stage,
    write: (stream, rows, lineage) =>
      lineage.windowStart === windowStart && stream === 'participants'
        ? Promise.reject(new LoadError(`No space left on device while staging ${stream}`))
        : stage.write(stream, rows, lineage),
  });
}

test(
  'a failed window stops the run: nothing starts after it and no window is left running',
  { timeout: 120_000 },
  async (t) => {
    const { sandbox, config } = await sandboxWorkspace(t, 'small');
    const windows = planWindows('2026-11-02T00:00:00Z', '2026-11-04T00:00:00Z', 6 * 3_600_000);
    assert.equal(windows.length, 8);

    await assert.rejects(
      extractAndLoad(config, {
        command: 'test',
        clients: [sandboxClient(config, sandbox, quiet, 0)],
        windows,
        pseudonymisationKey: 'cancellation-test-key',
        progress: quiet,
        jobPollMs: 10,
        parallel: 2,
        wrapStage: diskFullFor(failingWindow),
      }),
      (error: unknown) => error instanceof LoadError && error.message.includes('No space left on device'),
    );

    const rows = await queryRows(
      config.warehousePath,
      `select strftime(window_start at time zone 'UTC', '%Y-%m-%dT%H:%M:%S.%g') || 'Z' as window_start, status
     from etl_windows where stream = 'conversations' order by window_start`,
    );
    const status = new Map(rows.map((row) => [String(row['window_start']), String(row['status'])]));
    assert.equal(status.get(failingWindow), 'failed');
    assert.ok(![...status.values()].includes('running'), `no window left running: ${JSON.stringify(rows)}`);
    // Two at a time: windows 0 and 1 start together; after window 1 fails at most window 2 may
    // already have been handed out, and nothing later starts.
    for (const window of windows.slice(3)) assert.equal(status.get(window.start), undefined, window.start);
    assert.deepEqual(await queryRows(config.warehousePath, 'select status from etl_runs'), [{ status: 'failed' }]);
  },
);
