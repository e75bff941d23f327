import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conversationSchema } from '../../../extract/schemas/analytics.ts';
import { userSchema } from '../../../extract/schemas/dimensions.ts';
import { recordingMetadataSchema } from '../../../extract/schemas/recording.ts';
import { readRealPayload, realConversations } from '../../helpers/real-payloads.ts';

test('every published conversation payload passes the conversation schema', () => {
  const conversations = realConversations();
  assert.ok(conversations.length >= 27, `expected the 25 + 1 + n published conversations, got ${conversations.length}`);
  for (const { file, conversation } of conversations) {
    const parsed = conversationSchema.safeParse(conversation);
    assert.ok(parsed.success, `${file}: ${parsed.success ? '' : parsed.error.message}`);
  }
});

test('unknown fields are kept, so drift reaches the raw payload column', () => {
  const conversation = realConversations()[0]?.conversation as Record<string, unknown>;
  const parsed = conversationSchema.parse({ ...conversation, someNewField: { nested: 1 } });
  assert.deepEqual((parsed as Record<string, unknown>)['someNewField'], { nested: 1 });
});

test('a local timestamp without a zone, a wrong type or a missing field is rejected', () => {
  const base = { conversationId: 'c1', conversationStart: '2026-11-03T14:05:00.000Z', participants: [] };
  assert.ok(conversationSchema.safeParse(base).success);
  assert.equal(conversationSchema.safeParse({ ...base, conversationStart: '2026-11-03T14:05:00' }).success, false);
  assert.equal(conversationSchema.safeParse({ ...base, participants: 'n/a' }).success, false);
  assert.equal(conversationSchema.safeParse({ conversationId: 'c1' }).success, false);
});

test('the published single-user payload passes the user schema', () => {
  assert.ok(userSchema.safeParse(readRealPayload('users-queues/devblog-cli-users-get-single-user.json')).success);
});

test('recording metadata: archived stubs without sessionId and null times are accepted, unknown fileStates are not', () => {
  const stub = {
    id: 'r2',
    conversationId: 'c1',
    media: 'screen',
    fileState: 'ARCHIVED',
    startTime: null,
    archiveMedium: 'CLOUDARCHIVE',
  };
  assert.ok(recordingMetadataSchema.safeParse(stub).success);
  assert.equal(recordingMetadataSchema.safeParse({ ...stub, fileState: 'LOST' }).success, false);
});
