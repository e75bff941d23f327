import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flattenPolicy, flattenUser } from '../../../../extract/flatten/dimensions.ts';
import { flattenRecording } from '../../../../extract/flatten/recording.ts';
import { policySchema, userSchema } from '../../../../extract/schemas/dimensions.ts';
import { recordingMetadataSchema } from '../../../../extract/schemas/recording.ts';
import { readRealPayload } from '../../../helpers/real-payloads.ts';

test('a policy becomes one row per (direction, queue) condition, and empty lists mean "any"', () => {
  const policy = policySchema.parse({
    id: 'pol-1',
    name: 'Always Record',
    enabled: true,
    order: 1,
    mediaPolicies: {
      callPolicy: {
        conditions: { directions: ['INBOUND'], forQueues: [{ id: 'q1' }, { id: 'q2' }] },
        actions: { retainRecording: true, initiateScreenRecording: { recordACW: false } },
      },
      chatPolicy: { conditions: {}, actions: {} },
    },
  });
  const flat = flattenPolicy(policy);
  assert.deepEqual(flat.retention_policies[0]?.initiates_screen_recording, true);
  assert.deepEqual(
    flat.retention_policy_conditions.map((c) => c.condition_id),
    ['pol-1:callPolicy:INBOUND:q1', 'pol-1:callPolicy:INBOUND:q2', 'pol-1:chatPolicy:*:*'],
  );
  assert.equal(flat.retention_policy_conditions[2]?.queue_id, null);
});

test('a policy without a screen-recording action does not initiate one', () => {
  const flat = flattenPolicy(
    policySchema.parse({
      id: 'p2',
      name: 'Retain',
      mediaPolicies: { callPolicy: { actions: { retainRecording: true } } },
    }),
  );
  assert.equal(flat.retention_policies[0]?.initiates_screen_recording, false);
  assert.equal(flat.retention_policy_conditions.length, 0);
});

test('the published user flattens with its division', () => {
  const user = flattenUser(userSchema.parse(readRealPayload('users-queues/devblog-cli-users-get-single-user.json')));
  assert.equal(user.division_id, 'f0eeb2e7-6307-46e8-bb29-f8a223d46acf');
  assert.equal(user.state, 'active');
});

test('recording rows take the conversation id from the path when the body lacks it', () => {
  const row = flattenRecording('c9', recordingMetadataSchema.parse({ id: 'r1', media: 'audio', fileState: 'ERROR' }));
  assert.equal(row.conversation_id, 'c9');
  assert.equal(row.file_state, 'ERROR');
  assert.equal(row.session_id, null);
});
