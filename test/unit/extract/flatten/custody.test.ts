import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  flattenActionAggregates,
  flattenOrgAuditEvent,
  flattenQualityAuditEvent,
  flattenRecordingJob,
} from '../../../../extract/flatten/custody.ts';
import { pseudonymiseAuditEvent } from '../../../../extract/personal-data.ts';
import { createPseudonymiser } from '../../../../extract/pseudonymise.ts';
import {
  actionAggregatesSchema,
  orgAuditEventSchema,
  qualityAuditEventSchema,
  recordingJobSchema,
} from '../../../../extract/schemas/custody.ts';
import { readRealPayload } from '../../../helpers/real-payloads.ts';

const hash = createPseudonymiser('custody-test-key-0123');

test('both published org audit messages pass the schema and flatten; user name and IPs are hashed', () => {
  for (const file of [
    'datadog-auditlog-peoplepermissions-role-update.json',
    'datadog-auditlog-architect-flow-save-redacted.json',
  ]) {
    const raw = readRealPayload(`audits/${file}`);
    const safe = pseudonymiseAuditEvent(raw, hash);
    const parsed = orgAuditEventSchema.safeParse(safe);
    assert.ok(parsed.success, `${file}: ${parsed.success ? '' : parsed.error.message}`);
    const row = flattenOrgAuditEvent(parsed.data);
    assert.equal(row.event_id, (raw as { id: string }).id);
    assert.doesNotMatch(row.raw_payload ?? '', /203\.0\.113|"name":"abc"/);
  }
});

test('a quality audit event keeps entity, action and the conversation from its context', () => {
  const row = flattenQualityAuditEvent(
    qualityAuditEventSchema.parse({
      id: 'a2',
      eventDate: '2024-05-03T12:00:00Z',
      serviceName: 'RecordingPlaybackService',
      level: 'User',
      status: 'Success',
      action: 'Read',
      entityType: 'Recording',
      entity: { id: 'r1' },
      user: { id: 'u9', name: 'hmac:abc' },
      context: { conversationId: 'c0a1' },
    }),
  );
  assert.deepEqual(
    [row.action, row.entity_type, row.entity_id, row.conversation_id, row.user_id],
    ['Read', 'Recording', 'r1', 'c0a1', 'u9'],
  );
});

test('recording jobs flatten the query they ran', () => {
  const row = flattenRecordingJob(
    recordingJobSchema.parse({
      id: 'job-1',
      state: 'READY',
      recordingJobsQuery: { action: 'EXPORT', actionDate: '2024-05-03T00:00:00.000Z', integrationId: 'int-s3-1' },
      totalRecordings: 1650,
      percentProgress: 12.5,
      user: { id: 'u-admin' },
    }),
  );
  assert.deepEqual(
    [row.action, row.integration_id, row.total_recordings, row.percent_progress],
    ['EXPORT', 'int-s3-1', 1650, 13],
  );
});

test('action aggregates become one row per action, hour, status and error type', () => {
  const rows = flattenActionAggregates(
    actionAggregatesSchema.parse({
      results: [
        {
          group: { actionId: 'act-1', responseStatus: '408', errorType: 'timeout' },
          data: [
            {
              interval: '2026-11-02T13:00:00.000Z/2026-11-02T14:00:00.000Z',
              metrics: [{ metric: 'tTotalExecution', stats: { count: 7 } }],
            },
            {
              interval: '2026-11-02T14:00:00.000Z/2026-11-02T15:00:00.000Z',
              metrics: [{ metric: 'tTotalExecution', stats: { count: 31 } }],
            },
          ],
        },
      ],
    }),
  );
  assert.deepEqual(
    rows.map((row) => [row.action_id, row.response_status, row.executions, row.interval_start]),
    [
      ['act-1', '408', 7, '2026-11-02T13:00:00.000Z'],
      ['act-1', '408', 31, '2026-11-02T14:00:00.000Z'],
    ],
  );
  assert.notEqual(rows[0]?.aggregate_id, rows[1]?.aggregate_id);
});
