import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flattenConversation } from '../../../../extract/flatten/conversation.ts';
import { conversationSchema } from '../../../../extract/schemas/analytics.ts';
import { readRealPayload } from '../../../helpers/real-payloads.ts';

const blueprint = conversationSchema.parse(
  readRealPayload('analytics-conversation-details/blueprint-sql-chat-single-conversation.json'),
);

test('one conversation row carrying the raw payload', () => {
  const rows = flattenConversation(blueprint);
  assert.equal(rows.conversations.length, 1);
  const [conversation] = rows.conversations;
  assert.equal(conversation?.conversation_id, '1bc96a39-6725-40c4-9345-db72aa67b8c6');
  assert.equal(conversation.conversation_start, '2021-04-01T12:27:53.386Z');
  assert.equal(conversation.originating_direction, 'inbound');
  assert.deepEqual(JSON.parse(conversation.raw_payload ?? 'null'), blueprint);
});

test('participants, sessions and segments keep their parents and order', () => {
  const rows = flattenConversation(blueprint);
  const payload = blueprint.participants ?? [];
  assert.equal(rows.participants.length, payload.length);
  const sessionCount = payload.reduce((n, p) => n + (p.sessions?.length ?? 0), 0);
  const segmentCount = payload.reduce(
    (n, p) => n + (p.sessions ?? []).reduce((m, s) => m + (s.segments?.length ?? 0), 0),
    0,
  );
  assert.equal(rows.sessions.length, sessionCount);
  assert.equal(rows.segments.length, segmentCount);
  const agent = rows.participants.find((p) => p.purpose === 'agent');
  assert.equal(agent?.user_id, '50fcd33c-f432-4726-abc9-979f3ca01555');
  const agentSegments = rows.segments.filter((s) => s.participant_id === agent.participant_id);
  assert.deepEqual(
    agentSegments.map((s) => s.segment_index),
    agentSegments.map((_, i) => i),
  );
  assert.equal(agentSegments[0]?.segment_type, 'alert');
});

test('recording flags, flow fields and attributes are flattened; absent values become null', () => {
  const rows = flattenConversation(
    conversationSchema.parse({
      conversationId: 'c1',
      conversationStart: '2026-11-03T13:00:00.000Z',
      participants: [
        {
          participantId: 'p-ivr',
          purpose: 'ivr',
          attributes: { ScreenPop_ScreenRec_Result: 'timeout', Retries: 2 },
          sessions: [
            {
              sessionId: 's-ivr',
              mediaType: 'voice',
              flow: { flowName: 'Inbound Sales IVR', flowVersion: '12.0' },
              segments: [{ segmentStart: '2026-11-03T13:00:00.000Z', segmentType: 'ivr' }],
            },
          ],
        },
        {
          participantId: 'p-agent',
          purpose: 'agent',
          userId: 'u1',
          screenRecording: true,
          sessions: [{ sessionId: 's-agent', mediaType: 'voice', recording: true }],
        },
      ],
    }),
  );
  assert.equal(rows.conversations[0]?.conversation_end, null);
  assert.equal(rows.sessions.find((s) => s.session_id === 's-ivr')?.flow_name, 'Inbound Sales IVR');
  assert.equal(rows.sessions.find((s) => s.session_id === 's-agent')?.recording, true);
  assert.equal(rows.participants.find((p) => p.participant_id === 'p-agent')?.screen_recording, true);
  assert.equal(rows.participants.find((p) => p.participant_id === 'p-ivr')?.screen_recording, null);
  assert.deepEqual(
    rows.participant_attributes.map((a) => [a.attribute_name, a.attribute_value]),
    [
      ['ScreenPop_ScreenRec_Result', 'timeout'],
      ['Retries', '2'],
    ],
  );
  assert.equal(rows.segments[0]?.segment_end, null);
});
