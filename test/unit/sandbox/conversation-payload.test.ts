import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ATTRIBUTE_NAMES,
  conversationCount,
  loadScenario,
  MAX_CONVERSATION_MS,
  planConversation,
  parseScenario,
  renderConversation,
} from '../../../sandbox/index.ts';

interface Segment {
  segmentStart: string;
  segmentEnd: string;
  segmentType: string;
  queueId?: string;
  wrapUpCode?: string;
}
interface Session {
  sessionId: string;
  recording?: boolean;
  segments: Segment[];
  flow?: Record<string, unknown>;
}
interface Participant {
  participantId: string;
  purpose: string;
  participantName?: string;
  userId?: string;
  screenRecording?: boolean;
  attributes?: Record<string, string>;
  sessions: Session[];
}
interface Conversation {
  conversationId: string;
  conversationStart?: unknown;
  conversationEnd: string;
  originatingDirection: string;
  divisionIds: string[];
  participants: Participant[] | string;
}

const scenario = await loadScenario('default');
const render = (i: number, attributes = true): Conversation =>
  renderConversation(scenario, planConversation(scenario, i), attributes, Infinity) as unknown as Conversation;

describe('conversation payload', () => {
  it('is a pure function of (scenario, index)', async () => {
    const again = await loadScenario('default');
    for (const i of [0, 1234, 41_999]) {
      assert.deepEqual(renderConversation(again, planConversation(again, i), true, Infinity), render(i));
    }
    assert.notDeepEqual(render(1), render(2));
  });

  it('has the inbound voice shape with consistent segments', () => {
    for (let i = 0; i < conversationCount(scenario); i += 97) {
      const plan = planConversation(scenario, i);
      if (plan.malformed !== null) continue;
      const c = render(i);
      assert.equal(c.originatingDirection, 'inbound');
      assert.equal(c.divisionIds.length, 1);
      assert.ok(Array.isArray(c.participants));
      const participants = c.participants;
      const purposes = participants.map((p) => p.purpose);
      assert.deepEqual(purposes.slice(0, 3), ['customer', 'ivr', 'acd']);
      assert.equal(purposes.length - 3, plan.agents.length);
      const start = Date.parse(String(c.conversationStart));
      const end = Date.parse(c.conversationEnd);
      assert.ok(end - start > 0 && end - start < MAX_CONVERSATION_MS);
      let lastEnd = 0;
      for (const p of participants) {
        for (const s of p.sessions) {
          let previousEnd = 0;
          for (const seg of s.segments) {
            const a = Date.parse(seg.segmentStart);
            const b = Date.parse(seg.segmentEnd);
            assert.ok(a >= start && b >= a && a >= previousEnd, `segments of ${p.purpose} in ${c.conversationId}`);
            previousEnd = b;
            lastEnd = Math.max(lastEnd, b);
          }
        }
      }
      assert.equal(lastEnd, end, 'conversationEnd = last segment end');
      const ivr = participants[1]?.sessions[0]?.flow;
      assert.equal(ivr?.['flowName'], 'Inbound Sales IVR');
      assert.equal(ivr['flowType'], 'INBOUNDCALL');
      for (const agent of participants.slice(3)) {
        assert.equal(agent.sessions[0]?.recording, true, 'every handled call is reported as recorded');
        assert.equal(agent.screenRecording, plan.queue.coveredByPolicy);
        assert.equal(
          agent.participantName,
          plan.agents.find((a) => a.participantId === agent.participantId)?.user.name,
        );
        const types = agent.sessions[0].segments.map((s) => s.segmentType).join(',');
        assert.match(types, /^alert,interact(,hold,interact)?,wrapup$/);
        assert.ok(agent.sessions[0].segments.every((s) => s.queueId === plan.queue.id));
        const talk = (plan.agents[0]?.connectedEnd ?? 0) - (plan.agents[0]?.connectedStart ?? 0);
        assert.ok(talk >= 120_000 && talk <= 600_000 + 120_000);
      }
    }
  });

  it('puts attributes on the customer participant only in job results', () => {
    const withAttributes = render(10) as { participants: Participant[] };
    const attributes = withAttributes.participants[0]?.attributes ?? {};
    assert.ok(['success', 'timeout'].includes(attributes[ATTRIBUTE_NAMES.screenPopResult] ?? ''));
    assert.ok(['200', '408'].includes(attributes[ATTRIBUTE_NAMES.screenPopHttpStatus] ?? ''));
    assert.equal(attributes[ATTRIBUTE_NAMES.language]?.length, 5);
    const without = render(10, false) as { participants: Participant[] };
    assert.ok(without.participants.every((p) => p.attributes === undefined));
  });

  it('renders each malformation kind', () => {
    const seen = new Set<string>();
    for (let i = 0; i < conversationCount(scenario); i++) {
      const plan = planConversation(scenario, i);
      if (plan.malformed === null || seen.has(plan.malformed)) continue;
      seen.add(plan.malformed);
      const c = render(i);
      assert.equal(c.conversationId, plan.conversationId);
      if (plan.malformed === 'local_timestamp')
        assert.match(String(c.conversationStart), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
      if (plan.malformed === 'wrong_type') assert.equal(typeof c.participants, 'string');
      if (plan.malformed === 'missing_field') assert.equal('conversationStart' in c, false);
    }
    assert.equal(seen.size, 3);
  });

  it('serves media statistics only once timeline.metricsDelayMinutes have passed since the end', () => {
    const late = parseScenario({ ...scenario, timeline: { ...scenario.timeline, metricsDelayMinutes: 30 } });
    const plan = planConversation(late, 5);
    const at = (ms: number): Record<string, unknown> => renderConversation(late, plan, true, ms);
    assert.equal(at(plan.endMs + 29 * 60_000)['mediaStatsMinConversationMos'], undefined);
    assert.equal(at(plan.endMs + 30 * 60_000)['mediaStatsMinConversationMos'], plan.mos);
    assert.equal(renderConversation(scenario, plan, true, plan.endMs)['mediaStatsMinConversationMos'], plan.mos);
  });
});
