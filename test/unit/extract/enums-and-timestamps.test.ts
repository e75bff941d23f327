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

test('a timestamp already in the normal form comes back as Date would print it; impossible dates are refused', () => {
  const instants = [0, 951_782_400_000, 1_709_164_800_000, 4_107_542_399_999, -62_167_219_200_000];
  for (let ms = 1_700_000_000_000; instants.length < 2_000; ms += 86_399_123) instants.push(ms);
  for (const ms of instants) {
    const value = new Date(ms).toISOString();
    assert.equal(isoTimestamp.parse(value), value);
  }
  for (const impossible of ['2023-02-29T00:00:00.000Z', '2024-04-31T00:00:00.000Z', '2024-01-01T24:00:00.000Z']) {
    assert.equal(isoTimestamp.safeParse(impossible).success, false, impossible);
  }
  assert.equal(isoTimestamp.parse('2024-02-29T23:59:59.999Z'), '2024-02-29T23:59:59.999Z');
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
