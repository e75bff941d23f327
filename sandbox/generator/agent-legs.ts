/**
 * The agent side of a handled call: one agent (two when transferred), each with alert →
 * interact (optionally interrupted by a hold) → wrapup, and what really happened to the
 * agent's screen recording.
 */
import type { Scenario } from '../scenario.ts';
import type { Arrival } from './arrivals.ts';
import { orgOf } from './org.ts';
import type { OrgQueue, OrgWrapUpCode } from './org.ts';
import type { AgentLegPlan, ReportedFlag, ScreenPlan, SegmentPlan } from './plan-types.ts';
import { chance, hashUnit, intBetween, pickWeighted, skewedBetween, uniform } from './random.ts';
import type { Rng } from './random.ts';

const S = 1000;

export interface AgentLegsInput {
  readonly scenario: Scenario;
  /** The conversation index (for hash-based draws that must not shift the rng streams). */
  readonly index: number;
  readonly shape: Rng;
  readonly quality: Rng;
  readonly queue: OrgQueue;
  /** After a cross-queue transfer, the second agent's queue; null = the same queue. */
  readonly transferQueue: OrgQueue | null;
  readonly acdStart: number;
  readonly acdEnd: number;
  readonly transferred: boolean;
  readonly customerHungUp: boolean;
  readonly arrival: Arrival;
  readonly id: (label: string, slot: number) => string;
}

/** Whether the local hour is in the failure peak [start, end), which wraps past midnight when end < start. */
export function isPeakHour(scenario: Scenario, localHour: number): boolean {
  const { peakStartHour, peakEndHour } = scenario.screenFailure;
  if (peakStartHour < peakEndHour) return localHour >= peakStartHour && localHour < peakEndHour;
  return localHour >= peakStartHour || localHour < peakEndHour;
}

function screenPlan(
  input: AgentLegsInput,
  queue: OrgQueue,
  slot: number,
  recordingId: string,
  connectedStart: number,
  connectedEnd: number,
): ScreenPlan {
  const { scenario, quality, arrival } = input;
  if (!queue.coveredByPolicy) return { outcome: 'not_required', recordingId, startMs: null, endMs: null };
  const f = scenario.screenFailure;
  if (f.notStartedRate > 0 && hashUnit(scenario.seed, input.index, 'screen-not-started', slot) < f.notStartedRate) {
    return { outcome: 'not_started', recordingId, startMs: null, endMs: null };
  }
  const failed = chance(quality, isPeakHour(scenario, arrival.localHour) ? f.peakRate : f.baseRate);
  const startMs = connectedStart + intBetween(quality, 0, 3000);
  const fullEnd = connectedEnd + intBetween(quality, 0, 1500);
  if (!failed) return { outcome: 'ok', recordingId, startMs, endMs: fullEnd };
  const mode = pickWeighted(quality(), [f.modes.error, f.modes.missing, f.modes.truncated]);
  if (mode === 0) return { outcome: 'error', recordingId, startMs, endMs: fullEnd };
  if (mode === 1) return { outcome: 'missing', recordingId, startMs: null, endMs: null };
  const coverage = uniform(quality, 0.1, 0.7);
  const endMs = Math.max(startMs + S, connectedStart + Math.round(coverage * (connectedEnd - connectedStart)));
  return { outcome: 'truncated', recordingId, startMs, endMs };
}

interface LegTiming {
  readonly alertStart: number;
  readonly answer: number;
  readonly lastDisconnect: string;
  readonly wrapUpCode: OrgWrapUpCode;
}

/** participant.screenRecording: "a screen recording was started"; a never-started one is false or omitted. */
function screenFlagOf(input: AgentLegsInput, queue: OrgQueue, screen: ScreenPlan, slot: number): ReportedFlag {
  if (screen.outcome !== 'not_started') return queue.coveredByPolicy;
  return hashUnit(input.scenario.seed, input.index, 'screen-flag-omitted', slot) < 0.5 ? null : false;
}

function buildLeg(
  input: AgentLegsInput,
  queue: OrgQueue,
  slot: number,
  agentIndex: number,
  timing: LegTiming,
): AgentLegPlan {
  const { shape } = input;
  const user = orgOf(input.scenario).agents[agentIndex];
  if (user === undefined) throw new Error(`no agent ${agentIndex}`);
  const talk = Math.round(skewedBetween(shape, 120 * S, 300 * S, 600 * S));
  const segments: SegmentPlan[] = [{ type: 'alert', start: timing.alertStart, end: timing.answer }];
  let interactEnd = timing.answer + talk;
  if (chance(shape, 0.25)) {
    const holdStart = timing.answer + Math.round(talk * uniform(shape, 0.3, 0.7));
    const holdEnd = holdStart + Math.round(skewedBetween(shape, 20 * S, 45 * S, 120 * S));
    interactEnd += holdEnd - holdStart;
    segments.push(
      { type: 'interact', start: timing.answer, end: holdStart },
      { type: 'hold', start: holdStart, end: holdEnd },
      { type: 'interact', start: holdEnd, end: interactEnd, disconnectType: timing.lastDisconnect },
    );
  } else {
    segments.push({ type: 'interact', start: timing.answer, end: interactEnd, disconnectType: timing.lastDisconnect });
  }
  const wrapEnd = interactEnd + Math.round(skewedBetween(shape, 10 * S, 30 * S, 90 * S));
  segments.push({ type: 'wrapup', start: interactEnd, end: wrapEnd, wrapUpCode: timing.wrapUpCode });
  const screen = screenPlan(input, queue, slot, input.id('recording', slot - 2), timing.answer, interactEnd);
  return {
    slot,
    user,
    participantId: input.id('participant', slot),
    sessionId: input.id('session', slot),
    segments,
    connectedStart: timing.answer,
    connectedEnd: interactEnd,
    screen,
    queue,
    screenFlag: screenFlagOf(input, queue, screen, slot),
  };
}

/** The agent legs of a handled call and the end of the customer's talk time. */
export function agentLegs(input: AgentLegsInput): { agents: AgentLegPlan[]; talkEnd: number } {
  const { shape, queue, acdStart, acdEnd } = input;
  const codes = orgOf(input.scenario).wrapUpCodes;
  const pickCode = (): OrgWrapUpCode =>
    codes[Math.floor(shape() * (codes.length - 1))] ?? codes[0] ?? { id: '', name: '' };
  const transferCode = codes[codes.length - 1] ?? pickCode();
  const size = queue.agentTo - queue.agentFrom;
  const first = Math.floor(shape() * size);
  const lastDisconnect = input.customerHungUp ? 'peer' : 'client';

  const alert = Math.min(Math.round(skewedBetween(shape, 3 * S, 7 * S, 15 * S)), acdEnd - acdStart - 500);
  const agent1 = buildLeg(input, queue, 3, queue.agentFrom + first, {
    alertStart: acdEnd - Math.max(alert, 100),
    answer: acdEnd,
    lastDisconnect: input.transferred ? 'transfer' : lastDisconnect,
    wrapUpCode: input.transferred ? transferCode : pickCode(),
  });
  if (!input.transferred) return { agents: [agent1], talkEnd: agent1.connectedEnd };

  const target = input.transferQueue;
  const second =
    target !== null
      ? target.agentFrom + Math.floor(shape() * (target.agentTo - target.agentFrom))
      : queue.agentFrom + (size > 1 ? (first + 1 + Math.floor(shape() * (size - 1))) % size : first);
  const alertStart = agent1.connectedEnd + intBetween(shape, 50, 400);
  const agent2 = buildLeg(input, target ?? queue, 4, second, {
    alertStart,
    answer: alertStart + Math.round(skewedBetween(shape, 3 * S, 6 * S, 12 * S)),
    lastDisconnect,
    wrapUpCode: pickCode(),
  });
  return { agents: [agent1, agent2], talkEnd: agent2.connectedEnd };
}
