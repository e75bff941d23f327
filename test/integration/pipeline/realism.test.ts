/**
 * The whole pipeline on the realism scenario: recordings that never started (screenRecording /
 * recording false or omitted), transfers across queues, three divisions of which the OAuth
 * client sees two, audit timestamps without milliseconds, and every malformation kind. The
 * warehouse is checked against the ground truth, computed from the generator plans.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  auditEventIds,
  groundTruth,
  injectedMalformedIds,
  type AgentTruth,
  type ConversationTruth,
  type MalformedKind,
} from '../../../sandbox/index.ts';
import { scenarioWindows } from '../../../scripts/commands/sandbox-wiring.ts';
import { buildModels } from '../../../scripts/commands/shared.ts';
import { extractScenario, quiet, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

const threshold = 0.9;
/** Kept and flagged (valid JSON, a value outside an enum the marts depend on); the other kinds are quarantined. */
const flaggedKinds: readonly MalformedKind[] = ['unknown_enum'];

function expectedDiscrepancy(conversation: ConversationTruth, agent: AgentTruth): string {
  if (conversation.malformed === 'unknown_enum') return 'policy_undetermined';
  if (!agent.audioReported || !agent.screenReported) return 'not_reported';
  if (agent.audio === 'error' || agent.screen === 'error') return 'reported_but_failed';
  if (agent.audio === 'missing' || agent.screen === 'missing') return 'reported_but_missing';
  if (agent.screen === 'truncated' && (agent.screenCoverage ?? 0) < threshold) return 'reported_but_incomplete';
  return 'none';
}

const sorted = (values: Iterable<string>): string[] => [...values].sort();

test(
  'realism: not-started recordings, cross-queue transfers, divisions, unknown enums',
  { timeout: 300_000 },
  async (t) => {
    const now = Date.parse('2026-11-10T00:00:00.000Z');
    const workspace = await sandboxWorkspace(t, 'realism', {
      sandbox: { clock: () => now },
      env: { PSEUDONYMISATION_KEY: 'integration-test-key' },
    });
    const { scenario, config } = workspace;
    await extractScenario(workspace);
    await buildModels({ ...config, orgTimezone: scenario.orgTimeZone }, quiet);

    const truth = groundTruth(scenario, undefined, undefined, { now });
    const visible = truth.filter((c) => c.visible);
    const kept = visible.filter((c) => c.malformed === null || flaggedKinds.includes(c.malformed));
    const warehouse = config.warehousePath;
    const column = async (sql: string): Promise<string[]> =>
      (await queryRows(warehouse, sql)).map((r) => String(Object.values(r)[0]));

    await t.test("only the OAuth client's divisions are extracted, with their divisionIds", async () => {
      assert.ok(truth.some((c) => !c.visible) && truth.some((c) => c.divisionIds.length > 1));
      const rows = await queryRows(
        warehouse,
        'select conversation_id, division_ids from genesys_staging.stg_genesys__conversations',
      );
      assert.deepEqual(
        sorted(rows.map((r) => String(r['conversation_id']))),
        sorted(kept.map((c) => c.conversationId)),
      );
      const byId = new Map(truth.map((c) => [c.conversationId, c]));
      for (const r of rows) {
        assert.deepEqual(JSON.parse(String(r['division_ids'])), byId.get(String(r['conversation_id']))?.divisionIds);
      }
    });

    await t.test('quarantine plus flagged rows are exactly the injected malformed records', async () => {
      const visibleIds = new Set(visible.map((c) => c.conversationId));
      const injected = injectedMalformedIds(scenario).filter((id) => visibleIds.has(id));
      const flagged = injectedMalformedIds(scenario, flaggedKinds).filter((id) => visibleIds.has(id));
      assert.ok(flagged.length > 0 && flagged.length < injected.length);
      const quarantined = await column(`select distinct record_key from etl_quarantine order by 1`);
      const flaggedRows = await column(
        'select conversation_id from genesys_staging.stg_genesys__conversations where not is_originating_direction_known order by 1',
      );
      assert.deepEqual(flaggedRows, sorted(flagged));
      assert.deepEqual(sorted([...quarantined, ...flaggedRows]), sorted(injected));
      const reasons = await column(`select reason from etl_quarantine`);
      assert.ok(reasons.some((r) => r.includes('segmentType')) && reasons.some((r) => r.includes('mediaType')));
    });

    await t.test('no conversation is loaded unfinished', async () => {
      assert.deepEqual(
        await column(
          'select count(*) from genesys_staging.stg_genesys__conversations where conversation_ended_at is null',
        ),
        ['0'],
      );
    });

    await t.test(
      'fct_recording_compliance: the true discrepancy per session, not_reported and policy_undetermined included',
      async () => {
        const expected = new Map<string, string>();
        for (const c of kept) {
          if (!c.handled) continue;
          for (const agent of c.agents) {
            // An undetermined policy keeps every agent session; otherwise only covered queues require recording.
            if (agent.coveredByPolicy || c.malformed === 'unknown_enum') {
              expected.set(agent.sessionId, expectedDiscrepancy(c, agent));
            }
          }
        }
        const kinds = new Set(expected.values());
        for (const kind of ['not_reported', 'policy_undetermined', 'none']) assert.ok(kinds.has(kind), kind);
        const rows = await queryRows(
          warehouse,
          'select session_id, discrepancy_type from genesys_marts.fct_recording_compliance',
        );
        const actual = new Map(rows.map((r) => [String(r['session_id']), String(r['discrepancy_type'])]));
        assert.equal(actual.size, rows.length, 'one row per session');
        assert.deepEqual(sorted(actual.keys()), sorted(expected.keys()));
        const wrong = [...expected].filter(([session, type]) => actual.get(session) !== type);
        assert.deepEqual(
          wrong.slice(0, 5).map(([session, type]) => ({ session, expected: type, actual: actual.get(session) })),
          [],
        );
      },
    );

    await t.test('the hourly mart counts a cross-queue interaction in both queues', async () => {
      const perQueue = new Map<
        string,
        { interactions: Set<string>; sessions: number; notReported: number; undetermined: number }
      >();
      for (const c of kept) {
        for (const agent of c.agents) {
          if (!agent.coveredByPolicy && c.malformed !== 'unknown_enum') continue;
          const entry = perQueue.get(agent.queueId) ?? {
            interactions: new Set(),
            sessions: 0,
            notReported: 0,
            undetermined: 0,
          };
          // the mart's rows are per agent too: an interaction counts once per queue and agent
          entry.interactions.add(`${c.conversationId} ${agent.userId}`);
          entry.sessions++;
          const type = expectedDiscrepancy(c, agent);
          if (type === 'not_reported') entry.notReported++;
          if (type === 'policy_undetermined') entry.undetermined++;
          perQueue.set(agent.queueId, entry);
        }
      }
      const crossCovered = kept.filter(
        (c) =>
          c.transferQueueId !== null &&
          new Set(c.agents.filter((a) => a.coveredByPolicy).map((a) => a.queueId)).size > 1,
      );
      assert.ok(crossCovered.length > 0, 'some interactions have required sessions in two queues');
      const rows = await queryRows(
        warehouse,
        `select queue_id, sum(interactions)::int as interactions, sum(agent_sessions)::int as sessions,
              sum(not_reported_sessions)::int as not_reported,
              sum(policy_undetermined_sessions)::int as undetermined
         from genesys_marts.agg_recording_compliance_hourly group by queue_id order by queue_id`,
      );
      assert.deepEqual(
        rows,
        [...perQueue]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([queueId, e]) => ({
            queue_id: queueId,
            interactions: e.interactions.size,
            sessions: e.sessions,
            not_reported: e.notReported,
            undetermined: e.undetermined,
          })),
      );
    });

    await t.test('audit timestamps sent without milliseconds are loaded as the same instants', async () => {
      const events = new Map(
        truth.flatMap((c) => c.recordings.flatMap((r) => r.auditEvents.map((e) => [e.id, e.eventDate] as const))),
      );
      assert.ok(
        [...events.values()].every((d) => /:\d\dZ$/.test(d)),
        'the scenario sends seconds only',
      );
      const rows = await queryRows(
        warehouse,
        `select event_id, epoch_ms(event_at) as ms from genesys_staging.stg_genesys__recording_audit_events`,
      );
      // Custody audits are extracted for the scenario's windows: the events that happened in them.
      const windows = scenarioWindows(scenario);
      const from = Date.parse(windows[0]?.start ?? '');
      const to = Date.parse(windows.at(-1)?.end ?? '');
      const inWindows = auditEventIds(scenario, { now }).filter((id) => {
        const at = Date.parse(events.get(id) ?? '');
        return at >= from && at < to;
      });
      assert.ok(inWindows.length > 0);
      assert.deepEqual(sorted(rows.map((r) => String(r['event_id']))), inWindows);
      for (const r of rows) assert.equal(Number(r['ms']), Date.parse(events.get(String(r['event_id'])) ?? ''));
    });
  },
);
