/**
 * Renders a conversation plan as the analytics API's AnalyticsConversation JSON (inbound
 * voice: customer, IVR, ACD and agent participants). Participant attributes are only included
 * for detail-job results, as in the real API.
 */
import type { Scenario } from '../scenario.ts';
import { orgOf } from './org.ts';
import type { AgentLegPlan, ConversationPlan, SegmentPlan } from './plan.ts';
import { wallDateTime } from './time-zone.ts';
import { iso } from './iso.ts';

export type JsonObject = Record<string, unknown>;

/** Attribute names the Architect flow writes on the customer participant. */
export const ATTRIBUTE_NAMES = {
  screenPopResult: 'ScreenPop_ScreenRec_Result',
  screenPopHttpStatus: 'ScreenPop_ScreenRec_HttpStatus',
  language: 'Language',
  customerSegment: 'CustomerSegment',
  crmContext: 'CRM_Context',
} as const;

/**
 * Personal data a newer API version might add to the customer participant of a drifted
 * conversation (in several spellings), and customer data a flow writes into attributes that
 * are not on any allow-list. Fixed values, so tests can look for them anywhere.
 */
export const DRIFTED_PERSONAL_DATA = {
  phone: 'tel:+4915112345678',
  phoneDigits: '4915112345678',
  email: 'erika.mustermann@example.org',
  emailUrlEncoded: 'erika.mustermann%40example.org',
  attributes: { Customer_Email: 'erika.mustermann@example.org', Customer_Mobile: '+4915112345678' },
} as const;

function addDriftedPersonalData(customer: JsonObject): void {
  const drift = DRIFTED_PERSONAL_DATA;
  customer['customerMobile'] = drift.phone;
  const session = (customer['sessions'] as JsonObject[] | undefined)?.[0];
  if (session !== undefined) {
    session['customerEmail'] = drift.email;
    session['contactChannel'] = {
      msisdn: Number(drift.phoneDigits),
      profileUri: `https://crm.example.org/contacts?email=${drift.emailUrlEncoded}`,
    };
  }
  const attributes = customer['attributes'] as JsonObject | undefined;
  if (attributes !== undefined) Object.assign(attributes, drift.attributes);
}

// Built by assignment rather than spreads: this runs ~10 000 times per page.
function segmentJson(segment: SegmentPlan, queueId: string | null): JsonObject {
  const json: JsonObject = { segmentStart: iso(segment.start), segmentEnd: iso(segment.end) };
  if (queueId !== null) json['queueId'] = queueId;
  if (segment.wrapUpCode !== undefined) json['wrapUpCode'] = segment.wrapUpCode.id;
  if (segment.disconnectType !== undefined) json['disconnectType'] = segment.disconnectType;
  json['segmentType'] = segment.type;
  json['conference'] = false;
  return json;
}

const STANDARD_ROUTING = Object.freeze(['Standard']);
const OPUS = Object.freeze(['audio/opus']);

const metric = (name: string, value: number, emitMs: number): JsonObject => ({ name, value, emitDate: iso(emitMs) });

function agentMetrics(leg: AgentLegPlan): JsonObject[] {
  const alert = leg.segments[0];
  const wrap = leg.segments[leg.segments.length - 1];
  const holds = leg.segments.filter((s) => s.type === 'hold');
  const held = holds.reduce((sum, s) => sum + s.end - s.start, 0);
  const talk = leg.connectedEnd - leg.connectedStart - held;
  const acw = wrap === undefined ? 0 : wrap.end - wrap.start;
  const out = [
    metric('tAlert', leg.connectedStart - (alert?.start ?? leg.connectedStart), leg.connectedStart),
    metric('tAnswered', leg.connectedStart - (alert?.start ?? leg.connectedStart), leg.connectedStart),
    metric('tTalk', talk, leg.connectedEnd),
    metric('tTalkComplete', talk, leg.connectedEnd),
  ];
  if (held > 0) out.push(metric('tHeld', held, leg.connectedEnd), metric('tHeldComplete', held, leg.connectedEnd));
  out.push(metric('tAcw', acw, wrap?.end ?? leg.connectedEnd));
  out.push(metric('tHandle', talk + held + acw, wrap?.end ?? leg.connectedEnd));
  return out;
}

interface Common {
  readonly voice: JsonObject;
  readonly customerSessionId: string;
  readonly selectedAgentId: string | undefined;
}

/** A recording flag as analytics reports it: true, false, or omitted (the real API drops some false booleans). */
const flagField = (name: string, flag: boolean | null): JsonObject => (flag === null ? {} : { [name]: flag });

function agentParticipant(plan: ConversationPlan, leg: AgentLegPlan, common: Common): JsonObject {
  return {
    participantId: leg.participantId,
    participantName: leg.user.name,
    purpose: 'agent',
    userId: leg.user.id,
    ...flagField('screenRecording', leg.screenFlag),
    sessions: [
      {
        sessionId: leg.sessionId,
        ...common.voice,
        peerId: common.customerSessionId,
        ...flagField('recording', plan.audio.flag),
        requestedRoutings: STANDARD_ROUTING,
        usedRouting: 'Standard',
        metrics: agentMetrics(leg),
        segments: leg.segments.map((s) => segmentJson(s, leg.queue.id)),
      },
    ],
  };
}

/** The ACD participant of a cross-queue transfer: the customer waits in the second queue. */
function transferAcdParticipant(plan: ConversationPlan, common: Common): JsonObject[] {
  const acd = plan.transferAcd;
  if (acd === null) return [];
  const segment = acd.segments[0];
  return [
    {
      participantId: acd.participantId,
      participantName: acd.queue.name,
      purpose: 'acd',
      sessions: [
        {
          sessionId: acd.sessionId,
          ...common.voice,
          peerId: plan.customer.sessionId,
          requestedRoutings: STANDARD_ROUTING,
          usedRouting: 'Standard',
          metrics: [
            metric('nOffered', 1, segment?.start ?? plan.startMs),
            metric('tAcd', segment === undefined ? 0 : segment.end - segment.start, segment?.end ?? plan.startMs),
          ],
          segments: acd.segments.map((s) => segmentJson(s, acd.queue.id)),
        },
      ],
    },
  ];
}

function customerAttributes(scenario: Scenario, plan: ConversationPlan): JsonObject {
  const attributes: JsonObject = {
    [ATTRIBUTE_NAMES.language]: plan.language,
    [ATTRIBUTE_NAMES.customerSegment]: plan.customerSegment,
    [ATTRIBUTE_NAMES.screenPopResult]: plan.dataActionTimedOut ? 'timeout' : 'success',
    [ATTRIBUTE_NAMES.screenPopHttpStatus]: plan.dataActionTimedOut ? '408' : '200',
  };
  const chars = scenario.flowAttributeChars;
  // Distinct per conversation, as real context is, and drawn from no random stream.
  if (chars > 0) {
    attributes[ATTRIBUTE_NAMES.crmContext] = plan.conversationId
      .repeat(Math.ceil(chars / plan.conversationId.length))
      .slice(0, chars);
  }
  return attributes;
}

function participants(scenario: Scenario, plan: ConversationPlan, withAttributes: boolean): JsonObject[] {
  const org = orgOf(scenario);
  const first = plan.agents[0];
  const common: Common = {
    voice: {
      mediaType: 'voice',
      direction: 'inbound',
      ani: plan.customer.ani,
      dnis: org.dnis,
      sessionDnis: org.dnis,
      edgeId: plan.customer.edgeId,
      provider: 'Edge',
    },
    customerSessionId: plan.customer.sessionId,
    selectedAgentId: first?.user.id,
  };
  const selected = common.selectedAgentId === undefined ? {} : { selectedAgentId: common.selectedAgentId };
  const routed = plan.handled ? { usedRouting: 'Standard', ...selected } : {};
  const ivrSegment = plan.ivr.segments[0];
  const acdSegment = plan.acd.segments[0];
  const waitMs = acdSegment === undefined ? 0 : acdSegment.end - acdSegment.start;
  const customer: JsonObject = {
    participantId: plan.customer.participantId,
    participantName: 'Mobile Number, Germany',
    purpose: 'customer',
    ...(withAttributes ? { attributes: customerAttributes(scenario, plan) } : {}),
    sessions: [
      {
        sessionId: plan.customer.sessionId,
        ...common.voice,
        ...flagField('recording', plan.audio.outcome === 'not_started' ? plan.audio.flag : plan.handled),
        requestedRoutings: STANDARD_ROUTING,
        ...routed,
        mediaEndpointStats: [
          {
            codecs: OPUS,
            minMos: plan.mos,
            minRFactor: plan.rFactor,
            maxLatencyMs: 30,
            receivedPackets: Math.round((plan.endMs - plan.startMs) / 20),
            eventTime: iso(plan.endMs),
          },
        ],
        metrics: [metric('nConnected', 1, plan.startMs)],
        segments: plan.customer.segments.map((s) => segmentJson(s, plan.queue.id)),
      },
    ],
  };
  const ivr: JsonObject = {
    participantId: plan.ivr.participantId,
    participantName: org.flow.name,
    purpose: 'ivr',
    sessions: [
      {
        sessionId: plan.ivr.sessionId,
        ...common.voice,
        peerId: plan.customer.sessionId,
        flow: {
          flowId: org.flow.id,
          flowName: org.flow.name,
          flowType: 'INBOUNDCALL',
          flowVersion: plan.ivr.flowVersion,
          entryType: 'dnis',
          entryReason: org.dnis,
          exitReason: 'TRANSFER',
          transferType: 'ACD',
          transferTargetAddress: plan.queue.id,
          transferTargetName: plan.queue.name,
          startingLanguage: 'de-de',
          endingLanguage: plan.language.toLowerCase(),
        },
        metrics: [
          metric('nFlow', 1, plan.startMs),
          metric('tFlow', ivrSegment === undefined ? 0 : ivrSegment.end - ivrSegment.start, ivrSegment?.end ?? 0),
        ],
        segments: plan.ivr.segments.map((s) => segmentJson(s, null)),
      },
    ],
  };
  const acd: JsonObject = {
    participantId: plan.acd.participantId,
    participantName: plan.queue.name,
    purpose: 'acd',
    sessions: [
      {
        sessionId: plan.acd.sessionId,
        ...common.voice,
        peerId: plan.customer.sessionId,
        requestedRoutings: STANDARD_ROUTING,
        ...routed,
        metrics: [
          metric('nOffered', 1, acdSegment?.start ?? plan.startMs),
          metric(plan.handled ? 'tAcd' : 'tAbandon', waitMs, acdSegment?.end ?? plan.startMs),
        ],
        segments: plan.acd.segments.map((s) => segmentJson(s, plan.queue.id)),
      },
    ],
  };
  const agents = plan.agents.map((leg) => agentParticipant(plan, leg, common));
  return [customer, ivr, acd, ...agents.slice(0, 1), ...transferAcdParticipant(plan, common), ...agents.slice(1)];
}

const endedBy = (field: unknown, asOfMs: number): boolean => typeof field === 'string' && Date.parse(field) <= asOfMs;

/**
 * A conversation still in progress at `asOfMs`, as the synchronous query serves it: no
 * conversationEnd, only what has started, the open segments without segmentEnd (nor the
 * disconnectType or wrap-up code known only at their end), and no metric emitted later.
 */
function clipToInProgress(conversation: JsonObject, asOfMs: number): void {
  delete conversation['conversationEnd'];
  const participants: JsonObject[] = [];
  for (const participant of conversation['participants'] as JsonObject[]) {
    const sessions: JsonObject[] = [];
    for (const session of participant['sessions'] as JsonObject[]) {
      const segments = (session['segments'] as JsonObject[]).filter((s) => endedBy(s['segmentStart'], asOfMs));
      if (segments.length === 0) continue;
      for (const segment of segments) {
        if (endedBy(segment['segmentEnd'], asOfMs)) continue;
        delete segment['segmentEnd'];
        delete segment['disconnectType'];
        delete segment['wrapUpCode'];
      }
      session['segments'] = segments;
      session['metrics'] = ((session['metrics'] as JsonObject[] | undefined) ?? []).filter((m) =>
        endedBy(m['emitDate'], asOfMs),
      );
      delete session['mediaEndpointStats'];
      sessions.push(session);
    }
    if (sessions.length === 0) continue;
    participant['sessions'] = sessions;
    participants.push(participant);
  }
  conversation['participants'] = participants;
}

/** Whether the conversation's media statistics have been computed by `asOfMs` (timeline.metricsDelayMinutes). */
export function metricsComputed(scenario: Scenario, plan: ConversationPlan, asOfMs: number): boolean {
  return asOfMs >= plan.endMs + scenario.timeline.metricsDelayMinutes * 60_000;
}

/**
 * The AnalyticsConversation for a plan as the analytics lake holds it at `asOfMs`, with the plan's
 * malformation (if any) applied. Media statistics appear only once computed, so a conversation
 * read soon after it ended changes when read again later.
 */
export function renderConversation(
  scenario: Scenario,
  plan: ConversationPlan,
  withAttributes: boolean,
  asOfMs: number,
): JsonObject {
  const conversation: JsonObject = {
    conversationId: plan.conversationId,
    conversationStart: iso(plan.startMs),
    conversationEnd: iso(plan.endMs),
    divisionIds: plan.divisionIds,
    ...(metricsComputed(scenario, plan, asOfMs)
      ? { mediaStatsMinConversationMos: plan.mos, mediaStatsMinConversationRFactor: plan.rFactor }
      : {}),
    originatingDirection: 'inbound',
    participants: participants(scenario, plan, withAttributes),
  };
  if (plan.schemaDrift) {
    // Fields a newer API version might add: unknown to the model, but the record is valid.
    conversation['conversationInitiatorRegion'] = 'eu-west-1';
    const first = (conversation['participants'] as JsonObject[])[0];
    if (first !== undefined) {
      first['externalContactInitialDivisionId'] = orgOf(scenario).division.id;
      addDriftedPersonalData(first);
    }
  }
  if (asOfMs < plan.endMs) clipToInProgress(conversation, asOfMs);
  const lastSession = (): JsonObject | undefined => {
    const last = (conversation['participants'] as JsonObject[]).at(-1);
    return (last?.['sessions'] as JsonObject[] | undefined)?.[0];
  };
  switch (plan.malformed) {
    case 'unknown_segment_type': {
      const segment = (lastSession()?.['segments'] as JsonObject[] | undefined)?.at(-1);
      if (segment !== undefined) segment['segmentType'] = 'teleport';
      break;
    }
    case 'unknown_media_type': {
      const session = lastSession();
      if (session !== undefined) session['mediaType'] = 'hologram';
      break;
    }
    case 'segment_local_timestamp': {
      const agent = (conversation['participants'] as JsonObject[]).at(-1);
      const session = (agent?.['sessions'] as JsonObject[] | undefined)?.[0];
      const segment = (session?.['segments'] as JsonObject[] | undefined)?.[0];
      if (segment !== undefined) segment['segmentStart'] = wallDateTime(plan.arrival.wallMs);
      break;
    }
    case 'unknown_enum':
      conversation['originatingDirection'] = 'sideways';
      break;
    case 'null_participants':
      conversation['participants'] = null;
      break;
    case 'local_timestamp':
      conversation['conversationStart'] = wallDateTime(plan.arrival.wallMs);
      break;
    case 'wrong_type':
      conversation['participants'] = JSON.stringify(conversation['participants']);
      break;
    case 'missing_field':
      delete conversation['conversationStart'];
      break;
    case null:
      break;
  }
  return conversation;
}
