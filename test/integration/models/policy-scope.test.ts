/**
 * Policy matching end to end on the `policies` scenario: retention policies with direction,
 * queue, user, wrap-up code, language, date range and time-allowed conditions, one changed
 * mid-range (org audit event and modifiedDate) and one created mid-range. The agent sessions
 * the models put in scope, flag undetermined or leave out must be those the sandbox's ground
 * truth derives from the conversation plans (sandbox/generator/policies.ts), never through the
 * pipeline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarioStartMs } from '../../../sandbox/generator/arrivals.ts';
import { extraPoliciesOf } from '../../../sandbox/generator/policies.ts';
import { groundTruth } from '../../../sandbox/ground-truth.ts';
import { scenarioWindows } from '../../../scripts/commands/sandbox-wiring.ts';
import { buildModels } from '../../../scripts/commands/shared.ts';
import { extractScenario, quiet, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

interface SessionScope {
  policy_id: string | null;
  is_policy_undetermined: boolean;
  is_screen_recording_required: boolean;
}

test(
  'policy scope follows every condition and the policy as it was when the conversation started',
  { timeout: 600_000 },
  async (t) => {
    const workspace = await sandboxWorkspace(t, 'policies');
    const { scenario, config } = workspace;
    await extractScenario(workspace, { windows: scenarioWindows(scenario) });
    await buildModels(config, quiet);

    const expected = new Map<string, SessionScope>();
    const outOfScope = new Set<string>();
    const governedByTeamLeads: { before: number; after: number } = { before: 0, after: 0 };
    const [, teamLeads] = extraPoliciesOf(scenario);
    assert.ok(
      teamLeads?.changeMs !== null && teamLeads?.changeMs !== undefined,
      'the scenario changes "Team leads" mid-range',
    );
    for (const conversation of groundTruth(scenario)) {
      // Only conversations the pipeline keeps: every other malformation is quarantined.
      if (!conversation.visible || (conversation.malformed !== null && conversation.malformed !== 'unknown_enum'))
        continue;
      for (const agent of conversation.agents) {
        const key = `${conversation.conversationId}/${agent.participantId}/${agent.sessionId}`;
        const { scope, policyId, screenRequired } = agent.policyScope;
        if (scope === 'out_of_scope') {
          outOfScope.add(key);
          continue;
        }
        expected.set(key, {
          policy_id: policyId,
          is_policy_undetermined: scope === 'undetermined',
          is_screen_recording_required: screenRequired,
        });
        if (policyId === teamLeads.id && scope === 'in_scope') {
          if (Date.parse(conversation.start) < teamLeads.changeMs) governedByTeamLeads.before++;
          else governedByTeamLeads.after++;
        }
      }
    }
    // The scenario exercises what the test is about.
    assert.ok(governedByTeamLeads.before > 0 && governedByTeamLeads.after > 0, JSON.stringify(governedByTeamLeads));
    const kinds = [...expected.values()];
    assert.ok(kinds.some((s) => s.is_policy_undetermined));
    assert.ok(kinds.some((s) => !s.is_policy_undetermined && !s.is_screen_recording_required));
    assert.ok(outOfScope.size > 0);

    const rows = await queryRows(
      config.warehousePath,
      `select conversation_id || '/' || participant_id || '/' || session_id as session_key,
            policy_id, is_policy_undetermined, is_screen_recording_required
     from genesys_staging.int_agent_sessions_joined_to_policies`,
    );
    const actual = new Map<string, SessionScope>(
      rows.map((row) => [
        String(row['session_key']),
        {
          policy_id: typeof row['policy_id'] === 'string' ? row['policy_id'] : null,
          is_policy_undetermined: row['is_policy_undetermined'] === true,
          is_screen_recording_required: row['is_screen_recording_required'] === true,
        },
      ]),
    );
    const missing = [...expected.keys()].filter((key) => !actual.has(key));
    const unexpected = [...actual.keys()].filter((key) => !expected.has(key));
    assert.deepEqual({ missing, unexpected }, { missing: [], unexpected: [] });
    for (const [key, scope] of expected) assert.deepEqual(actual.get(key), scope, key);

    // The in-scope sessions reach the compliance mart with their undetermined flag.
    const [mart] = await queryRows(
      config.warehousePath,
      `select count(*)::int as sessions, count(*) filter (where is_policy_undetermined)::int as undetermined
     from genesys_marts.fct_recording_compliance`,
    );
    assert.deepEqual(mart, {
      sessions: expected.size,
      undetermined: kinds.filter((s) => s.is_policy_undetermined).length,
    });

    // The change is in the warehouse as the audit trail recorded it, the policy's new version from then on.
    const [version] = await queryRows(
      config.warehousePath,
      `select count(*)::int as versions, epoch_ms(max(valid_from))::double as changed_at_ms
     from genesys_staging.int_retention_policy_versions where policy_id = '${teamLeads.id}'`,
    );
    assert.deepEqual(version, { versions: 2, changed_at_ms: teamLeads.changeMs });
    assert.ok(teamLeads.changeMs > scenarioStartMs(scenario));
  },
);
