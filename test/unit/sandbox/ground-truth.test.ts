import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  conversationTruth,
  groundTruth,
  loadScenario,
  planConversation,
  renderRecordingMetadata,
  summarizeGroundTruth,
} from '../../../sandbox/index.ts';
import type { ConversationTruth, Scenario } from '../../../sandbox/index.ts';

interface RecordingMetadata {
  id: string;
  conversationId: string;
  sessionId: string;
  media: string;
  mediaSubtype: string;
  fileState: string;
  startTime: string | null;
  endTime: string | null;
  archiveMedium?: string;
  region: string;
}

const metadataOf = (s: Scenario, i: number): RecordingMetadata[] =>
  renderRecordingMetadata(s, planConversation(s, i)) as unknown as RecordingMetadata[];

/** Re-derives the truth from the recording metadata alone, as the warehouse would. */
function checkAgainstMetadata(truth: ConversationTruth, metadata: RecordingMetadata[]): void {
  const customerSessions = metadata.filter((r) => r.media === 'audio');
  assert.ok(customerSessions.length <= 1);
  const audio = customerSessions[0];
  const expectedAudio = audio === undefined ? 'missing' : audio.fileState === 'ERROR' ? 'error' : 'ok';
  assert.equal(truth.audio, truth.handled ? expectedAudio : 'not_required');
  if (audio !== undefined) {
    assert.equal(audio.mediaSubtype, 'Trunk');
    assert.equal(audio.startTime, null);
    assert.equal(audio.endTime, null);
  }
  for (const agent of truth.agents) {
    const screens = metadata.filter((r) => r.media === 'screen' && r.sessionId === agent.sessionId);
    assert.ok(screens.length <= 1);
    const screen = screens[0];
    if (agent.screen === 'not_required' || agent.screen === 'missing') {
      assert.equal(screen, undefined);
      continue;
    }
    assert.ok(screen !== undefined, `screen recording of ${agent.sessionId}`);
    assert.equal(screen.mediaSubtype, 'Screen');
    assert.equal(screen.fileState, agent.screen === 'error' ? 'ERROR' : 'AVAILABLE');
    const from = Date.parse(agent.connectedStart);
    const to = Date.parse(agent.connectedEnd);
    const start = Date.parse(screen.startTime ?? '');
    const end = Date.parse(screen.endTime ?? '');
    assert.ok(start >= from && start <= from + 3000, 'screen starts near the interact start');
    const coverage = (Math.min(end, to) - start) / (to - from);
    if (agent.screen === 'truncated') assert.ok(coverage > 0.05 && coverage <= 0.7, `coverage ${coverage}`);
    if (agent.screen === 'ok') assert.ok(coverage > 0.95 && end <= to + 1500);
    if (agent.screen !== 'error') assert.ok(Math.abs(coverage - (agent.screenCoverage ?? -1)) < 1e-9);
  }
}

describe('ground truth', () => {
  it('agrees with the recording metadata the generator emits', async () => {
    const small = await loadScenario('small');
    for (const truth of groundTruth(small)) checkAgainstMetadata(truth, metadataOf(small, truth.index));
    const def = await loadScenario('default');
    for (let i = 0; i < 42_000; i += 41) checkAgainstMetadata(conversationTruth(def, i), metadataOf(def, i));
  });

  it('shows every case in the small scenario', async () => {
    const truths = groundTruth(await loadScenario('small'));
    const screens = new Set(truths.flatMap((t) => t.agents.map((a) => a.screen)));
    assert.deepEqual([...screens].sort(), ['error', 'missing', 'not_required', 'ok', 'truncated']);
    assert.deepEqual([...new Set(truths.map((t) => t.audio))].sort(), ['error', 'missing', 'not_required', 'ok']);
    assert.ok(truths.some((t) => t.transferred && t.agents.length === 2));
    assert.ok(truths.some((t) => t.dataActionTimedOut));
    assert.equal(truths.filter((t) => t.malformed !== null).length, 2);
  });

  it('tells the default scenario story: ~15% screen failures, clustered 14-16 local', async () => {
    const s = summarizeGroundTruth(await loadScenario('default'));
    assert.equal(s.conversations, 42_000);
    assert.ok(s.screenFailureShare > 0.13 && s.screenFailureShare < 0.17, `share ${s.screenFailureShare}`);
    assert.ok(s.screenFailureShareInPeak > 0.36 && s.screenFailureShareInPeak < 0.44);
    assert.ok(s.screenFailureShareOffPeak > 0.06 && s.screenFailureShareOffPeak < 0.08);
    const { error, missing, truncated } = s.screenFailures;
    assert.ok(error > missing && Math.abs(missing - truncated) / missing < 0.2);
    assert.ok(s.audioFailureShare > 0.007 && s.audioFailureShare < 0.013);
    assert.ok(s.timeoutShareGivenScreenFailure > 0.85 && s.timeoutShareGivenScreenFailure < 0.95);
    assert.ok(s.malformed >= 8 && s.malformed <= 40, `malformed ${s.malformed}`);
    assert.equal(s.reportedCompliance, 1);
    assert.ok(s.verifiedCompliance > 0.8 && s.verifiedCompliance < 0.88);
  });
});
