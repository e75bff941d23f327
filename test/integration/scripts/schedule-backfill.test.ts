/**
 * `genesys-etl schedule --backfill-from` as a process against the sandbox, with two OAuth clients
 * of GENESYS_REQUESTS_PER_MINUTE each (the sandbox enforces the same limit per token) and a cron
 * firing every 10 seconds (a tick takes a few: the ticks leave part of the budget idle, which the
 * backfill would take if its share were not enforced):
 * - the backfill drains its range window by window while the ticks keep succeeding, never overlapping;
 * - each of the backfill's tokens stays within --backfill-share of its client's budget, and each
 *   OAuth client within its budget, measured from the request times the sandbox saw; no 429;
 * - a second scheduler is refused by the lease;
 * - SIGTERM mid-backfill leaves nothing half-loaded, and the next scheduler resumes the backfill;
 * - the warehouse then holds exactly the range's conversations (the sandbox's ground truth), and
 *   `status --json` shows the backfill done.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { groundTruth, loadScenario, parseScenario } from '../../../sandbox/index.ts';
import { killGroup, startCli, type CliProcess } from '../../helpers/cli-process.ts';
import { assertCommittedWhole } from '../../helpers/committed-whole.ts';
import { sandboxEnv } from '../../helpers/sandbox-env.ts';
import { sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

/** Requests per minute per OAuth client (ours and the sandbox's per token), and the backfill's share of them. */
const perMinute = 240;
const share = 0.5;
const halfDayMs = 43_200_000;
const dayMs = 86_400_000;
/** Sliding windows the rates are measured over. */
const spanMs = 5000;
/** The ETL's budget: GENESYS_REQUESTS_PER_MINUTE less the 2% headroom, per minute. */
const budget = perMinute * 0.98;

/** The most requests among `times` within any `spanMs`. */
function busiest(times: readonly number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last += 1) {
    while ((sorted[last] ?? 0) - (sorted[first] ?? 0) >= spanMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** How much later than its token a request may reach the sandbox on a loaded machine. */
const jitterMs = 1500;

/**
 * A token bucket of `rate` a minute and burst `burst` lets at most this many requests through in
 * any `spanMs` (+ the jitter between taking a token and the request's arrival, + 1 for rounding).
 * Measured with share 1 instead of 0.5, the backfill's tokens sent up to 22 requests in 5 s; the
 * share allows 14.
 */
const allowed = (rate: number, burst: number): number => Math.floor(burst + (rate * (spanMs + jitterMs)) / 60_000) + 1;

const ticksSucceeded = (output: string): number => output.match(/tick \d+ succeeded/g)?.length ?? 0;

test(
  'schedule --backfill-from: drains beside the ticks within its share of each client, resumes after SIGTERM',
  { timeout: 400_000 },
  async (t) => {
    // A scenario up to today: the ticks' windows hold conversations and are final soon after they end.
    const today = Math.floor(Date.now() / dayMs) * dayMs;
    const small = await loadScenario('small');
    const scenario = parseScenario({
      ...small,
      startDate: new Date(today - 5 * dayMs).toISOString().slice(0, 10),
      days: 6,
      callsPerDay: 8,
      malformedRate: 0,
      timeline: { ...small.timeline, availabilityLagMinutes: 5 },
      limits: { ...small.limits, requestsPerMinute: perMinute },
    });
    const workspace = await sandboxWorkspace(t, scenario, { sandbox: { clients: 2 } });
    const { sandbox } = workspace;
    const [, second] = sandbox.credentials;
    assert.ok(second !== undefined);
    const warehouse = join(workspace.dir, 'data', 'warehouse.duckdb');
    const env = sandboxEnv(sandbox, join(workspace.dir, 'data'), {
      GENESYS_EXTRA_CLIENTS: `${second.clientId}:${second.clientSecret}`,
      GENESYS_REQUESTS_PER_MINUTE: String(perMinute),
      SCHEDULE_CRON: '*/10 * * * * *',
      SCHEDULE_RETRY_DELAY: 'PT1S',
      LEASE_TTL: 'PT10S',
      // Each tick extracts its last window again, and the listings.
      EXTRACT_LOOKBACK: 'PT1H',
    });
    const backfillFrom = new Date(today - 4 * dayMs).toISOString();
    // The first tick extracts the last whole 12 hours; the backfill ends where they start.
    const historyStart = new Date(Math.floor(Date.now() / halfDayMs) * halfDayMs - halfDayMs).toISOString();
    const windows = (Date.parse(historyStart) - Date.parse(backfillFrom)) / halfDayMs;
    const args = ['schedule', '--window', 'PT12H', '--skip-dbt'];
    const backfillArgs = [...args, '--backfill-from', backfillFrom.slice(0, 10), '--backfill-share', String(share)];
    const alive: CliProcess[] = [];
    t.after(() => {
      for (const proc of alive) killGroup(proc, 'SIGKILL');
    });
    const launch = (given: readonly string[]): CliProcess => {
      const proc = startCli(workspace.dir, given, env);
      alive.push(proc);
      return proc;
    };
    const range = `${backfillFrom} → ${historyStart}`;

    // 1. The first scheduler: its first tick loads the incremental history, then the backfill starts.
    const first = launch(backfillArgs);
    await first.waitFor(new RegExp(`backfill ${range}: ${windows} window\\(s\\), newest first`));
    await first.waitFor(
      /backfill window 2\/\d+ \S+ → \S+ done in [^\n]*; \d+\/\d+ windows \(\d+\.\d%\), \d+ conversations, [\d.]+ windows\/h, ETA \S+ \(in \w+\)/,
    );
    // A second scheduler is refused by the lease (or by the file the first one holds).
    const refused = launch(args);
    assert.equal(await refused.exited, 4, refused.output());
    assert.match(
      refused.output(),
      /LeaseHeldError: The warehouse .* (is open in another process|is in use: schedule@)/,
    );

    // 2. SIGTERM with a backfill window in flight: the windows being committed finish, nothing is half-loaded.
    const before = sandbox.stats().requests;
    while (sandbox.stats().requests - before < 5) await sleep(20);
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0, first.output());
    assert.match(first.output(), /backfill stopped/);
    assert.match(first.output(), /stopped: the lease is released/);
    await assertCommittedWhole(warehouse);
    const [target] = await queryRows(
      warehouse,
      'select epoch_ms(range_to) as range_to, finished_at from etl_backfills',
    );
    assert.equal(
      new Date(Number(target?.['range_to'])).toISOString(),
      historyStart,
      'the range ends where the ticks began',
    );
    assert.equal(target?.['finished_at'], null);

    // 3. The next scheduler resumes the backfill (the windows done are skipped) while its ticks keep running.
    const next = launch(backfillArgs);
    const resumed = await next.waitFor(
      new RegExp(`backfill ${range}: ${windows} window\\(s\\), newest first \\((\\d+) already done\\)`),
    );
    assert.ok(Number(resumed[1]) >= 2, `the windows the first scheduler did are skipped: ${resumed[0]}`);
    const ticksBefore = ticksSucceeded(next.output());
    await next.waitFor(new RegExp(`backfill ${range} done: ${windows}/${windows} windows \\(100\\.0%\\)`), 240_000);
    assert.ok(ticksSucceeded(next.output()) - ticksBefore >= 2, `ticks ran during the backfill:\n${next.output()}`);
    assert.doesNotMatch(next.output(), /tick \d+ failed|backfill gave up/);
    next.child.kill('SIGTERM');
    assert.equal(await next.exited, 0, next.output());
    await assertCommittedWhole(warehouse);

    await t.test('the warehouse holds exactly the conversations of the range (sandbox ground truth)', async () => {
      const expected = groundTruth(scenario)
        .filter((truth) => truth.visible && truth.start >= backfillFrom && truth.start < historyStart)
        .map((truth) => truth.conversationId)
        .sort();
      assert.ok(expected.length > 10, `the range holds conversations: ${expected.length}`);
      const loaded = await queryRows(
        warehouse,
        `select distinct conversation_id from raw_genesys__conversations
         where conversation_start >= '${backfillFrom}'::timestamptz and conversation_start < '${historyStart}'::timestamptz
         order by 1`,
      );
      assert.deepEqual(
        loaded.map((row) => row['conversation_id']),
        expected,
      );
      const backfills = await queryRows(
        warehouse,
        `select count(*) as windows from etl_windows w join etl_runs r using (run_id)
         where r.command = 'backfill' and w.stream = 'conversations' and w.status = 'succeeded'`,
      );
      assert.equal(Number(backfills[0]?.['windows']), windows, 'each window was backfilled once');
      const ticks = await queryRows(
        warehouse,
        `select epoch_ms(started_at) as started, epoch_ms(finished_at) as finished from etl_runs
         where command = 'run' order by started_at`,
      );
      for (let i = 1; i < ticks.length; i += 1) {
        assert.ok(Number(ticks[i]?.['started']) >= Number(ticks[i - 1]?.['finished']), 'ticks never overlap');
      }
    });

    await t.test('within its share of each OAuth client, the ticks within the rest; no 429', () => {
      const stats = sandbox.stats();
      assert.equal(stats.byStatus['429'], undefined, JSON.stringify(stats.byStatus));
      const inRange = (interval: string): boolean => {
        const [start = '', end = ''] = interval.split('/');
        return start >= backfillFrom && end <= historyStart;
      };
      const backfillTokens = stats.byToken.filter(
        (token) => token.detailJobIntervals.length > 0 && token.detailJobIntervals.every(inRange),
      );
      // One token per OAuth client and scheduler; each window starts on the next client.
      assert.equal(backfillTokens.length, 4, JSON.stringify(stats.byToken.map((token) => token.detailJobIntervals)));
      const shareLimit = allowed(share * budget, 1);
      for (const token of backfillTokens) {
        assert.ok(
          busiest(token.times) <= shareLimit,
          `a backfill token sent ${busiest(token.times)} requests within ${spanMs} ms (its share allows ${shareLimit})`,
        );
      }
      const clientLimit = allowed(budget, Math.floor(budget / 60));
      for (const clientId of [sandbox.clientId, second.clientId]) {
        const times = stats.byToken.filter((token) => token.clientId === clientId).flatMap((token) => token.times);
        assert.ok(
          busiest(times) <= clientLimit,
          `${clientId} sent ${busiest(times)} requests within ${spanMs} ms (its budget allows ${clientLimit})`,
        );
      }
      t.diagnostic(
        `busiest ${spanMs} ms: backfill tokens ${backfillTokens.map((token) => busiest(token.times)).join(', ')} ` +
          `(share allows ${shareLimit}); backfill requests ${backfillTokens.reduce((sum, token) => sum + token.times.length, 0)}`,
      );
    });

    await t.test('status shows the backfill done', async () => {
      const status = launch(['status', '--json', '--max-lag', 'P30D']);
      // Unhealthy (3) when the SIGTERM interrupted a tick; the backfill is never a problem.
      assert.ok([0, 3].includes((await status.exited) ?? -1), status.output());
      const report = JSON.parse(status.output()) as { backfill: Record<string, unknown> | null };
      assert.deepEqual(
        {
          from: report.backfill?.['from'],
          to: report.backfill?.['to'],
          windowsDone: report.backfill?.['windowsDone'],
          windowsTotal: report.backfill?.['windowsTotal'],
          percentDone: report.backfill?.['percentDone'],
          done: report.backfill?.['done'],
          eta: report.backfill?.['eta'],
        },
        {
          from: backfillFrom,
          to: historyStart,
          windowsDone: windows,
          windowsTotal: windows,
          percentDone: 100,
          done: true,
          eta: null,
        },
      );
    });
  },
);
