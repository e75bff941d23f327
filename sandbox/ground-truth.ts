/**
 * What really happened in the synthetic org, for tests only. It is computed from the same
 * conversation plans the HTTP layer renders, never through HTTP, and no endpoint exposes it.
 */
import { conversationCount } from './generator/arrivals.ts';
import { planConversation } from './generator/plan.ts';
import { orgOf } from './generator/org.ts';
import type { AudioOutcome, ConversationPlan, MalformedKind, ScreenOutcome } from './generator/plan.ts';
import type { Scenario } from './scenario.ts';
import { iso } from './generator/iso.ts';
import { auditDate } from './generator/audit-log.ts';
import { deleteMsAt, fileStateAt, lifecyclesOf, protectedAt } from './generator/lifecycle.ts';
import type { AuditAction, ExportOutcome, FileState } from './generator/lifecycle.ts';
import { policyScopeOf } from './generator/policies.ts';
import type { PolicyScopeTruth } from './generator/policies.ts';

/** A recording custody audit event (QualityAuditLogMessage) that has happened by the clock reading. */
export interface AuditEventTruth {
  readonly id: string;
  /** As the audit API sends it (without milliseconds when timeline.auditTimestampsInSeconds). */
  readonly eventDate: string;
  readonly action: AuditAction;
  readonly status: 'Success' | 'Failure';
  readonly level: 'User' | 'System';
  readonly serviceName: string;
  readonly userId: string | null;
  readonly userName: string | null;
  /** The user is not the QA Lead (reads and downloads outside QA). */
  readonly outsideQa: boolean;
}

export interface RecordingTruth {
  readonly recordingId: string;
  readonly sessionId: string;
  readonly media: 'audio' | 'screen';
  readonly fileState: FileState;
  /** UTC ISO dates; null when not applicable or not yet happened. */
  readonly createdDate: string;
  readonly settledDate: string;
  readonly archiveDate: string | null;
  readonly deleteDate: string;
  readonly deletedDate: string | null;
  readonly exportOutcome: ExportOutcome;
  readonly exportDate: string | null;
  readonly exportedDate: string | null;
  /** Whether the conversation is under deletion protection (as planned; API changes aside). */
  readonly protected: boolean;
  readonly protectionAppliedDate: string | null;
  readonly protectionRevokedDate: string | null;
  readonly retentionShortened: boolean;
  readonly auditEvents: readonly AuditEventTruth[];
}

export interface AgentTruth {
  readonly participantId: string;
  readonly userId: string;
  readonly userName: string;
  readonly sessionId: string;
  /** The agent's queue: after a cross-queue transfer, the second agent's is the second queue. */
  readonly queueId: string;
  readonly coveredByPolicy: boolean;
  /**
   * Whether the retention policies in effect when the conversation started cover the session,
   * evaluated on every condition (policies.ts); with only the default policies, in scope
   * exactly when coveredByPolicy (and undetermined for an unknown direction).
   */
  readonly policyScope: PolicyScopeTruth;
  /** Whether analytics reports a screen recording as started (participant.screenRecording true). */
  readonly screenReported: boolean;
  /** Whether analytics reports an audio recording as started (session.recording true). */
  readonly audioReported: boolean;
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
  /** The UTC hour the conversation started in (UTC ISO, e.g. 2026-11-01T05:00:00.000Z). */
  readonly startHourUtc: string;
  /** The org zone's offset from UTC at the start, minutes (e.g. -240 for EDT). */
  readonly utcOffsetMinutes: number;
  readonly queueName: string;
  readonly queueId: string;
  readonly coveredByPolicy: boolean;
  readonly malformed: MalformedKind | null;
  /** Carries fields unknown to the API model; still a valid record (not malformed). */
  readonly schemaDrift: boolean;
  readonly handled: boolean;
  readonly transferred: boolean;
  /** The second queue of a cross-queue transfer, or null. */
  readonly transferQueueId: string | null;
  /** The conversation's divisions (analytics divisionIds). */
  readonly divisionIds: readonly string[];
  /** Whether the scenario's OAuth client sees the conversation (a division among credentials.divisions). */
  readonly visible: boolean;
  /** Whether the ScreenPop_ScreenRec data action reported timeout/408. */
  readonly dataActionTimedOut: boolean;
  readonly audio: AudioOutcome | 'not_required';
  readonly agents: readonly AgentTruth[];
  /** What the recording repository holds at the clock reading, with each recording's custody. */
  readonly recordings: readonly RecordingTruth[];
}

/** Options of the ground-truth functions. */
export interface TruthOptions {
  /** Clock reading (epoch ms) the truth is taken at; defaults to Date.now, like the sandbox. */
  readonly now?: number;
}

function coverageOf(start: number | null, end: number | null, from: number, to: number): number {
  if (start === null || end === null || to <= from) return 0;
  const overlap = Math.max(0, Math.min(end, to) - Math.max(start, from));
  return overlap / (to - from);
}

const isoOrNull = (ms: number | null, now: number): string | null => (ms === null || ms > now ? null : iso(ms));

function recordingsTruth(scenario: Scenario, plan: ConversationPlan, now: number): RecordingTruth[] {
  if (now < plan.endMs) return [];
  const qa = orgOf(scenario).users.find((u) => u.role === 'qa');
  return lifecyclesOf(scenario, plan).map((l) => ({
    recordingId: l.recordingId,
    sessionId: l.sessionId,
    media: l.media,
    fileState: fileStateAt(l, now),
    createdDate: iso(l.createdMs),
    settledDate: iso(l.settledMs),
    archiveDate: l.archiveMs === null ? null : iso(l.archiveMs),
    deleteDate: iso(deleteMsAt(l, now)),
    deletedDate: isoOrNull(l.deletedMs, now),
    exportOutcome: l.exportOutcome,
    exportDate: l.exportDateMs === null ? null : iso(l.exportDateMs),
    exportedDate: isoOrNull(l.exportedMs, now),
    protected: protectedAt(l, now),
    protectionAppliedDate: isoOrNull(l.protectedMs, now),
    protectionRevokedDate: isoOrNull(l.unprotectedMs, now),
    retentionShortened: l.retentionShortenedMs !== null && l.retentionShortenedMs <= now,
    auditEvents: l.events
      .filter((e) => e.atMs <= now)
      .map((e) => ({
        id: e.id,
        eventDate: auditDate(scenario, e.atMs),
        action: e.action,
        status: e.status,
        level: e.level,
        serviceName: e.serviceName,
        userId: e.user?.id ?? null,
        userName: e.user?.name ?? null,
        outsideQa: e.user !== null && e.user.id !== qa?.id,
      })),
  }));
}

export function truthOfPlan(scenario: Scenario, plan: ConversationPlan, now = Date.now()): ConversationTruth {
  const audio = plan.audio.outcome;
  return {
    index: plan.index,
    conversationId: plan.conversationId,
    start: iso(plan.startMs),
    end: iso(plan.endMs),
    localDate: plan.arrival.localDate,
    localHour: plan.arrival.localHour,
    startHourUtc: iso(Math.floor(plan.startMs / 3_600_000) * 3_600_000),
    utcOffsetMinutes: plan.arrival.utcOffsetMinutes,
    queueName: plan.queue.name,
    queueId: plan.queue.id,
    coveredByPolicy: plan.queue.coveredByPolicy,
    malformed: plan.malformed,
    schemaDrift: plan.schemaDrift,
    handled: plan.handled,
    transferred: plan.transferred,
    transferQueueId: plan.transferAcd?.queue.id ?? null,
    divisionIds: plan.divisionIds,
    visible: plan.divisionIds.some((d) => orgOf(scenario).visibleDivisionIds.has(d)),
    dataActionTimedOut: plan.dataActionTimedOut,
    audio,
    agents: plan.agents.map((leg) => ({
      participantId: leg.participantId,
      userId: leg.user.id,
      userName: leg.user.name,
      sessionId: leg.sessionId,
      queueId: leg.queue.id,
      coveredByPolicy: leg.queue.coveredByPolicy,
      policyScope: policyScopeOf(scenario, plan, leg),
      screenReported: leg.screenFlag === true,
      audioReported: plan.audio.flag === true,
      connectedStart: iso(leg.connectedStart),
      connectedEnd: iso(leg.connectedEnd),
      audio: audio === 'not_required' ? 'missing' : audio,
      screen: leg.screen.outcome,
      screenCoverage:
        leg.screen.outcome === 'not_required'
          ? null
          : leg.screen.outcome === 'error' || leg.screen.outcome === 'not_started'
            ? 0
            : coverageOf(leg.screen.startMs, leg.screen.endMs, leg.connectedStart, leg.connectedEnd),
    })),
    recordings: recordingsTruth(scenario, plan, now),
  };
}

/** Ground truth of conversation `index`. */
export function conversationTruth(scenario: Scenario, index: number, options: TruthOptions = {}): ConversationTruth {
  return truthOfPlan(scenario, planConversation(scenario, index), options.now);
}

/** Ground truth of conversations [from, to) one at a time, without holding them all. */
export function* iterateGroundTruth(
  scenario: Scenario,
  from = 0,
  to = conversationCount(scenario),
  options: TruthOptions = {},
) {
  const now = options.now ?? Date.now();
  for (let i = from; i < to; i++) yield conversationTruth(scenario, i, { now });
}

/** Ground truth of every conversation (or of [from, to)) at the clock reading `options.now`. */
export function groundTruth(
  scenario: Scenario,
  from = 0,
  to = conversationCount(scenario),
  options: TruthOptions = {},
): ConversationTruth[] {
  return [...iterateGroundTruth(scenario, from, to, options)];
}

/**
 * Every conversation the API serves malformed, by id; with `kinds`, only those malformed in one
 * of these ways (a test decides which kinds must be quarantined and which kept and flagged).
 */
export function injectedMalformedIds(scenario: Scenario, kinds?: readonly MalformedKind[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < conversationCount(scenario); i++) {
    const plan = planConversation(scenario, i);
    if (plan.malformed !== null && (kinds === undefined || kinds.includes(plan.malformed))) {
      out.push(plan.conversationId);
    }
  }
  return out;
}

/** Ids of every recording custody audit event that has happened by `options.now`, sorted. */
export function auditEventIds(scenario: Scenario, options: TruthOptions = {}): string[] {
  const now = options.now ?? Date.now();
  const ids: string[] = [];
  for (let i = 0; i < conversationCount(scenario); i++) {
    const plan = planConversation(scenario, i);
    if (plan.startMs > now) break;
    for (const l of lifecyclesOf(scenario, plan)) for (const e of l.events) if (e.atMs <= now) ids.push(e.id);
  }
  return ids.sort();
}
