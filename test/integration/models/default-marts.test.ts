/**
 * Every mart's headline figures on the `default` scenario (the demo's org: Europe/Berlin, 3000
 * calls a day, 60 agents), through the real pipeline (the sandbox over HTTP, the real SDK, the
 * Parquet stage and DuckDB), the scenario's billing file loaded with load-billing as the demo does,
 * and the real dbt build. Every expectation is computed here from the sandbox generator's ground
 * truth (test/helpers/compliance-truth.ts, custody-truth.ts), never through the marts' SQL.
 *
 * Two of the scenario's fourteen days keep it fast enough for CI: 2026-11-08 and 2026-11-09
 * (6,000 conversations), the last day of IVR flow version 12.0 and the first of 13.0, so dim_flows
 * and the daily rollup see the version change. Like every day of the scenario each has its
 * failure peak, 14:00-16:00 local (screen failure rate 0.37 against 0.065 off-peak), with the
 * ScreenPop_ScreenRec data action's 408 storm that goes with it (a timeout for 90 % of the calls
 * whose screen recording failed, 2 % of the others): the root-cause mart must show it.
 * What the pipeline reads for the whole org whatever the windows is expected over the whole
 * scenario: the retention query lists every recording of the fourteen days (fct_recording_custody
 * has a row for each), and the billing file bills conversations of every day (those outside the
 * two days are conversation_unknown to the warehouse). It takes about 80-100 s on the shared
 * 2-core machine (load average 4-9).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { orgOf } from '../../../sandbox/generator/org.ts';
import { retentionPoliciesOf } from '../../../sandbox/generator/org-entities.ts';
import {
  iterateGroundTruth,
  planConversation,
  writeBillingFile,
  type ConversationTruth,
  type RecordingTruth,
} from '../../../sandbox/index.ts';
import { loadBillingCommand } from '../../../scripts/commands/load-billing.ts';
import { scenarioWindows } from '../../../scripts/commands/sandbox-wiring.ts';
import { buildModels } from '../../../scripts/commands/shared.ts';
import {
  agentReported,
  agentVerified,
  assertRate,
  billedStatus,
  conversationVerified,
  figuresBy,
  rate,
  requiredSessions,
  rollupColumns,
  rollupGroups,
  sessionColumns,
  sessionDiscrepancy,
  total,
} from '../../helpers/compliance-truth.ts';
import { countBy, expectedGaps, expectedVerdict } from '../../helpers/custody-truth.ts';
import { extractScenario, quiet, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

/** The scenario's days the test extracts: the 7th and 8th (0-based 6 and 7). */
const firstDay = 6;
const dayCount = 2;

const cents = (amount: number): number => Math.round(amount * 100);

/** Rows keyed by their `grp` column, the other columns as numbers. */
function byGroup(rows: readonly Record<string, unknown>[]): Map<string, Record<string, number>> {
  return new Map(
    rows.map((row) => {
      const { grp, ...figures } = row;
      return [String(grp), Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Number(v)]))];
    }),
  );
}

/** The rollup's counts summed per group (the daily rollup has no per-type session counts). */
const sumsOf = (columns: readonly string[]): string =>
  columns.map((column) => `sum(${column})::int as ${column}`).join(', ');
const dailyColumns = rollupColumns.filter((column) => !Object.values(sessionColumns).includes(column));

/** Keys sorted, then the same figures for each. */
function assertGroups(
  actual: ReadonlyMap<string, Record<string, number>>,
  expected: ReadonlyMap<string, Record<string, number>>,
  what: string,
): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${what}: groups`);
  for (const [key, figures] of expected) assert.deepEqual(actual.get(key), figures, `${what} ${key}`);
}

/** The local hour with the largest share of interactions not verified compliant, per local date. */
function worstHours(groups: ReadonlyMap<string, Record<string, number>>): Record<string, number> {
  const sums = new Map<string, { date: string; hour: number; interactions: number; verified: number }>();
  for (const [key, row] of groups) {
    const [date = '', hour = ''] = key.split(' ');
    const entry = sums.get(`${date} ${hour}`) ?? { date, hour: Number(hour), interactions: 0, verified: 0 };
    entry.interactions += row['interactions_in_scope'] ?? 0;
    entry.verified += row['verified_compliant_interactions'] ?? 0;
    sums.set(`${date} ${hour}`, entry);
  }
  const worst: Record<string, { hour: number; share: number }> = {};
  for (const { date, hour, interactions, verified } of sums.values()) {
    const share = 1 - verified / interactions;
    if ((worst[date]?.share ?? -1) < share) worst[date] = { hour, share };
  }
  return Object.fromEntries(Object.entries(worst).map(([date, { hour }]) => [date, hour]));
}

test('every mart on two days of the default scenario matches its ground truth', { timeout: 480_000 }, async (t) => {
  const workspace = await sandboxWorkspace(t, 'default', { env: { PSEUDONYMISATION_KEY: 'default-marts-key' } });
  const { scenario, config, dir } = workspace;
  const windows = scenarioWindows(scenario, firstDay + dayCount).slice(firstDay);
  const from = Date.parse(windows[0]?.start ?? '');
  const to = Date.parse(windows.at(-1)?.end ?? '');
  assert.equal(to - from, dayCount * 86_400_000, 'one UTC day per window (calls 08:00-20:00 Berlin)');

  await extractScenario(workspace, { windows });
  const billingPath = join(dir, 'billing', 'billing-default.csv');
  const file = await writeBillingFile(scenario, billingPath);
  const billingLoad = await loadBillingCommand(config, { path: billingPath, build: false, print: false });
  await buildModels({ ...config, orgTimezone: scenario.orgTimeZone }, quiet);
  const warehouse = config.warehousePath;

  // The ground truth, in one pass over the whole org: the conversations the detail jobs of the
  // windows return (by start), and every recording the retention query lists.
  const now = Date.now();
  const extracted: ConversationTruth[] = [];
  const recordings: { recording: RecordingTruth; read: boolean }[] = [];
  const auditEventsInWindows = { count: 0 };
  for (const conversation of iterateGroundTruth(scenario, undefined, undefined, { now })) {
    const start = Date.parse(conversation.start);
    const read = start >= from && start < to;
    if (read) extracted.push({ ...conversation, recordings: [] });
    for (const recording of conversation.recordings) {
      recordings.push({ recording, read });
      for (const event of recording.auditEvents) {
        const at = Date.parse(event.eventDate);
        if (at >= from && at < to) auditEventsInWindows.count += 1;
      }
    }
  }
  const kept = extracted.filter((conversation) => conversation.malformed === null);
  const inScope = kept.filter((conversation) => requiredSessions(conversation).length > 0);
  const sessions = inScope.flatMap((conversation) => requiredSessions(conversation));
  assert.equal(extracted.length, dayCount * scenario.callsPerDay);
  assert.deepEqual([...new Set(extracted.map((conversation) => conversation.localDate))], ['2026-11-08', '2026-11-09']);

  await t.test(
    'fct_recording_compliance: sessions and interactions in scope, reported, verified, by discrepancy',
    async () => {
      const [row] = await queryRows(
        warehouse,
        `select count(*)::int as sessions,
              count(distinct conversation_id)::int as interactions,
              count(*) filter (where is_reported_compliant)::int as reported_sessions,
              count(*) filter (where is_verified_compliant)::int as verified_sessions,
              count(*) filter (where is_policy_undetermined)::int as undetermined_sessions
         from genesys_marts.fct_recording_compliance`,
      );
      assert.deepEqual(row, {
        sessions: sessions.length,
        interactions: inScope.length,
        reported_sessions: sessions.filter(agentReported).length,
        verified_sessions: sessions.filter(agentVerified).length,
        undetermined_sessions: 0,
      });
      const [interactions] = await queryRows(
        warehouse,
        `with interactions as (
         select conversation_id, bool_and(is_reported_compliant) as reported,
                bool_and(is_verified_compliant) as verified, bool_or(has_data_action_timeout) as timed_out
         from genesys_marts.fct_recording_compliance group by conversation_id)
       select count(*) filter (where reported)::int as reported, count(*) filter (where verified)::int as verified,
              count(*) filter (where timed_out)::int as timed_out
       from interactions`,
      );
      const expected = total(figuresBy(kept, () => 'all'));
      assert.deepEqual(interactions, {
        reported: expected.reported,
        verified: expected.verified,
        timed_out: inScope.filter((conversation) => conversation.dataActionTimedOut).length,
      });
      const types = await queryRows(
        warehouse,
        'select discrepancy_type, count(*)::int as n from genesys_marts.fct_recording_compliance group by 1',
      );
      const expectedTypes = countBy(sessions, sessionDiscrepancy);
      assert.deepEqual(Object.fromEntries(types.map((r) => [r['discrepancy_type'], r['n']])), expectedTypes);
      // The scenario's story: reported 1.0, verified about 0.85, every kind of file failure present.
      assert.equal(expected.reported, expected.interactions, 'default reports every recording');
      const verifiedShare = expected.verified / expected.interactions;
      assert.ok(verifiedShare > 0.75 && verifiedShare < 0.92, `verified share ${verifiedShare}`);
      for (const type of ['none', 'reported_but_failed', 'reported_but_missing', 'reported_but_incomplete'])
        assert.ok((expectedTypes[type] ?? 0) > 0, type);
    },
  );

  await t.test(
    'agg_recording_compliance_hourly and _daily: every count per local date, hour, queue and agent',
    async () => {
      // A conversation runs one flow version, so summing a group over flow_name and flow_version is exact.
      const hourly = byGroup(
        await queryRows(
          warehouse,
          `select cast(local_date as varchar) || ' ' || local_hour || ' ' || queue_id || ' ' || user_id as grp, ${sumsOf(rollupColumns)}
           from genesys_marts.agg_recording_compliance_hourly group by all`,
        ),
      );
      const expectedHourly = rollupGroups(
        kept,
        (c, agent) => `${c.localDate} ${c.localHour} ${agent.queueId} ${agent.userId}`,
      );
      assertGroups(hourly, expectedHourly, 'hourly');
      const daily = byGroup(
        await queryRows(
          warehouse,
          `select cast(local_date as varchar) || ' ' || queue_id || ' ' || user_id as grp, ${sumsOf(dailyColumns)}
           from genesys_marts.agg_recording_compliance_daily group by all`,
        ),
      );
      assertGroups(
        daily,
        new Map(
          [...rollupGroups(kept, (c, agent) => `${c.localDate} ${agent.queueId} ${agent.userId}`)].map(
            ([group, row]) => [group, Object.fromEntries(dailyColumns.map((column) => [column, row[column] ?? 0]))],
          ),
        ),
        'daily',
      );
      const [rates] = await queryRows(
        warehouse,
        `select count(*) filter (where abs(verified_compliance_rate
                 - verified_compliant_interactions / interactions_in_scope) > 1e-9)::int as wrong
         from genesys_marts.agg_recording_compliance_daily`,
      );
      assert.deepEqual(rates, { wrong: 0 });
      // The failure peak: each day's worst local hour is the same in the mart and the truth, and in 14:00-16:00.
      const worst = worstHours(hourly);
      assert.deepEqual(worst, worstHours(expectedHourly));
      const { peakStartHour, peakEndHour } = scenario.screenFailure;
      for (const [date, hour] of Object.entries(worst))
        assert.ok(hour >= peakStartHour && hour < peakEndHour, `${date}: worst hour ${hour}`);
    },
  );

  await t.test('agg_recording_failure_root_cause: failure rate with and without the data-action timeout', async () => {
    const rows = await queryRows(
      warehouse,
      `select epoch_ms(hour_started_at_utc)::varchar as grp,
              sum(interactions_with_timeout)::int as "withTimeout",
              sum(screen_failures_with_timeout)::int as "failuresWithTimeout",
              sum(interactions_without_timeout)::int as "withoutTimeout",
              sum(screen_failures_without_timeout)::int as "failuresWithoutTimeout"
         from genesys_marts.agg_recording_failure_root_cause
        where data_action_name = 'ScreenPop_ScreenRec' group by all`,
    );
    const expectedByHour = figuresBy(kept, (c) => String(Date.parse(c.startHourUtc)));
    const pick = (figures: Readonly<Record<string, number>>): Record<string, number> => {
      const columns = ['withTimeout', 'failuresWithTimeout', 'withoutTimeout', 'failuresWithoutTimeout'];
      return Object.fromEntries(columns.map((column) => [column, figures[column] ?? -1]));
    };
    const actual = new Map([...byGroup(rows)].map(([hour, figures]) => [hour, pick(figures)]));
    const expected = new Map([...expectedByHour].map(([hour, figures]) => [hour, pick({ ...figures })]));
    assertGroups(actual, expected, 'root cause per UTC hour');
    const [totals] = await queryRows(
      warehouse,
      `select sum(screen_failures_with_timeout) / nullif(sum(interactions_with_timeout), 0) as rate_with,
              sum(screen_failures_without_timeout) / nullif(sum(interactions_without_timeout), 0) as rate_without,
              sum(action_executions)::int as executions, sum(action_timeouts)::int as timeouts,
              max(timeout_seconds)::int as timeout_seconds
         from genesys_marts.agg_recording_failure_root_cause where data_action_name = 'ScreenPop_ScreenRec'`,
    );
    const sum = total(expectedByHour);
    const rateWith = rate(sum.failuresWithTimeout, sum.withTimeout);
    const rateWithout = rate(sum.failuresWithoutTimeout, sum.withoutTimeout);
    assertRate(totals?.['rate_with'], rateWith, 'failure rate with timeout');
    assertRate(totals?.['rate_without'], rateWithout, 'failure rate without timeout');
    // The flow runs the action once per conversation of the windows, read by the extract or not.
    assert.deepEqual(
      { executions: totals?.['executions'], timeouts: totals?.['timeouts'], seconds: totals?.['timeout_seconds'] },
      {
        executions: extracted.length,
        timeouts: extracted.filter((c) => c.dataActionTimedOut).length,
        seconds: 3,
      },
    );
    // The story: the screen failures follow the 408s, and the 408s the afternoon peak.
    assert.ok((rateWith ?? 0) > 5 * (rateWithout ?? 1), `rate with ${rateWith}, without ${rateWithout}`);
    const { peakStartHour, peakEndHour } = scenario.screenFailure;
    const peak = extracted.filter((c) => c.localHour >= peakStartHour && c.localHour < peakEndHour);
    const offPeak = extracted.filter((c) => c.localHour < peakStartHour || c.localHour >= peakEndHour);
    const timeoutShare = (cs: ConversationTruth[]): number => cs.filter((c) => c.dataActionTimedOut).length / cs.length;
    assert.ok(timeoutShare(peak) > 2 * timeoutShare(offPeak), 'the 408 storm is in the peak hours');
  });

  await t.test(
    'fct_recording_custody and _events: every recording of the org, its state, verdict and events',
    async () => {
      const [row] = await queryRows(
        warehouse,
        `select count(*)::int as recordings, count(*) filter (where is_deleted)::int as deleted,
              count(*) filter (where exported_at is not null)::int as exported,
              coalesce(sum(read_count), 0)::int as reads, coalesce(sum(download_count), 0)::int as downloads
         from genesys_marts.fct_recording_custody`,
      );
      assert.deepEqual(row, {
        recordings: recordings.length,
        deleted: recordings.filter(({ recording }) => recording.fileState === 'DELETED').length,
        exported: recordings.filter(({ recording }) => recording.exportedDate !== null).length,
        reads: 0,
        downloads: 0,
      });
      // The metadata is read for the conversations of the windows only (malformed ones included).
      const states = await queryRows(
        warehouse,
        `select coalesce(current_state, 'never read') as state, coalesce(media_type, '-') as media, count(*)::int as n
         from genesys_marts.fct_recording_custody group by all`,
      );
      assert.deepEqual(
        Object.fromEntries(states.map((s) => [`${String(s['state'])} ${String(s['media'])}`, s['n']])),
        countBy(recordings, ({ recording, read }) =>
          read ? `${recording.fileState} ${recording.media}` : 'never read -',
        ),
      );
      const verdicts = await queryRows(
        warehouse,
        'select custody_verdict, count(*)::int as n from genesys_marts.fct_recording_custody group by 1',
      );
      assert.deepEqual(
        Object.fromEntries(verdicts.map((v) => [v['custody_verdict'], v['n']])),
        countBy(recordings, ({ recording }) => expectedVerdict(expectedGaps(recording, now))),
      );
      const events = await queryRows(
        warehouse,
        'select event_source, count(*)::int as n from genesys_marts.fct_recording_custody_events group by 1',
      );
      const expectedEvents = {
        recording_audit: auditEventsInWindows.count,
        recording_metadata: recordings.filter(({ read }) => read).length,
        retention_query: recordings.reduce((n, { recording }) => n + 1 + (recording.exportedDate === null ? 0 : 1), 0),
      };
      assert.deepEqual(Object.fromEntries(events.map((e) => [e['event_source'], e['n']])), expectedEvents);
      const [chain] = await queryRows(
        warehouse,
        `select count(*)::int as events, count(distinct recording_id)::int as recordings,
              count(*) filter (where event_sequence = 1)::int as firsts,
              count(*) filter (where (previous_event_hash is null) <> (event_sequence = 1)
                                  or length(event_hash) <> 64)::int as unlinked
         from genesys_marts.fct_recording_custody_events`,
      );
      assert.deepEqual(chain, {
        events: expectedEvents.recording_audit + expectedEvents.recording_metadata + expectedEvents.retention_query,
        recordings: recordings.length,
        firsts: recordings.length,
        unlinked: 0,
      });
    },
  );

  await t.test('fct_billing_reconciliation: the billing file per status and reason, counts and amounts', async () => {
    const valid = file.lines.filter((line) => line.valid);
    assert.deepEqual(
      { read: billingLoad.read, loaded: billingLoad.loaded, quarantined: billingLoad.quarantined },
      { read: file.lines.length, loaded: valid.length, quarantined: file.lines.length - valid.length },
    );
    // The warehouse knows the valid conversations of the two days; the rest are conversation_unknown.
    const known = new Map(kept.map((conversation) => [conversation.conversationId, conversation]));
    const expected = new Map<string, { interactions: number; cents: number }>();
    for (const line of valid) {
      const { status, reason } = billedStatus(known.get(line.conversationId));
      const key = `${line.currency}|${status}|${reason}`;
      const entry = expected.get(key) ?? { interactions: 0, cents: 0 };
      entry.interactions += 1;
      entry.cents += cents(line.amount);
      expected.set(key, entry);
    }
    const billed = new Set(valid.map((line) => line.conversationId));
    const notBilled = kept.filter((c) => !billed.has(c.conversationId) && conversationVerified(c)).length;
    expected.set('|not_billed_verified|', { interactions: notBilled, cents: 0 });
    const rows = await queryRows(
      warehouse,
      `select coalesce(currency, '') as currency, reconciliation_status as status,
              coalesce(unverified_reason, '') as reason, count(*)::int as interactions,
              coalesce(sum(billed_amount), 0) as amount
         from genesys_marts.fct_billing_reconciliation group by all`,
    );
    const actual = new Map(
      rows.map((row) => [
        `${String(row['currency'])}|${String(row['status'])}|${String(row['reason'])}`,
        { interactions: Number(row['interactions']), cents: cents(Number(row['amount'])) },
      ]),
    );
    assert.deepEqual(actual, expected);
    const reasons = new Set([...expected.keys()].map((key) => key.split('|').slice(1).join(':')));
    for (const kind of [
      'verified:',
      'unverified:recording_failed',
      'unverified:not_in_scope',
      'unverified:conversation_unknown',
    ])
      assert.ok(reasons.has(kind), `the file exercises ${kind}`);
  });

  await t.test('dim_agents, dim_queues, dim_flows, dim_retention_policy_versions: the org', async () => {
    const org = orgOf(scenario);
    const flows = [
      ...new Set(kept.map((c) => `${org.flow.name} ${planConversation(scenario, c.index).ivr.flowVersion}`)),
    ].sort();
    assert.deepEqual(flows, ['Inbound Sales IVR 12.0', 'Inbound Sales IVR 13.0'], 'the days span the version change');
    const [counts] = await queryRows(
      warehouse,
      `select (select count(*)::int from genesys_marts.dim_agents) as agents,
              (select count(*)::int from genesys_marts.dim_queues) as queues,
              (select string_agg(flow_name || ' ' || flow_version, ',' order by flow_version)
                 from genesys_marts.dim_flows) as flows`,
    );
    assert.deepEqual(counts, { agents: org.users.length, queues: scenario.queues.length, flows: flows.join(',') });
    // A policy modified after its creation with no audit event of the change (before the org
    // audit trail the pipeline reads) has two versions: an unknown one from its creation, and the
    // policy as listed from its modification on.
    const expectedVersions = retentionPoliciesOf(scenario)
      .flatMap((policy) => {
        const created = Date.parse(String(policy['createdDate']));
        const modified = Date.parse(String(policy['modifiedDate']));
        const current = `${String(policy['id'])} ${modified} known current`;
        return modified > created ? [`${String(policy['id'])} ${created} unknown`, current] : [current];
      })
      .sort();
    const versions = await queryRows(
      warehouse,
      `select policy_id || ' ' || epoch_ms(valid_from) || ' '
              || case when is_version_known then 'known' else 'unknown' end
              || case when is_current_version then ' current' else '' end as version
         from genesys_marts.dim_retention_policy_versions order by 1`,
    );
    assert.deepEqual(
      versions.map((row) => row['version']),
      expectedVersions,
    );
  });
});
