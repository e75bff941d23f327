import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flattenConversation } from '../../../extract/flatten/conversation.ts';
import { flattenUser } from '../../../extract/flatten/dimensions.ts';
import {
  auditEventPolicy,
  conversationPolicy,
  recordingJobPolicy,
  recordingMetadataPolicy,
  userPolicy,
} from '../../../extract/personal-data.ts';
import { applyPolicy, createPseudonymiser, type FieldPolicy } from '../../../extract/pseudonymise.ts';
import {
  conversationSchema,
  flowSchema,
  participantSchema,
  segmentSchema,
  sessionSchema,
} from '../../../extract/schemas/analytics.ts';
import { recordingMetadataSchema } from '../../../extract/schemas/recording.ts';
import { userSchema } from '../../../extract/schemas/dimensions.ts';
import {
  ATTRIBUTE_NAMES,
  DRIFTED_PERSONAL_DATA,
  loadScenario,
  parseScenario,
  planConversation,
  renderConversation,
} from '../../../sandbox/index.ts';
import { readRealPayload, realConversations } from '../../helpers/real-payloads.ts';

const hash = createPseudonymiser('personal-data-test-key');
const allowlist = new Set([ATTRIBUTE_NAMES.screenPopResult, ATTRIBUTE_NAMES.screenPopHttpStatus]);
const policy = conversationPolicy(allowlist);

/** Every clear-text form of the drifted phone number and e-mail address. */
const needles = [
  DRIFTED_PERSONAL_DATA.phone,
  DRIFTED_PERSONAL_DATA.phoneDigits,
  DRIFTED_PERSONAL_DATA.email,
  DRIFTED_PERSONAL_DATA.emailUrlEncoded,
];

const nested = (p: FieldPolicy, ...path: string[]): FieldPolicy =>
  path.reduce((at, key) => at.nested?.[key] ?? assert.fail(`no nested policy ${key}`), p);

/** The schema's modelled fields that the policy does not keep in clear. */
const notKept = (shape: Record<string, unknown>, p: FieldPolicy): string[] =>
  Object.keys(shape)
    .filter((key) => p.keep?.has(key) !== true && p.nested?.[key] === undefined && p.maps?.[key] === undefined)
    .sort();

test('every modelled field is kept in clear except the known personal ones', () => {
  assert.deepEqual(notKept(conversationSchema.shape, policy), []);
  assert.deepEqual(notKept(participantSchema.shape, nested(policy, 'participants')), ['participantName']);
  assert.deepEqual(notKept(sessionSchema.shape, nested(policy, 'participants', 'sessions')), ['ani', 'dnis']);
  assert.deepEqual(notKept(segmentSchema.shape, nested(policy, 'participants', 'sessions', 'segments')), []);
  assert.deepEqual(notKept(flowSchema.shape, nested(policy, 'participants', 'sessions', 'flow')), []);
  assert.deepEqual(notKept(recordingMetadataSchema.shape, recordingMetadataPolicy), []);
  assert.deepEqual(notKept(userSchema.shape, userPolicy), ['email', 'name']);
});

test('published conversations: numbers and names hashed, every other typed column unchanged', () => {
  for (const { file, conversation } of realConversations()) {
    const safe = applyPolicy(conversation, policy, hash);
    const text = JSON.stringify(safe);
    assert.doesNotMatch(text, /tel:\+|sip:|Mobile Number|John Doe|"Customer"/, file);
    const before = flattenConversation(conversationSchema.parse(conversation));
    const after = flattenConversation(conversationSchema.parse(safe));
    assert.deepEqual(
      after.conversations.map((r) => ({ ...r, raw_payload: null })),
      before.conversations.map((r) => ({ ...r, raw_payload: null })),
      file,
    );
    assert.deepEqual(after.segments, before.segments, file);
    const strip = (rows: object[], keys: string[]) =>
      rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !keys.includes(key))));
    assert.deepEqual(strip(after.participants, ['participant_name']), strip(before.participants, ['participant_name']));
    assert.deepEqual(strip(after.sessions, ['ani', 'dnis']), strip(before.sessions, ['ani', 'dnis']), file);
  }
});

test('a drifted sandbox conversation: drifted personal fields and non-allow-listed attributes are hashed', async () => {
  const scenario = parseScenario({ ...(await loadScenario('small')), schemaDriftRate: 1, malformedRate: 0 });
  const raw = renderConversation(scenario, planConversation(scenario, 3), true, Infinity);
  const rawText = JSON.stringify(raw);
  for (const needle of needles) assert.ok(rawText.includes(needle), `the sandbox renders ${needle}`);

  const safe = conversationSchema.parse(applyPolicy(raw, policy, hash));
  const text = JSON.stringify(safe);
  for (const needle of needles) assert.ok(!text.includes(needle), `${needle} is not in clear`);
  // Drift stays visible by name.
  assert.match(text, /"customerMobile":"hmac:/);
  assert.match(text, /"customerEmail":"hmac:/);
  assert.match(text, /"conversationInitiatorRegion":"hmac:/);

  const attributes = new Map(
    flattenConversation(safe).participant_attributes.map((a) => [a.attribute_name, a.attribute_value ?? '']),
  );
  assert.match(attributes.get(ATTRIBUTE_NAMES.screenPopResult) ?? '', /^(success|timeout)$/);
  assert.match(attributes.get(ATTRIBUTE_NAMES.screenPopHttpStatus) ?? '', /^(200|408)$/);
  for (const name of [ATTRIBUTE_NAMES.language, ATTRIBUTE_NAMES.customerSegment, 'Customer_Email', 'Customer_Mobile']) {
    assert.match(attributes.get(name) ?? '', /^hmac:/, name);
  }
});

test('a malformed record is pseudonymised too: participants sent as a JSON string are hashed whole', () => {
  const raw = {
    conversationId: 'c1',
    conversationStart: '2026-11-02 09:00:00',
    participants: JSON.stringify([{ participantId: 'p1', customerMobile: DRIFTED_PERSONAL_DATA.phone }]),
  };
  const safe = applyPolicy(raw, policy, hash) as Record<string, unknown>;
  assert.equal(safe['conversationStart'], '2026-11-02 09:00:00', 'what made it malformed stays readable');
  assert.ok(!JSON.stringify(safe).includes(DRIFTED_PERSONAL_DATA.phoneDigits));
  assert.equal(conversationSchema.safeParse(safe).success, false);
});

test('recording metadata: annotation users and free text, and drifted fields, are hashed', () => {
  const safe = applyPolicy(
    {
      id: 'r1',
      conversationId: 'c1',
      fileState: 'AVAILABLE',
      media: 'audio',
      name: 'Call with +4915112345678',
      annotations: [{ id: 'a1', type: 'pause', durationMs: 10, user: { id: 'u1', name: 'Jane Agent' } }],
      uploadedBy: DRIFTED_PERSONAL_DATA.email,
    },
    recordingMetadataPolicy,
    hash,
  );
  const parsed = recordingMetadataSchema.parse(safe);
  assert.equal(parsed.fileState, 'AVAILABLE');
  assert.doesNotMatch(JSON.stringify(parsed), /4915112345678|Jane Agent|erika/);
  assert.match(JSON.stringify(parsed), /"id":"u1"/);
});

test('users: names, e-mail addresses, usernames and contact info are hashed; ids, state and division kept', () => {
  const raw = readRealPayload('users-queues/devblog-cli-users-get-single-user.json');
  const safe = userSchema.parse(applyPolicy(raw, userPolicy, hash));
  assert.doesNotMatch(JSON.stringify(safe), /john\.doe|John Doe/i);
  const row = flattenUser(safe);
  assert.equal(row.user_id, 'f0eeb2e7-6307-46e8-bb29-f8a223d46acf');
  assert.equal(row.state, 'active');
  assert.equal(row.division_id, 'f0eeb2e7-6307-46e8-bb29-f8a223d46acf');
  assert.match(row.email ?? '', /^hmac:/);
});

test('audit events and bulk jobs: only the user reference and the IP addresses are restricted', () => {
  const event = applyPolicy(
    {
      id: 'e1',
      action: 'Read',
      entity: { id: 'r1', name: 'Always Record' },
      user: { id: 'u1', name: 'Jane', email: DRIFTED_PERSONAL_DATA.email },
      remoteIps: ['203.0.113.9'],
    },
    auditEventPolicy,
    hash,
  );
  assert.doesNotMatch(JSON.stringify(event), /Jane|erika|203\.0\.113/);
  assert.match(JSON.stringify(event), /"name":"Always Record"/);
  const job = applyPolicy({ id: 'j1', state: 'FULFILLED', user: { id: 'u1', name: 'Jane' } }, recordingJobPolicy, hash);
  assert.deepEqual(job, { id: 'j1', state: 'FULFILLED', user: { id: 'u1', name: hash('Jane') } });
});
