/**
 * What the compliance and billing marts must say, computed from the sandbox generator's ground
 * truth (what really happened to each recording), never through the marts' SQL or the pipeline.
 * Shared by the tests of the clean, small and default scenarios and of finance's reconciliation.
 */
import assert from 'node:assert/strict';
import type { AgentTruth, ConversationTruth } from '../../sandbox/index.ts';

/** dbt_project.yml's screen_coverage_threshold default. */
export const screenCoverageThreshold = 0.9;

/** Whether what happened to the agent's screen recording is a failure the marts must count. */
export function screenFailed(agent: AgentTruth): boolean {
  if (agent.screen === 'error' || agent.screen === 'missing' || agent.screen === 'not_started') return true;
  return agent.screen === 'truncated' && (agent.screenCoverage ?? 0) < screenCoverageThreshold;
}

export function agentVerified(agent: AgentTruth): boolean {
  return agent.audio === 'ok' && (agent.screen === 'not_required' || !screenFailed(agent));
}

export function agentReported(agent: AgentTruth): boolean {
  return agent.audioReported && (agent.screen === 'not_required' || agent.screenReported);
}

/** fct_recording_compliance's discrepancy types, as documented (_compliance__models.yml). */
export const discrepancyTypes = [
  'none',
  'not_reported',
  'reported_but_failed',
  'reported_but_missing',
  'reported_but_incomplete',
  'reported_but_pending',
  'unchecked',
  'policy_undetermined',
] as const;
export type DiscrepancyType = (typeof discrepancyTypes)[number];

/** The rollups' per-type session count column of each discrepancy type ('none' has none). */
export const sessionColumns: Readonly<Partial<Record<DiscrepancyType, string>>> = {
  not_reported: 'not_reported_sessions',
  reported_but_failed: 'failed_sessions',
  reported_but_missing: 'missing_sessions',
  reported_but_incomplete: 'incomplete_sessions',
  reported_but_pending: 'pending_sessions',
  unchecked: 'unchecked_sessions',
  policy_undetermined: 'policy_undetermined_sessions',
};

type FileStatus = 'verified' | 'failed' | 'missing' | 'incomplete' | 'not_required';

function audioStatus(agent: AgentTruth): FileStatus {
  if (agent.audio === 'ok') return 'verified';
  return agent.audio === 'error' ? 'failed' : 'missing';
}

function screenStatus(agent: AgentTruth): FileStatus {
  switch (agent.screen) {
    case 'not_required':
      return 'not_required';
    case 'ok':
      return 'verified';
    case 'error':
      return 'failed';
    case 'truncated':
      return (agent.screenCoverage ?? 0) < screenCoverageThreshold ? 'incomplete' : 'verified';
    default:
      return 'missing';
  }
}

/**
 * The discrepancy type of a required agent session whose recordings have settled and been read
 * (so never pending or unchecked) under a determined policy, from what happened to its files.
 */
export function sessionDiscrepancy(agent: AgentTruth): DiscrepancyType {
  if (!agentReported(agent)) return 'not_reported';
  const statuses = [audioStatus(agent), screenStatus(agent)];
  if (statuses.includes('failed')) return 'reported_but_failed';
  if (statuses.includes('missing')) return 'reported_but_missing';
  if (statuses.includes('incomplete')) return 'reported_but_incomplete';
  return 'none';
}

/**
 * The agent sessions policy requires recorded of a conversation the pipeline keeps (valid, handled,
 * visible to the OAuth client); none for any other conversation.
 */
export function requiredSessions(conversation: ConversationTruth): AgentTruth[] {
  if (conversation.malformed !== null || !conversation.handled || !conversation.visible) return [];
  return conversation.agents.filter((agent) => agent.coveredByPolicy);
}

/** Figures of a group of conversations: interactions and the screen failures beside the data-action timeout. */
export interface Figures {
  interactions: number;
  reported: number;
  verified: number;
  withTimeout: number;
  failuresWithTimeout: number;
  withoutTimeout: number;
  failuresWithoutTimeout: number;
}

const emptyFigures = (): Figures => ({
  interactions: 0,
  reported: 0,
  verified: 0,
  withTimeout: 0,
  failuresWithTimeout: 0,
  withoutTimeout: 0,
  failuresWithoutTimeout: 0,
});

/** The figures of the interactions in scope, per key of their conversation (e.g. its local date). */
export function figuresBy(
  truth: Iterable<ConversationTruth>,
  keyOf: (conversation: ConversationTruth) => string,
): Map<string, Figures> {
  const out = new Map<string, Figures>();
  for (const conversation of truth) {
    const covered = requiredSessions(conversation);
    if (covered.length === 0) continue;
    const key = keyOf(conversation);
    const figures = out.get(key) ?? emptyFigures();
    figures.interactions += 1;
    if (covered.every(agentReported)) figures.reported += 1;
    if (covered.every(agentVerified)) figures.verified += 1;
    const screens = covered.filter((agent) => agent.screen !== 'not_required');
    if (screens.length > 0) {
      const failed = screens.some(screenFailed);
      if (conversation.dataActionTimedOut) {
        figures.withTimeout += 1;
        if (failed) figures.failuresWithTimeout += 1;
      } else {
        figures.withoutTimeout += 1;
        if (failed) figures.failuresWithoutTimeout += 1;
      }
    }
    out.set(key, figures);
  }
  return out;
}

/** The figures summed over every key. */
export function total(byKey: ReadonlyMap<string, Figures>): Figures {
  const sum = emptyFigures();
  for (const figures of byKey.values()) {
    for (const key of Object.keys(sum) as (keyof Figures)[]) sum[key] += figures[key];
  }
  return sum;
}

/**
 * The counts of a rollup row (agg_recording_compliance_hourly / _daily) per group key: the
 * rollups count an interaction once in each (queue, agent, …) row it has a required session in;
 * it is reported (verified) compliant when all of its required sessions are; *_interactions
 * count the interactions with a session of that type in the row, *_sessions the sessions. The
 * keys are the mart's column names.
 */
export function rollupGroups(
  truth: Iterable<ConversationTruth>,
  keyOf: (conversation: ConversationTruth, agent: AgentTruth) => string,
): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const conversation of truth) {
    const covered = requiredSessions(conversation);
    const reported = covered.every(agentReported);
    const verified = covered.every(agentVerified);
    const groups = new Map<string, AgentTruth[]>();
    for (const agent of covered) {
      const key = keyOf(conversation, agent);
      groups.set(key, [...(groups.get(key) ?? []), agent]);
    }
    for (const [key, sessions] of groups) {
      const row = out.get(key) ?? emptyRollupRow();
      const add = (column: string, n = 1): void => {
        row[column] = (row[column] ?? 0) + n;
      };
      add('interactions_in_scope');
      add('agent_sessions', sessions.length);
      if (reported) add('reported_compliant_interactions');
      if (verified) add('verified_compliant_interactions');
      const types = sessions.map(sessionDiscrepancy);
      for (const type of new Set(types)) add(`${type}_interactions`);
      for (const type of types) {
        const column = sessionColumns[type];
        if (column !== undefined) add(column);
      }
      out.set(key, row);
    }
  }
  return out;
}

/** The rollup columns rollupGroups fills, every one starting at 0. */
export const rollupColumns: readonly string[] = [
  'interactions_in_scope',
  'agent_sessions',
  'reported_compliant_interactions',
  'verified_compliant_interactions',
  ...discrepancyTypes.map((type) => `${type}_interactions`),
  ...Object.values(sessionColumns),
];

function emptyRollupRow(): Record<string, number> {
  return Object.fromEntries(rollupColumns.map((column) => [column, 0]));
}

/** Billing reasons of an unverified conversation with required sessions, by precedence (_finance__models.yml). */
const billingReasons: readonly (readonly [DiscrepancyType, string])[] = [
  ['reported_but_failed', 'recording_failed'],
  ['reported_but_missing', 'recording_missing'],
  ['reported_but_incomplete', 'recording_incomplete'],
  ['not_reported', 'recording_not_reported'],
];

/**
 * fct_billing_reconciliation's status and reason for a billed conversation, given its ground
 * truth (undefined: the warehouse does not know it): 'verified' when all of its required
 * sessions are, else 'unverified' with the first reason by precedence among its unverified
 * sessions; 'not_in_scope' without a required session.
 */
export function billedStatus(conversation: ConversationTruth | undefined): { status: string; reason: string } {
  if (conversation === undefined) return { status: 'unverified', reason: 'conversation_unknown' };
  const sessions = conversation.handled ? conversation.agents.filter((agent) => agent.coveredByPolicy) : [];
  if (sessions.length === 0) return { status: 'unverified', reason: 'not_in_scope' };
  const unverified = new Set(sessions.filter((agent) => !agentVerified(agent)).map(sessionDiscrepancy));
  if (unverified.size === 0) return { status: 'verified', reason: '' };
  const reason = billingReasons.find(([type]) => unverified.has(type))?.[1] ?? 'recording_unverified';
  return { status: 'unverified', reason };
}

/** Whether the conversation would be reconciled as verified (the not_billed_verified candidates). */
export const conversationVerified = (conversation: ConversationTruth): boolean =>
  billedStatus(conversation).status === 'verified';

export const rate = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : numerator / denominator;

/** A mart's rate against the expected one (null: no denominator). */
export function assertRate(actual: unknown, expected: number | null, message: string): void {
  if (expected === null) {
    assert.equal(actual, null, message);
    return;
  }
  assert.ok(Math.abs(Number(actual) - expected) < 1e-9, `${message}: ${String(actual)} != ${String(expected)}`);
}
