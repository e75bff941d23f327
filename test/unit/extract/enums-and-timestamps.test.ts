import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conversationSchema } from '../../../extract/schemas/analytics.ts';
import { qualityAuditEventSchema } from '../../../extract/schemas/custody.ts';
import { isoTimestamp } from '../../../extract/schemas/common.ts';
import { flattenConversation } from '../../../extract/flatten/conversation.ts';
import { validateRecord } from '../../../extract/validate.ts';

const conversation = (overrides: { direction?: string; mediaType?: string; segmentType?: string } = {}) => ({
  conversationId: 'c1',
  conversationStart: '2024-11-21T04:59:22Z',
  conversationEnd: '2024-11-21T05:10:00.5+01:00',
  originatingDirection: overrides.direction ?? 'inbound',
  participants: [
    {
      participantId: 'p1',
      purpose: 'agent',
      sessions: [
        {
          sessionId: 's1',
          mediaType: overrides.mediaType ?? 'voice',
          segments: [{ segmentStart: '2024-11-21T05:00:00.12Z', segmentType: overrides.segmentType ?? 'interact' }],
        },
      ],
    },
  ],
});

test('timestamps with and without milliseconds, or with an offset, are accepted and normalised to UTC ms', () => {
  assert.equal(isoTimestamp.parse('2024-11-21T04:59:22Z'), '2024-11-21T04:59:22.000Z');
  assert.equal(isoTimestamp.parse('2024-11-21T06:59:22.5+02:00'), '2024-11-21T04:59:22.500Z');
  assert.equal(isoTimestamp.safeParse('2024-11-21T04:59:22').success, false);
  const rows = flattenConversation(conversationSchema.parse(conversation()));
  const [row] = rows.conversations;
  assert.equal(row?.conversation_start, '2024-11-21T04:59:22.000Z');
  assert.equal(row.conversation_end, '2024-11-21T04:10:00.500Z');
  assert.equal(rows.segments[0]?.segment_start, '2024-11-21T05:00:00.120Z');
});

test('an audit event dated without milliseconds validates', () => {
  const parsed = qualityAuditEventSchema.safeParse({
    id: 'e1',
    eventDate: '2024-11-21T04:59:22Z',
    action: 'Read',
    entity: { id: 'r1' },
  });
  assert.ok(parsed.success);
  assert.equal(parsed.data.eventDate, '2024-11-21T04:59:22.000Z');
});

test('an unknown originatingDirection is kept; an unknown segmentType or mediaType is quarantined naming the field', () => {
  assert.equal(
    validateRecord(conversationSchema, 'conversations', conversation({ direction: 'sideways' }), 'conversationId').ok,
    true,
  );
  for (const [bad, field] of [
    [{ segmentType: 'teleport' }, 'segmentType'],
    [{ mediaType: 'hologram' }, 'mediaType'],
  ] as const) {
    const result = validateRecord(conversationSchema, 'conversations', conversation(bad), 'conversationId');
    if (result.ok) assert.fail(`${field} should be quarantined`);
    assert.equal(result.quarantine.record_key, 'c1');
    assert.match(result.quarantine.reason ?? '', new RegExp(field));
  }
});
