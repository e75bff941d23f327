/**
 * The scheduler's background backfill (scripts/schedule/backfill.ts) when a window fails, against
 * the sandbox and a real DuckDB file: a failed detail job is retried and the window done on the
 * next attempt; with credentials the org refuses it retries, gives up with one alert and returns
 * (it never throws: the scheduler goes on); stopped during its retry pause, it stops at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { detailJobAttempts } from '../../../extract/streams/conversation-jobs.ts';
import { accessFor } from '../../../scripts/commands/run.ts';
import { formatLag } from '../../../scripts/commands/status.ts';
import { parseConfig, requirePseudonymisationKey } from '../../../scripts/config.ts';
import { runBackfill, type BackfillOptions } from '../../../scripts/schedule/backfill.ts';
import { scheduleBudget } from '../../../scripts/schedule/budget.ts';
import { sandboxEnv } from '../../helpers/sandbox-env.ts';
import { sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

test('a failed backfill window is retried; one that keeps failing is alerted once and stops the backfill, not the scheduler', async (t) => {
  const workspace = await sandboxWorkspace(t, 'small');
  const data = join(workspace.dir, 'data');
  const lines: string[] = [];
  const alerts: string[] = [];
  const options = (env: Record<string, string>, from: string, to: string, signal: AbortSignal): BackfillOptions => {
    const config = parseConfig(sandboxEnv(workspace.sandbox, data, env), workspace.dir);
    return {
      config,
      access: accessFor(config),
      budget: scheduleBudget(config, 0.5),
      from,
      to,
      share: 0.5,
      windowMs: 43_200_000,
      pseudonymisationKey: requirePseudonymisationKey(config),
      retries: 1,
      retryDelayMs: 100,
      signal,
      log: (line) => lines.push(line),
      onFailed: (error, what) => {
        alerts.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
        return Promise.resolve();
      },
      formatDuration: formatLag,
    };
  };
  const running = new AbortController().signal;

  // 1. The first window's detail job fails every time it is submitted: the window is retried after
  // 0.1 s, then both windows are done.
  for (let i = 0; i < detailJobAttempts; i += 1) workspace.sandbox.control.failNextDetailJob('FAILED');
  await runBackfill(options({}, '2026-11-02', '2026-11-03', running));
  const first = lines.join('\n');
  assert.match(first, /backfill window 1\/2 attempt 1 failed \([^\n]*\); retrying in 0\.1s/);
  assert.match(first, /backfill 2026-11-02T00:00:00\.000Z → 2026-11-03T00:00:00\.000Z done: 2\/2 windows \(100\.0%\)/);
  assert.equal(alerts.length, 0, alerts.join('\n'));

  // 2. The org refuses the credentials: retried once, then given up with one alert; runBackfill returns.
  lines.length = 0;
  await runBackfill(options({ GENESYS_CLIENT_SECRET: 'revoked' }, '2026-11-03', '2026-11-04', running));
  const second = lines.join('\n');
  assert.match(second, /backfill window 1\/2 attempt 1 failed \(Genesys login failed[^\n]*\); retrying in 0\.1s/);
  assert.match(second, /backfill window 1\/2 \S+ → \S+ failed after 2 attempt\(s\): Genesys login failed/);
  assert.match(second, /backfill gave up; the scheduler goes on/);
  assert.equal(alerts.length, 1, alerts.join('\n'));
  assert.match(
    alerts[0] ?? '',
    /^the background backfill \(window 2026-11-03T12:00:00\.000Z → 2026-11-04T00:00:00\.000Z\): Genesys login failed/,
  );
  const [target] = await queryRows(
    join(data, 'warehouse.duckdb'),
    `select epoch_ms(range_from) as range_from, finished_at from etl_backfills`,
  );
  assert.equal(new Date(Number(target?.['range_from'])).toISOString(), '2026-11-03T00:00:00.000Z');
  assert.equal(target?.['finished_at'], null, 'not done: the next scheduler resumes it');

  // 3. Stopped while it waits to retry: it stops at once, without another attempt or an alert.
  lines.length = 0;
  const stop = new AbortController();
  const stopped = runBackfill({
    ...options({ GENESYS_CLIENT_SECRET: 'revoked' }, '2026-11-03', '2026-11-04', stop.signal),
    retryDelayMs: 60_000,
  });
  while (!lines.some((line) => line.includes('retrying in 60.0s')))
    await new Promise((resolve) => setTimeout(resolve, 10));
  const started = Date.now();
  stop.abort();
  await stopped;
  assert.ok(Date.now() - started < 5000, 'it did not wait out the retry delay');
  assert.match(lines.join('\n'), /backfill stopped at 2026-11-03T12:00:00\.000Z → 2026-11-04T00:00:00\.000Z/);
  assert.equal(alerts.length, 1);
});
