/**
 * What really happened in the synthetic org, for tests only. It is computed from the same
 * conversation plans the HTTP layer renders, never through HTTP, and no endpoint exposes it.
 */
import { conversationCount } from './generator/arrivals.ts';
import { planConversation } from './generator/plan.ts';
import type { AudioOutcome, ConversationPlan, MalformedKind, ScreenOutcome } from './generator/plan.ts';
import type { Scenario } from './scenario.ts';
import { iso } from './generator/iso.ts';

export interface AgentTruth {
  readonly participantId: string;
  readonly userId: string;
  readonly userName: string;
  readonly sessionId: string;
  readonly queueId: string;
  readonly coveredByPolicy: boolean;
  /** First interact start of this agent (UTC ISO). */
  readonly connectedStart: string;
  /** Last interact end of this agent (UTC ISO). */
  readonly connectedEnd: string;
  /** The conversation's audio recording (one per handled conversation). */
  readonly audio: AudioOutcome;
  readonly screen: ScreenOutcome;
  /** Share of the agent's connected time the screen recording covers; null when not required. */
  readonly screenCoverage: number | null;
}

export interface ConversationTruth {
  readonly index: number;
  readonly conversationId: string;
  /** UTC ISO. */
  readonly start: string;
  readonly end: string;
  /** Local date (org time zone) and hour of the start. */
  readonly localDate: string;
  readonly localHour: number;
  readonly queueName: string;
  readonly queueId: string;
  readonly coveredByPolicy: boolean;
  readonly malformed: MalformedKind | null;
  readonly handled: boolean;
  readonly transferred: boolean;
  /** Whether the ScreenPop_ScreenRec data action reported timeout/408. */
  readonly dataActionTimedOut: boolean;
  readonly audio: AudioOutcome | 'not_required';
  readonly agents: readonly AgentTruth[];
}

function coverageOf(start: number | null, end: number | null, from: number, to: number): number {
  if (start === null || end === null || to <= from) return 0;
  const overlap = Math.max(0, Math.min(end, to) - Math.max(start, from));
  return overlap / (to - from);
}

export function truthOfPlan(plan: ConversationPlan): ConversationTruth {
  const audio = plan.audio.outcome;
  return {
    index: plan.index,
    conversationId: plan.conversationId,
    start: iso(plan.startMs),
    end: iso(plan.endMs),
    localDate: plan.arrival.localDate,
    localHour: plan.arrival.localHour,
    queueName: plan.queue.name,
    queueId: plan.queue.id,
    coveredByPolicy: plan.queue.coveredByPolicy,
    malformed: plan.malformed,
    handled: plan.handled,
    transferred: plan.transferred,
    dataActionTimedOut: plan.dataActionTimedOut,
    audio,
    agents: plan.agents.map((leg) => ({
      participantId: leg.participantId,
      userId: leg.user.id,
      userName: leg.user.name,
      sessionId: leg.sessionId,
      queueId: plan.queue.id,
      coveredByPolicy: plan.queue.coveredByPolicy,
      connectedStart: iso(leg.connectedStart),
      connectedEnd: iso(leg.connectedEnd),
      audio: audio === 'not_required' ? 'missing' : audio,
      screen: leg.screen.outcome,
      screenCoverage:
        leg.screen.outcome === 'not_required'
          ? null
          : leg.screen.outcome === 'error'
            ? 0
            : coverageOf(leg.screen.startMs, leg.screen.endMs, leg.connectedStart, leg.connectedEnd),
    })),
  };
}

/** Ground truth of conversation `index`. */
export function conversationTruth(scenario: Scenario, index: number): ConversationTruth {
  return truthOfPlan(planConversation(scenario, index));
}

/** Ground truth of conversations [from, to) one at a time, without holding them all. */
export function* iterateGroundTruth(scenario: Scenario, from = 0, to = conversationCount(scenario)) {
  for (let i = from; i < to; i++) yield conversationTruth(scenario, i);
}

/** Ground truth of every conversation (or of [from, to)). */
export function groundTruth(scenario: Scenario, from = 0, to = conversationCount(scenario)): ConversationTruth[] {
  return [...iterateGroundTruth(scenario, from, to)];
}
