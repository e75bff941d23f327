import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flattenPolicy } from '../../../../extract/flatten/dimensions.ts';
import { changeTypeOf, parseDateRange, policyChangeRows } from '../../../../extract/flatten/policy-conditions.ts';
import { orgAuditEventSchema } from '../../../../extract/schemas/custody.ts';
import { policySchema } from '../../../../extract/schemas/dimensions.ts';
import { readRealPayload } from '../../../helpers/real-payloads.ts';

const conditionsOf = (conditions: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  flattenPolicy(
    policySchema.parse({
      id: 'p1',
      name: 'Every condition',
      modifiedDate: '2026-11-02T12:00:00.000Z',
      mediaPolicies: { callPolicy: { conditions, actions: { retainRecording: true } } },
      ...extra,
    }),
  ).retention_policy_condition_values;

test('every condition kind becomes one row per value; empty lists and an empty timeAllowed do not restrict', () => {
  const rows = conditionsOf({
    directions: ['inbound'],
    forQueues: [{ id: 'q1' }, { id: 'q2' }],
    forUsers: [{ id: 'u1' }],
    wrapupCodes: [{ id: 'w1', name: 'Sale' }],
    languages: [{ id: 'l1' }],
    dateRanges: ['2026-11-01T00:00:00Z/2026-11-03T00:00:00.000+01:00'],
    timeAllowed: {
      timeSlots: [{ startTime: '09:00:00.000', stopTime: '17:30', day: 1 }],
      timeZoneId: 'America/New_York',
      empty: false,
    },
    teams: [],
  });
  const byType = (type: string) => rows.filter((r) => r.condition_type === type);
  assert.deepEqual(
    byType('direction').map((r) => r.value_id),
    ['INBOUND'],
  );
  assert.deepEqual(
    byType('queue').map((r) => [r.value_index, r.value_id]),
    [
      [0, 'q1'],
      [1, 'q2'],
    ],
  );
  assert.deepEqual(
    ['user', 'wrapup_code', 'language'].map((t) => byType(t)[0]?.value_id),
    ['u1', 'w1', 'l1'],
  );
  assert.deepEqual(
    byType('date_range').map((r) => [r.range_start, r.range_end]),
    [['2026-11-01T00:00:00.000Z', '2026-11-02T23:00:00.000Z']],
  );
  assert.deepEqual(
    byType('time_slot').map((r) => [r.slot_day, r.slot_start_time, r.slot_stop_time, r.time_zone_id]),
    [[1, '09:00:00', '17:30:00', 'America/New_York']],
  );
  assert.equal(byType('unsupported').length, 0);
  assert.equal(conditionsOf({ forQueues: [], timeAllowed: { timeSlots: [], empty: true } }).length, 0);
});

test('a condition the models cannot evaluate is kept as unsupported or unreadable, never dropped', () => {
  const rows = conditionsOf(
    {
      duration: { durationTarget: 'DURATION', durationMode: 'Over', durationRange: 'PT10S' },
      teams: [{ id: 't1' }],
      dateRanges: ['last week'],
      timeAllowed: { timeSlots: [{ startTime: 'nine', stopTime: '17:00', day: 'Funday' }], timeZoneId: 'Mars/Olympus' },
    },
    { conditions: { mediaTypes: ['CALL'] } },
  );
  assert.deepEqual(
    rows.filter((r) => r.condition_type === 'unsupported').map((r) => r.value_id),
    ['duration', 'teams', 'conditions'],
  );
  const range = rows.find((r) => r.condition_type === 'date_range');
  assert.deepEqual([range?.range_start, range?.range_end, range?.raw_value], [null, null, 'last week']);
  const slot = rows.find((r) => r.condition_type === 'time_slot');
  assert.deepEqual([slot?.slot_day, slot?.slot_start_time, slot?.time_zone_id], [null, null, null]);
  assert.equal(parseDateRange('2026-11-01T00:00:00/2026-11-02T00:00:00'), null, 'a range without zones is not guessed');
});

test('a policy Update audit event yields the old values of the scope-relevant properties', () => {
  const event = orgAuditEventSchema.parse({
    id: 'e1',
    eventDate: '2026-11-03T05:00:00Z',
    serviceName: 'Quality',
    action: 'Update',
    entityType: 'Policy',
    entity: { id: 'p1', name: 'Team leads' },
    propertyChanges: [
      { property: 'mediaPolicies.callPolicy.conditions.forUsers', oldValues: ['u1', 'u2'], newValues: ['u3'] },
      { property: 'mediaPolicies.callPolicy.conditions.directions', oldValues: [], newValues: ['INBOUND'] },
      { property: 'enabled', oldValues: ['false'], newValues: ['true'] },
      { property: 'initiateScreenRecording.deleteRetention.days', oldValues: ['180'], newValues: ['365'] },
      { property: 'mediaPolicies.callPolicy.conditions.timeAllowed', oldValues: ['{}'], newValues: ['{}'] },
    ],
  });
  const rows = policyChangeRows(event);
  assert.deepEqual(
    rows.map((r) => [r.change_index, r.change_type, r.value_index, r.old_value]),
    [
      [0, 'user', -1, null],
      [0, 'user', 0, 'u1'],
      [0, 'user', 1, 'u2'],
      [1, 'direction', -1, null],
      [2, 'enabled', -1, null],
      [2, 'enabled', 0, 'false'],
      [4, 'unsupported', -1, null],
    ],
  );
  assert.ok(rows.every((r) => r.policy_id === 'p1' && r.changed_at === '2026-11-03T05:00:00.000Z'));
  assert.equal(changeTypeOf('name'), null);
});

test('audit events about other entities, and the real org audit payloads, yield no policy changes', () => {
  const flow = orgAuditEventSchema.parse(readRealPayload('audits/datadog-auditlog-architect-flow-save-redacted.json'));
  assert.deepEqual(policyChangeRows(flow), []);
  const role = orgAuditEventSchema.parse(readRealPayload('audits/datadog-auditlog-peoplepermissions-role-update.json'));
  assert.deepEqual(policyChangeRows(role), []);
});
