/**
 * The chain-of-custody marts on the `custody` scenario: extracted twice on a sandbox clock (two
 * days after the calls, then at the scenario's as-of reading, so each recording's metadata has
 * a history), built with dbt, and checked against the scenario's ground truth computed here from
 * the generator (never through the marts' SQL): the verdict and gap counts of
 * fct_recording_custody, the event counts of fct_recording_custody_events per source, the
 * export job and destination of the recordings an org admin's bulk export job failed, and that
 * changing one event row breaks the hash chain check.
 */
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance } from '@duckdb/node-api';
import { planWindows } from '../../../contract/window.ts';
import {
  exportIntegrationId,
  fulfilledBulkExports,
  groundTruth,
  summarizeCustody,
  type RecordingTruth,
} from '../../../sandbox/index.ts';
import { scenarioWindows } from '../../../scripts/commands/sandbox-wiring.ts';
import { buildModels } from '../../../scripts/commands/shared.ts';
import { runDbt } from '../../../scripts/dbt.ts';
import { extractScenario, quiet, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { countBy, expectedGaps, expectedVerdict, gapsInOrder } from '../../helpers/custody-truth.ts';
import { queryRows } from '../../helpers/warehouse.ts';

const DAY = 86_400_000;

test('custody marts on the custody scenario match the ground truth', { timeout: 1_500_000 }, async (t) => {
  const clock = { now: Date.parse('2026-09-05T00:00:00.000Z') };
  const workspace = await sandboxWorkspace(t, 'custody', {
    sandbox: { clock: () => clock.now },
    env: { PSEUDONYMISATION_KEY: 'custody-test-key' },
  });
  const { scenario, config } = workspace;
  const asOf = scenario.expected?.['asOfEpochMs'];
  assert.ok(asOf !== undefined, 'the custody scenario names its as-of clock reading');
  const firstReading = clock.now;

  // Two days after the calls: every recording settled, none archived or deleted yet.
  await extractScenario(workspace, { now: new Date(clock.now) });
  // At the as-of reading, every week from the first call on: the later audit events (exports,
  // reads, archives, deletions) and each recording's metadata again.
  clock.now = asOf;
  const start = scenarioWindows(scenario)[0]?.start ?? '';
  const windows = planWindows(start, new Date(Math.floor(asOf / DAY) * DAY).toISOString(), 7 * DAY);
  await extractScenario(workspace, { now: new Date(clock.now), windows });
  await buildModels({ ...config, orgTimezone: scenario.orgTimeZone }, quiet);

  const warehouse = config.warehousePath;
  const truth = groundTruth(scenario, undefined, undefined, { now: asOf });
  const earlier = new Map(
    groundTruth(scenario, undefined, undefined, { now: firstReading }).flatMap((c) =>
      c.recordings.map((r) => [r.recordingId, r] as const),
    ),
  );
  const recordings = truth.flatMap((c) => c.recordings);
  const summary = summarizeCustody(scenario, { now: asOf });
  // The org admin's bulk export jobs (custody.bulkExportDays) and the recordings each failed.
  const bulkExports = fulfilledBulkExports(scenario, asOf);
  const bulkJobsOf = new Map<string, string[]>();
  for (const { job, outcome } of bulkExports) {
    for (const f of outcome.failed) bulkJobsOf.set(f.recordingId, [...(bulkJobsOf.get(f.recordingId) ?? []), job.id]);
  }
  const bulkFailed = new Set(bulkJobsOf.keys());
  const bulkFailures = bulkExports.reduce((n, e) => n + e.outcome.failed.length, 0);
  assert.ok(bulkFailures > 0, 'the custody scenario has bulk export failures to check');

  await t.test('one row per recording, with the true state, exports, access and deletions', async () => {
    assert.equal(recordings.length, summary.recordings);
    const [row] = await queryRows(
      warehouse,
      `select count(*)::int as recordings,
              count(*) filter (where is_deleted)::int as deleted,
              count(*) filter (where exported_at is not null)::int as exported,
              sum(read_count)::int as reads,
              sum(download_count)::int as downloads,
              sum(outside_group_access_count)::int as outside
         from genesys_marts.fct_recording_custody`,
    );
    assert.deepEqual(row, {
      recordings: summary.recordings,
      deleted: summary.deleted,
      exported: summary.exported,
      reads: summary.reads,
      downloads: summary.downloads,
      outside: summary.accessOutsideQa,
    });
    const states = await queryRows(
      warehouse,
      'select current_state, count(*)::int as n from genesys_marts.fct_recording_custody group by 1',
    );
    assert.deepEqual(Object.fromEntries(states.map((s) => [s['current_state'], s['n']])), summary.byFileState);
  });

  await t.test('verdicts and gaps per recording, counted', async () => {
    const expected = recordings.map((r) => {
      const gaps = expectedGaps(r, asOf, bulkFailed);
      return { id: r.recordingId, gaps, verdict: expectedVerdict(gaps) };
    });
    const rows = await queryRows(
      warehouse,
      `select recording_id, custody_verdict, custody_gaps from genesys_marts.fct_recording_custody`,
    );
    const verdicts = countBy(expected, (e) => e.verdict);
    assert.deepEqual(
      countBy(rows, (r) => String(r['custody_verdict'])),
      verdicts,
    );
    for (const gap of gapsInOrder) {
      const want = expected.filter((e) => e.gaps.has(gap)).length;
      const got = rows.filter((r) => String(r['custody_gaps']).split(',').includes(gap)).length;
      assert.equal(got, want, gap);
    }
    // The export gaps are the generator's failed and never-exported exports (summarizeCustody),
    // plus the recordings a bulk export job failed (their media had failed: never exported).
    const auditFailed = new Set(
      recordings
        .filter((r) => r.auditEvents.some((e) => e.action === 'Export' && e.status === 'Failure'))
        .map((r) => r.recordingId),
    );
    assert.equal(auditFailed.size, summary.exportFailed);
    const failedByBulkJobOnly = [...bulkFailed].filter((id) => !auditFailed.has(id)).length;
    assert.equal(
      expected.filter((e) => e.gaps.has('export_failed')).length,
      summary.exportFailed + failedByBulkJobOnly,
    );
    assert.equal(expected.filter((e) => e.gaps.has('export_evidence_missing')).length, summary.exportNever);
    assert.ok((verdicts['protection_revoked'] ?? 0) > 0 && (verdicts['deleted_before_policy_date'] ?? 0) > 0);
    // And per recording, not only in total.
    const byId = new Map(rows.map((r) => [String(r['recording_id']), String(r['custody_verdict'])]));
    const wrong = expected
      .filter((e) => byId.get(e.id) !== e.verdict)
      .map((e) => `${e.id} ${e.verdict} ${byId.get(e.id)}`);
    assert.deepEqual(wrong.slice(0, 5), []);
  });

  await t.test('custody events per source: audit trail, metadata history, retention query', async () => {
    // The retention query leaves deleted recordings out, so their latest entry is the first reading's.
    const lifecycle = (r: RecordingTruth): RecordingTruth =>
      r.fileState === 'DELETED' ? (earlier.get(r.recordingId) ?? r) : r;
    const expected = {
      recording_audit: summary.auditEvents,
      recording_metadata: recordings.reduce(
        (n, r) => n + 1 + (earlier.get(r.recordingId)?.fileState === r.fileState ? 0 : 1),
        0,
      ),
      retention_query: recordings.reduce((n, r) => n + 1 + (lifecycle(r).exportedDate === null ? 0 : 1), 0),
      bulk_job: bulkFailures,
    };
    const rows = await queryRows(
      warehouse,
      'select event_source, count(*)::int as n from genesys_marts.fct_recording_custody_events group by 1',
    );
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r['event_source'], r['n']])), expected);
    const [sequences] = await queryRows(
      warehouse,
      `select count(*)::int as events, count(distinct recording_id)::int as recordings,
              sum(case when event_sequence = 1 then 1 else 0 end)::int as firsts,
              max(event_sequence)::int as longest
         from genesys_marts.fct_recording_custody_events`,
    );
    const { longest, ...counts } = sequences ?? {};
    assert.deepEqual(counts, {
      events: expected.recording_audit + expected.recording_metadata + expected.retention_query + expected.bulk_job,
      recordings: recordings.length,
      firsts: recordings.length,
    });
    // On DuckDB the chain's first 8 positions are CTEs of their own and a recursion goes on from
    // there (macro custody_event_chain): the scenario has longer chains, so both are counted above.
    assert.ok((longest as number) > 8, `the longest chain has ${String(longest)} events`);
    const [unlinked] = await queryRows(
      warehouse,
      `select count(*)::int as n from genesys_marts.fct_recording_custody_events
        where (previous_event_hash is null) <> (event_sequence = 1) or length(event_hash) <> 64`,
    );
    assert.deepEqual(unlinked, { n: 0 });
  });

  await t.test('the export job and destination of every recording a bulk export job failed', async () => {
    const rows = await queryRows(
      warehouse,
      `select recording_id, export_job_id, export_destination from genesys_marts.fct_recording_custody
        where export_job_id is not null or export_destination is not null`,
    );
    const got = Object.fromEntries(
      rows.map((r) => [String(r['recording_id']), [r['export_job_id'], r['export_destination']]]),
    );
    // A recording two jobs failed (its call crossed midnight) names the greater job id, as documented.
    const want = Object.fromEntries(
      [...bulkJobsOf].map(([id, jobs]) => [id, [[...jobs].sort().at(-1), exportIntegrationId(scenario)]]),
    );
    assert.deepEqual(got, want);
  });

  await t.test('every event hash recomputes in Node from the documented format', async () => {
    // sha256 hex of: the previous event's hash ('' for the first), then '|' and each field,
    // nulls spelled '_null_', event_at as microseconds since the epoch (the mart's event_hash description).
    const rows = await queryRows(
      warehouse,
      `select recording_id, conversation_id, event_sequence::varchar as sequence_text, event_type, event_source,
              event_outcome, actor_user_id, epoch_us(event_at)::varchar as event_at_us, source_event_id,
              event_detail, event_hash, previous_event_hash
         from genesys_marts.fct_recording_custody_events order by recording_id, event_sequence`,
    );
    assert.ok(rows.length > 0);
    const fields = ['recording_id', 'conversation_id', 'sequence_text', 'event_type', 'event_source'] as const;
    const more = ['event_outcome', 'actor_user_id', 'event_at_us', 'source_event_id', 'event_detail'] as const;
    let previous: { recording: unknown; hash: string } | null = null;
    let broken = 0;
    for (const row of rows) {
      const before: string | null =
        previous !== null && previous.recording === row['recording_id'] ? previous.hash : null;
      const text = [before ?? '', ...[...fields, ...more].map((field) => (row[field] ?? '_null_') as string)].join('|');
      const hash = createHash('sha256').update(text).digest('hex');
      if (hash !== row['event_hash'] || before !== row['previous_event_hash']) broken += 1;
      previous = { recording: row['recording_id'], hash };
    }
    assert.equal(broken, 0, `${String(broken)} of ${String(rows.length)} events do not recompute`);
  });

  await t.test('changing one event row breaks the hash chain check', async () => {
    const chainTest = ['test', '--select', 'assert_custody_event_hash_chain_recomputes'];
    await runDbt(chainTest, { warehousePath: warehouse });
    const instance = await DuckDBInstance.create(warehouse);
    const connection = await instance.connect();
    try {
      // A read attributed to someone else: the row's hash no longer covers its fields.
      await connection.run(
        `update genesys_marts.fct_recording_custody_events set actor_user_id = 'someone-else'
          where custody_event_id = (select min(custody_event_id) from genesys_marts.fct_recording_custody_events
                                     where event_type = 'read')`,
      );
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    // Exactly that row fails (the next event still links to its stored hash).
    await assert.rejects(
      runDbt(chainTest, { warehousePath: warehouse }),
      /FAIL 1 assert_custody_event_hash_chain_recomputes/,
    );
  });
});
