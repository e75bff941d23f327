/**
 * The shape of a conversation plan (see plan.ts, which builds one). Kept apart from plan.ts so
 * that the modules plan.ts calls, such as agent-legs.ts, can use the types without importing
 * plan.ts back.
 */
import type { Scenario } from '../scenario.ts';
import type { Arrival } from './arrivals.ts';
import type { OrgQueue, OrgUser, OrgWrapUpCode } from './org.ts';

export type MalformedKind = Scenario['malformedKinds'][number];
export type AudioOutcome = 'ok' | 'error' | 'missing';
export type ScreenOutcome = 'ok' | 'error' | 'missing' | 'truncated' | 'not_required';

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
  readonly handled: boolean;
  readonly transferred: boolean;
  readonly agents: readonly AgentLegPlan[];
  readonly audio: { readonly outcome: AudioOutcome | 'not_required'; readonly recordingId: string };
  readonly dataActionTimedOut: boolean;
  readonly malformed: MalformedKind | null;
  readonly schemaDrift: boolean;
  readonly language: string;
  readonly customerSegment: string;
  readonly mos: number;
  readonly rFactor: number;
}
