import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  conversationCount,
  groundTruth,
  loadScenario,
  parseScenario,
  planConversation,
  renderConversation,
} from '../../../sandbox/index.ts';
import { isoSeconds } from '../../../sandbox/generator/iso.ts';

type Json = Record<string, unknown>;
const participantsOf = (c: Json): Json[] => c['participants'] as Json[];
const sessionsOf = (p: Json): Json[] => p['sessions'] as Json[];
const segmentsOf = (s: Json): Json[] => s['segments'] as Json[];

describe('scenario realism', async () => {
  const scenario = await loadScenario('realism');
  const truth = groundTruth(scenario, undefined, undefined, { now: Infinity });
  const render = (index: number): Json =>
    renderConversation(scenario, planConversation(scenario, index), true, Infinity);

  it('the new options default to today: no not-started recordings, no cross-queue transfers, one division', () => {
    const s = parseScenario({});
    assert.equal(s.screenFailure.notStartedRate, 0);
    assert.equal(s.audioNotStartedRate, 0);
    assert.equal(s.crossQueueTransferShare, 0);
    assert.deepEqual(s.divisions, [{ name: 'Home' }]);
    assert.equal(s.credentials.divisions, undefined);
    assert.equal(s.timeline.auditTimestampsInSeconds, false);
    assert.ok(groundTruth(s, 0, 500).every((c) => c.visible && c.transferQueueId === null));
  });

  it('rejects divisions a queue or the client names but the org lacks', () => {
    assert.throws(() => parseScenario({ queues: [{ name: 'Q', share: 1, coveredByPolicy: true, division: 'Nope' }] }));
    assert.throws(() => parseScenario({ credentials: { divisions: ['Nope'] } }));
  });

  it('a screen recording that never started: screenRecording false or omitted, and no recording', () => {
    const shapes = new Set<string>();
    for (const c of truth.filter((x) => x.malformed === null)) {
      for (const agent of c.agents.filter((a) => a.screen === 'not_started')) {
        const participant = participantsOf(render(c.index)).find((p) => p['participantId'] === agent.participantId);
        assert.ok(participant !== undefined);
        shapes.add(String(participant['screenRecording']));
        assert.notEqual(participant['screenRecording'], true);
        assert.equal(agent.screenReported, false);
        assert.ok(!c.recordings.some((r) => r.media === 'screen' && r.sessionId === agent.sessionId));
      }
    }
    assert.deepEqual([...shapes].sort(), ['false', 'undefined']);
  });

  it('an audio recording that never started: session.recording false or omitted, and no audio recording', () => {
    const shapes = new Set<string>();
    for (const c of truth.filter((x) => x.audio === 'not_started' && x.malformed === null)) {
      assert.ok(!c.recordings.some((r) => r.media === 'audio'));
      for (const agent of c.agents) {
        assert.equal(agent.audioReported, false);
        const participant = participantsOf(render(c.index)).find((p) => p['participantId'] === agent.participantId);
        const recording = sessionsOf(participant ?? {})[0]?.['recording'];
        assert.notEqual(recording, true);
        shapes.add(String(recording));
      }
    }
    assert.deepEqual([...shapes].sort(), ['false', 'undefined']);
  });

  it('a cross-queue transfer: a second ACD participant and the second agent in the other queue', () => {
    const crossed = truth.filter((c) => c.transferQueueId !== null && c.malformed === null);
    assert.ok(crossed.length > 0);
    for (const c of crossed) {
      const participants = participantsOf(render(c.index));
      const acds = participants.filter((p) => p['purpose'] === 'acd');
      assert.deepEqual(
        acds.map((p) => segmentsOf(sessionsOf(p)[0] ?? {})[0]?.['queueId']),
        [c.queueId, c.transferQueueId],
      );
      assert.notEqual(c.transferQueueId, c.queueId);
      const second = c.agents[1];
      assert.equal(second?.queueId, c.transferQueueId);
      const agent = participants.find((p) => p['participantId'] === second.participantId);
      assert.ok(segmentsOf(sessionsOf(agent ?? {})[0] ?? {}).every((s) => s['queueId'] === c.transferQueueId));
    }
  });

  it('divisionIds are those of the conversation queues; visibility follows credentials.divisions', () => {
    const rendered = render(0);
    assert.deepEqual(rendered['divisionIds'], truth[0]?.divisionIds);
    assert.ok(truth.some((c) => !c.visible) && truth.some((c) => c.divisionIds.length > 1));
    const all = parseScenario({ ...scenario, credentials: {} });
    assert.ok(groundTruth(all).every((c) => c.visible));
  });

  it('a conversation in progress: no conversationEnd, nothing after the clock, open segments without an end', () => {
    const index = truth.findIndex((c) => c.handled && c.malformed === null);
    const plan = planConversation(scenario, index);
    const asOf = Math.round((plan.startMs + plan.endMs) / 2);
    const c = renderConversation(scenario, plan, false, asOf);
    assert.equal(c['conversationEnd'], undefined);
    const segments = participantsOf(c).flatMap((p) => sessionsOf(p).flatMap(segmentsOf));
    assert.ok(segments.every((s) => Date.parse(String(s['segmentStart'])) <= asOf));
    const open = segments.filter((s) => s['segmentEnd'] === undefined);
    assert.ok(open.length > 0 && open.every((s) => s['disconnectType'] === undefined));
    assert.ok(conversationCount(scenario) > index);
  });

  it('audit timestamps in seconds: truncated, no milliseconds', () => {
    assert.equal(isoSeconds(Date.parse('2024-11-21T04:59:22.987Z')), '2024-11-21T04:59:22Z');
    const events = truth.flatMap((c) => c.recordings.flatMap((r) => r.auditEvents));
    assert.ok(events.length > 0 && events.every((e) => /T\d\d:\d\d:\d\dZ$/.test(e.eventDate)));
  });
});
