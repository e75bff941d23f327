import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPseudonymiser, personalDataKeys, pseudonymisePayload } from '../../../extract/pseudonymise.ts';
import { readRealPayload } from '../../helpers/real-payloads.ts';

const hash = createPseudonymiser('a-test-key-of-sufficient-length');

test('hashes are stable under one key and differ under another', () => {
  assert.equal(hash('tel:+4930123'), hash('tel:+4930123'));
  assert.notEqual(hash('tel:+4930123'), createPseudonymiser('another-key-of-enough-length')('tel:+4930123'));
  assert.match(hash('x'), /^hmac:[0-9a-f]{32}$/);
});

test('phone numbers and names in a conversation are hashed; ids and times are not', () => {
  const payload = readRealPayload('analytics-conversation-details/viadot-redacted-voice-ivr-query.json') as {
    conversations: unknown[];
  };
  const safe = pseudonymisePayload(payload.conversations[0], personalDataKeys.conversation, hash);
  const text = JSON.stringify(safe);
  assert.doesNotMatch(text, /tel:\+/);
  assert.doesNotMatch(text, /Mobile Number, Country/);
  assert.match(text, /"conversationStart":"2020-01-01T00:00:00.00Z"/);
  assert.match(text, /"mediaType":"voice"/);
});

test('user e-mail addresses, names and usernames are hashed', () => {
  const safe = pseudonymisePayload(
    readRealPayload('users-queues/devblog-cli-users-get-single-user.json'),
    personalDataKeys.user,
    hash,
  );
  const text = JSON.stringify(safe);
  assert.doesNotMatch(text, /john\.doe|John Doe/i);
  assert.match(text, /"id":"f0eeb2e7-6307-46e8-bb29-f8a223d46acf"/);
});

test('a null key disables pseudonymisation', () => {
  assert.equal(createPseudonymiser(null)('tel:+49'), 'tel:+49');
});
