/**
 * The plan of conversation i: its timeline, routing, agents and what really happened to its
 * recordings. This is the single source of truth: the analytics payload, the recording
 * metadata and the ground truth are all renderings of it.
 */
import type { Scenario } from '../scenario.ts';
import { arrivalOf } from './arrivals.ts';
import { conversationIdOf, deterministicUuid } from './ids.ts';
import { flowVersionForDay, orgOf } from './org.ts';
import { chance, createRng, hashUnit, intBetween, pickWeighted, skewedBetween, uniform } from './random.ts';
import type { Rng } from './random.ts';
import { agentLegs } from './agent-legs.ts';
import type { AudioOutcome, ConversationPlan, MalformedKind, ReportedFlag } from './plan-types.ts';
import type { Org, OrgQueue } from './org.ts';

export type {
  AgentLegPlan,
  AudioOutcome,
  ConversationPlan,
  LegPlan,
  MalformedKind,
  ReportedFlag,
  ScreenOutcome,
  ScreenPlan,
  SegmentPlan,
} from './plan-types.ts';

/** No conversation lasts longer than this; the overlap search relies on it. */
export const MAX_CONVERSATION_MS = 2 * 3_600_000;

const S = 1000;

function malformedKindOf(scenario: Scenario, index: number): MalformedKind | null {
  if (hashUnit(scenario.seed, index, 'malformed') >= scenario.malformedRate) return null;
  const kinds = scenario.malformedKinds;
  return kinds[Math.floor(hashUnit(scenario.seed, index, 'malformed-kind') * kinds.length)] ?? 'missing_field';
}

/** Whether the OAuth client sees a conversation: one of its divisions is among credentials.divisions. */
export function visibleToClient(scenario: Scenario, plan: ConversationPlan): boolean {
  const visible = orgOf(scenario).visibleDivisionIds;
  return plan.divisionIds.some((d) => visible.has(d));
}

/** Whether conversation `index` carries unknown (drifted) fields; independent of malformation. */
export function hasSchemaDrift(scenario: Scenario, index: number): boolean {
  return scenario.schemaDriftRate > 0 && hashUnit(scenario.seed, index, 'schema-drift') < scenario.schemaDriftRate;
}

function audioOutcome(scenario: Scenario, index: number, rng: Rng): AudioOutcome {
  const u = rng();
  const notStarted = scenario.audioNotStartedRate;
  if (notStarted > 0 && hashUnit(scenario.seed, index, 'audio-not-started') < notStarted) return 'not_started';
  if (u >= scenario.audioFailureRate) return 'ok';
  return u < scenario.audioFailureRate / 2 ? 'error' : 'missing';
}

/** session.recording: "an audio recording was started"; a never-started one is false or omitted. */
function audioFlagOf(scenario: Scenario, index: number, outcome: AudioOutcome | 'not_required'): ReportedFlag {
  if (outcome !== 'not_started') return true;
  return hashUnit(scenario.seed, index, 'audio-flag-omitted') < 0.5 ? null : false;
}

/** The queue a transferred call goes to when the transfer crosses queues (crossQueueTransferShare), else null. */
function transferQueueOf(scenario: Scenario, org: Org, index: number, queue: OrgQueue): OrgQueue | null {
  const share = scenario.crossQueueTransferShare;
  if (share <= 0 || org.queues.length < 2 || hashUnit(scenario.seed, index, 'cross-queue') >= share) return null;
  const others = org.queues.filter((q) => q.index !== queue.index);
  return others[Math.floor(hashUnit(scenario.seed, index, 'cross-queue-target') * others.length)] ?? null;
}

function customerDetails(rng: Rng) {
  const ani = `tel:+4917${String(Math.floor(rng() * 100_000_000)).padStart(8, '0')}`;
  const language = chance(rng, 0.85) ? 'de-DE' : 'en-GB';
  const segmentRoll = rng();
  const customerSegment = segmentRoll < 0.7 ? 'Retail' : segmentRoll < 0.92 ? 'SME' : 'Enterprise';
  const mos = Math.round(uniform(rng, 3.6, 4.9) * 1e6) / 1e6;
  const rFactor = Math.round((60 + (mos - 3.6) * 25 + uniform(rng, 0, 6)) * 1e4) / 1e4;
  return { ani, language, customerSegment, mos, rFactor };
}

/**
 * Plans built lately, per scenario: a plan is a pure function of (scenario, index), and the
 * routes ask for the same conversation several times (its detail-job page, its recordings, its
 * audit events, its protection) while a page or two are in flight; bounded (a plan is several KiB:
 * 20,000 of them overran the 192 MiB heap of a pipeline with its sandbox in-process), and dropped
 * whole when full.
 */
const planCache = new WeakMap<Scenario, Map<number, ConversationPlan>>();
const planCacheLimit = 4_000;

/** The full plan of conversation `index` (0 ≤ index < conversationCount); plans are read-only. */
export function planConversation(scenario: Scenario, index: number): ConversationPlan {
  let plans = planCache.get(scenario);
  if (plans === undefined) {
    plans = new Map();
    planCache.set(scenario, plans);
  }
  let plan = plans.get(index);
  if (plan === undefined) {
    plan = buildPlan(scenario, index);
    if (plans.size >= planCacheLimit) plans.clear();
    plans.set(index, plan);
  }
  return plan;
}

function buildPlan(scenario: Scenario, index: number): ConversationPlan {
  const { seed } = scenario;
  const org = orgOf(scenario);
  const arrival = arrivalOf(scenario, index);
  const shape = createRng(seed, index, 'shape');
  const quality = createRng(seed, index, 'quality');
  const details = customerDetails(createRng(seed, index, 'details'));
  const id = (label: string, slot: number): string => deterministicUuid(seed, label, index, slot);

  const queue = org.queues[pickWeighted(shape(), org.queueShares)] ?? org.queues[0];
  if (queue === undefined) throw new Error('scenario has no queues');
  const t0 = arrival.startMs;
  const ivrStart = t0 + intBetween(shape, 40, 400);
  const ivrEnd = ivrStart + Math.round(skewedBetween(shape, 20 * S, 40 * S, 90 * S));
  const acdStart = ivrEnd + intBetween(shape, 5, 60);
  const abandoned = chance(shape, scenario.abandonRate);
  const wait = abandoned ? skewedBetween(shape, 10 * S, 70 * S, 400 * S) : skewedBetween(shape, 8 * S, 35 * S, 300 * S);
  const acdEnd = acdStart + Math.round(wait);
  const transferred = !abandoned && chance(shape, scenario.transferRate);
  const customerHungUp = chance(shape, 0.6);

  // The order of draws from `quality` is part of the contract: screens, then audio, then the data action.
  const transferQueue = transferred ? transferQueueOf(scenario, org, index, queue) : null;
  const legs = abandoned
    ? null
    : agentLegs({
        scenario,
        index,
        shape,
        quality,
        queue,
        transferQueue,
        acdStart,
        acdEnd,
        transferred,
        customerHungUp,
        arrival,
        id,
      });
  const agents = legs?.agents ?? [];
  const audio: AudioOutcome | 'not_required' = abandoned ? 'not_required' : audioOutcome(scenario, index, quality);
  const anyScreenFailed = agents.some((a) => a.screen.outcome !== 'ok' && a.screen.outcome !== 'not_required');
  const secondLeg = agents[1];
  const transferAcd =
    transferQueue === null || secondLeg === undefined || agents[0] === undefined
      ? null
      : {
          participantId: id('participant', 5),
          sessionId: id('session', 5),
          queue: transferQueue,
          segments: [
            {
              type: 'interact' as const,
              start: agents[0].connectedEnd,
              end: secondLeg.connectedStart,
              disconnectType: 'transfer',
            },
          ],
        };
  const divisionIds = [queue.divisionId];
  if (transferAcd !== null && !divisionIds.includes(transferAcd.queue.divisionId)) {
    divisionIds.push(transferAcd.queue.divisionId);
  }
  const timeoutRate = anyScreenFailed
    ? scenario.screenFailure.timeoutGivenFailure
    : scenario.screenFailure.timeoutGivenSuccess;
  const dataActionTimedOut = chance(quality, timeoutRate);
  const customerEnd = legs?.talkEnd ?? acdEnd;
  const endMs = Math.max(customerEnd, ...agents.map((a) => a.segments[a.segments.length - 1]?.end ?? 0));

  return {
    index,
    conversationId: conversationIdOf(seed, index),
    arrival,
    startMs: t0,
    endMs,
    queue,
    customer: {
      participantId: id('participant', 0),
      sessionId: id('session', 0),
      ani: details.ani,
      edgeId: org.edgeIds[index % org.edgeIds.length] ?? '',
      segments: [
        {
          type: 'interact',
          start: t0,
          end: customerEnd,
          disconnectType: abandoned || customerHungUp ? 'endpoint' : 'peer',
        },
      ],
    },
    ivr: {
      participantId: id('participant', 1),
      sessionId: id('session', 1),
      flowVersion: flowVersionForDay(scenario, arrival.day),
      segments: [{ type: 'ivr', start: ivrStart, end: ivrEnd, disconnectType: 'transfer' }],
    },
    acd: {
      participantId: id('participant', 2),
      sessionId: id('session', 2),
      segments: [{ type: 'interact', start: acdStart, end: acdEnd, disconnectType: abandoned ? 'peer' : 'transfer' }],
    },
    transferAcd,
    divisionIds,
    handled: !abandoned,
    transferred,
    agents,
    audio: { outcome: audio, recordingId: id('recording', 0), flag: audioFlagOf(scenario, index, audio) },
    dataActionTimedOut,
    malformed: malformedKindOf(scenario, index),
    schemaDrift: hasSchemaDrift(scenario, index),
    language: details.language,
    customerSegment: details.customerSegment,
    mos: details.mos,
    rFactor: details.rFactor,
  };
}
