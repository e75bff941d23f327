import assert from 'node:assert/strict';
import { test } from 'node:test';
import { orgAuditEvents, orgAuditJson } from '../../../../sandbox/generator/audit-log.ts';
import { retentionPoliciesOf } from '../../../../sandbox/generator/org-entities.ts';
import { extraPoliciesOf } from '../../../../sandbox/generator/policies.ts';
import { loadScenario, parseScenario, ScenarioError } from '../../../../sandbox/index.ts';

test('the default scenarios keep their two policies and no policy change events', async () => {
  const small = await loadScenario('small');
  assert.equal(retentionPoliciesOf(small).length, 2);
  assert.equal(
    orgAuditEvents(small).filter((e) => e.entity.name !== 'Always Record' && e.entityType === 'Policy').length,
    0,
  );
});

test('an extra policy changed mid-range has modifiedDate at the change and an audited Update with the old values', async () => {
  const scenario = await loadScenario('policies');
  const [, teamLeads] = extraPoliciesOf(scenario);
  assert.ok(teamLeads?.changeMs !== null && teamLeads?.changeMs !== undefined);
  const payload = retentionPoliciesOf(scenario).find((p) => p['id'] === teamLeads.id);
  assert.equal(payload?.['modifiedDate'], new Date(teamLeads.changeMs).toISOString());
  const event = orgAuditEvents(scenario).find((e) => e.entity.id === teamLeads.id);
  assert.ok(event !== undefined);
  assert.equal(event.atMs, teamLeads.changeMs);
  const json = orgAuditJson(scenario, event);
  assert.deepEqual(
    (json['propertyChanges'] as { property: string }[]).map((c) => c.property),
    ['mediaPolicies.callPolicy.conditions.forUsers'],
  );
});

test('an extra policy naming an unknown queue or agent is a scenario error naming the field', () => {
  assert.throws(
    () =>
      parseScenario({
        name: 'bad',
        seed: 1,
        agents: 4,
        extraPolicies: [{ name: 'x', order: 3, conditions: { queues: ['Nowhere'], users: [9] } }],
      }),
    (error: unknown) =>
      error instanceof ScenarioError &&
      error.message.includes('extraPolicies.0.conditions.queues.0: unknown queue "Nowhere"') &&
      error.message.includes('extraPolicies.0.conditions.users.0: agent index 9'),
  );
});
