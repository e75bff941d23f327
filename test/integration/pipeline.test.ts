/**
 * The whole pipeline on the small sandbox scenario: the real SDK over HTTP, Parquet stage,
 * DuckDB, dbt. The mart is checked against the scenario's ground truth, computed here
 * independently from the generator (never through the pipeline or an HTTP endpoint).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groundTruth, type ConversationTruth } from '../../sandbox/index.ts';
import { buildModels } from '../../scripts/commands/shared.ts';
import { extractScenario, quiet, sandboxWorkspace } from '../helpers/sandbox-workspace.ts';
import { queryRows } from '../helpers/warehouse.ts';

const threshold = 0.9;

type Discrepancy = 'none' | 'reported_but_failed' | 'reported_but_missing' | 'reported_but_incomplete';

/** What the mart must say for one agent session, from what really happened to its recordings. */
function expectedDiscrepancy(audio: string, screen: string, coverage: number | null): Discrepancy {
  if (audio === 'error' || screen === 'error') return 'reported_but_failed';
  if (audio === 'missing' || screen === 'missing') return 'reported_but_missing';
  if (screen === 'truncated' && (coverage ?? 0) < threshold) return 'reported_but_incomplete';
  return 'none';
}

function expectedSessions(truth: readonly ConversationTruth[]): Map<string, Discrepancy> {
  const expected = new Map<string, Discrepancy>();
  for (const conversation of truth) {
    if (conversation.malformed !== null || !conversation.handled) continue;
    for (const agent of conversation.agents) {
      if (!agent.coveredByPolicy) continue;
      expected.set(agent.sessionId, expectedDiscrepancy(agent.audio, agent.screen, agent.screenCoverage));
    }
  }
  return expected;
}

test('the pipeline on the small scenario reproduces the ground truth in the marts', { timeout: 300_000 }, async (t) => {
  const workspace = await sandboxWorkspace(t, 'small', { env: { PSEUDONYMISATION_KEY: 'integration-test-key' } });
  const { scenario, config } = workspace;
  await extractScenario(workspace);
  await buildModels({ ...config, orgTimezone: scenario.orgTimeZone }, quiet);

  const truth = groundTruth(scenario);
  const warehouse = config.warehousePath;

  await t.test('every valid conversation is in the warehouse once, every malformed one in quarantine', async () => {
    const valid = truth
      .filter((c) => c.malformed === null)
      .map((c) => c.conversationId)
      .sort();
    const malformed = truth
      .filter((c) => c.malformed !== null)
      .map((c) => c.conversationId)
      .sort();
    assert.ok(malformed.length > 0, 'the small scenario injects malformed records');
    const loaded = await queryRows(
      warehouse,
      'select conversation_id from genesys_staging.stg_genesys__conversations order by 1',
    );
    assert.deepEqual(
      loaded.map((r) => r['conversation_id']),
      valid,
    );
    const quarantined = await queryRows(
      warehouse,
      `select distinct record_key from etl_quarantine where stream = 'conversations' order by 1`,
    );
    assert.deepEqual(
      quarantined.map((r) => r['record_key']),
      malformed,
    );
  });

  await t.test(
    'fct_recording_compliance has one row per required agent session with the true discrepancy',
    async () => {
      const expected = expectedSessions(truth);
      const rows = await queryRows(
        warehouse,
        'select session_id, discrepancy_type from genesys_marts.fct_recording_compliance',
      );
      const actual = new Map(rows.map((r) => [String(r['session_id']), String(r['discrepancy_type'])]));
      assert.equal(actual.size, rows.length, 'one row per session');
      assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
      const wrong = [...expected].filter(([session, type]) => actual.get(session) !== type);
      assert.deepEqual(
        wrong.slice(0, 5).map(([session, type]) => ({ session, expected: type, actual: actual.get(session) })),
        [],
      );
      const kinds = new Set(expected.values());
      assert.ok(
        kinds.size >= 4,
        `the small scenario should exercise every discrepancy type, saw ${[...kinds].join(', ')}`,
      );
    },
  );

  await t.test('hourly reported and verified compliance match the ground truth', async () => {
    const byHour = new Map<string, { interactions: number; verified: number }>();
    for (const conversation of truth) {
      if (conversation.malformed !== null || !conversation.handled || !conversation.coveredByPolicy) continue;
      // The mart's grain: the UTC hour of the start (with the local date and hour beside it).
      const key = `${conversation.startHourUtc} ${conversation.localDate} ${conversation.localHour}`;
      const entry = byHour.get(key) ?? { interactions: 0, verified: 0 };
      const covered = conversation.agents.filter((agent) => agent.coveredByPolicy);
      // The mart's rows are per queue and agent too: an interaction counts once in each.
      const rows = new Set(covered.map((agent) => `${agent.queueId} ${agent.userId}`)).size;
      entry.interactions += rows;
      const allVerified = covered.every(
        (agent) => expectedDiscrepancy(agent.audio, agent.screen, agent.screenCoverage) === 'none',
      );
      if (allVerified) entry.verified += rows;
      byHour.set(key, entry);
    }
    const rows = await queryRows(
      warehouse,
      `select strftime(timezone('UTC', conversation_started_hour_utc), '%Y-%m-%dT%H:00:00.000Z') as hour,
              cast(local_date as varchar) as local_date, local_hour::int as local_hour,
              sum(interactions)::int as interactions,
              sum(reported_compliant_interactions)::int as reported,
              sum(verified_compliant_interactions)::int as verified
       from genesys_marts.agg_recording_compliance_hourly group by 1, 2, 3 order by 1, 2, 3`,
    );
    const actual = new Map(
      rows.map((r) => [`${String(r['hour'])} ${String(r['local_date'])} ${String(r['local_hour'])}`, r]),
    );
    assert.deepEqual([...actual.keys()].sort(), [...byHour.keys()].sort());
    for (const [key, entry] of byHour) {
      const row = actual.get(key);
      assert.equal(row?.['interactions'], entry.interactions, key);
      assert.equal(row['reported'], entry.interactions, `${key}: every interaction is reported as recorded`);
      assert.equal(row['verified'], entry.verified, key);
    }
  });

  await t.test('no phone number or e-mail address reaches the warehouse in clear', async () => {
    const [row] = await queryRows(
      warehouse,
      `select
         (select count(*) from raw_genesys__sessions where ani like 'tel:%' or dnis like 'tel:%')
       + (select count(*) from raw_genesys__conversations where raw_payload like '%tel:+%')
       + (select count(*) from raw_genesys__users where email like '%@%' or raw_payload like '%@example%') as leaks`,
    );
    assert.equal(Number(row?.['leaks']), 0);
  });
});
