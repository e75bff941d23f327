import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { conversationIdOf, groundTruth, planConversation, renderRecordingMetadata } from '../../../sandbox/index.ts';
import { failed, ok } from './helpers/sdk.ts';
import { useSandbox } from './helpers/use-sandbox.ts';

describe('sandbox recording metadata (through the SDK)', () => {
  const env = useSandbox('small');

  it('returns a bare RecordingMetadata array per conversation', async () => {
    const truths = groundTruth(env.scenario);
    const sample = [
      truths.find((t) => t.agents.some((a) => a.screen === 'truncated')),
      truths.find((t) => t.agents.some((a) => a.screen === 'error')),
      truths.find((t) => t.audio === 'missing'),
      truths.find((t) => !t.handled),
      truths.find((t) => t.transferred),
    ];
    for (const truth of sample) {
      assert.ok(truth !== undefined);
      const response = await ok(env.sdk.recording.getConversationRecordingmetadata(truth.conversationId));
      assert.equal(response.status, 200);
      assert.ok(Array.isArray(response.body));
      for (const r of response.body) {
        assert.equal(r.conversationId, truth.conversationId);
        assert.equal(r.region, 'eu-west-1');
        assert.ok(['AVAILABLE', 'ERROR'].includes(r.fileState ?? ''));
        // Deprecated fields, documented as always 10000.
        assert.equal(r.maxAllowedRestorationsForOrg, 10_000);
        assert.equal(r.remainingRestorationsAllowedForOrg, 10_000);
      }
      if (!truth.handled) assert.equal(response.body.length, 0);
      assert.deepEqual(
        response.body,
        renderRecordingMetadata(env.scenario, planConversation(env.scenario, truth.index)),
      );
    }
  });

  it('404s conversations that do not exist', async () => {
    const unknown = await failed(
      env.sdk.recording.getConversationRecordingmetadata(conversationIdOf(env.scenario.seed, 300)),
    );
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body['code'], 'not.found');
    const random = await failed(
      env.sdk.recording.getConversationRecordingmetadata('0d5b6c9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e'),
    );
    assert.equal(random.status, 404);
  });
});
