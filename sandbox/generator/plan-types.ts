/**
 * The shape of a conversation plan (see plan.ts, which builds one). Kept apart from plan.ts so
 * that the modules plan.ts calls, such as agent-legs.ts, can use the types without importing
 * plan.ts back.
 */
import type { Scenario } from '../scenario.ts';
import type { Arrival } from './arrivals.ts';
import type { OrgQueue, OrgUser, OrgWrapUpCode } from './org.ts';

export type MalformedKind = Scenario['malformedKinds'][number];
/** not_started: the recording never started (no recording; analytics does not report one). */
export type AudioOutcome = 'ok' | 'error' | 'missing' | 'not_started';
export type ScreenOutcome = 'ok' | 'error' | 'missing' | 'truncated' | 'not_required' | 'not_started';
/** How analytics reports a recording flag: true, false, or the field omitted (null). */
export type ReportedFlag = boolean | null;

export interface SegmentPlan {
  readonly type: 'alert' | 'interact' | 'hold' | 'wrapup' | 'ivr';
  readonly start: number;
  readonly end: number;
  readonly disconnectType?: string;
  readonly wrapUpCode?: OrgWrapUpCode;
}

export interface ScreenPlan {
  readonly outcome: ScreenOutcome;
  readonly recordingId: string;
  /** Present unless the outcome is missing or not_required. */
  readonly startMs: number | null;
  readonly endMs: number | null;
}

export interface AgentLegPlan {
  readonly slot: number;
  readonly user: OrgUser;
  readonly participantId: string;
  readonly sessionId: string;
  readonly segments: readonly SegmentPlan[];
  readonly connectedStart: number;
  readonly connectedEnd: number;
  readonly screen: ScreenPlan;
  /** The queue the agent was reached through (another queue after a cross-queue transfer). */
  readonly queue: OrgQueue;
  /** participant.screenRecording as analytics reports it. */
  readonly screenFlag: ReportedFlag;
}

export interface LegPlan {
  readonly participantId: string;
  readonly sessionId: string;
  readonly segments: readonly SegmentPlan[];
}

export interface ConversationPlan {
  readonly index: number;
  readonly conversationId: string;
  readonly arrival: Arrival;
  readonly startMs: number;
  readonly endMs: number;
  readonly queue: OrgQueue;
  readonly customer: LegPlan & { readonly ani: string; readonly edgeId: string };
  readonly ivr: LegPlan & { readonly flowVersion: string };
  readonly acd: LegPlan;
  /** The ACD participant of a cross-queue transfer (the second queue), or null. */
  readonly transferAcd: (LegPlan & { readonly queue: OrgQueue }) | null;
  /** The conversation's divisions (those of its queues), as analytics reports divisionIds. */
  readonly divisionIds: readonly string[];
  readonly handled: boolean;
  readonly transferred: boolean;
  readonly agents: readonly AgentLegPlan[];
  readonly audio: {
    readonly outcome: AudioOutcome | 'not_required';
    readonly recordingId: string;
    /** session.recording of the agent (and customer) sessions as analytics reports it. */
    readonly flag: ReportedFlag;
  };
  readonly dataActionTimedOut: boolean;
  readonly malformed: MalformedKind | null;
  readonly schemaDrift: boolean;
  readonly language: string;
  readonly customerSegment: string;
  readonly mos: number;
  readonly rFactor: number;
}
