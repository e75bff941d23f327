/**
 * Selecting conversations whose lifetime overlaps a half-open interval [start, end):
 * conversationStart < end and conversationEnd > start, in conversationStart order. Starts are
 * non-decreasing in the index and no conversation outlasts MAX_CONVERSATION_MS, so the
 * candidates are one contiguous index range found by binary search.
 */
import type { Scenario } from '../scenario.ts';
import { firstIndexStartingAtOrAfter } from './arrivals.ts';
import { MAX_CONVERSATION_MS, planConversation } from './plan.ts';
import type { ConversationPlan } from './plan.ts';

export interface IndexRange {
  readonly intervalStartMs: number;
  readonly intervalEndMs: number;
  /** Candidates are [from, to): every conversation starting in [start - max duration, end). */
  readonly from: number;
  readonly to: number;
}

export function candidateRange(scenario: Scenario, intervalStartMs: number, intervalEndMs: number): IndexRange {
  return {
    intervalStartMs,
    intervalEndMs,
    from: firstIndexStartingAtOrAfter(scenario, intervalStartMs - MAX_CONVERSATION_MS),
    to: firstIndexStartingAtOrAfter(scenario, intervalEndMs),
  };
}

export interface OverlapPage {
  readonly plans: ConversationPlan[];
  /** Index of the next overlapping conversation, or null when there is none (last page). */
  readonly next: number | null;
}

/**
 * Up to `limit` overlapping conversations from index `from` on that ended by `availableUntilMs`,
 * plus where the next page starts.
 */
export function overlappingPage(
  scenario: Scenario,
  range: IndexRange,
  from: number,
  limit: number,
  availableUntilMs = Number.POSITIVE_INFINITY,
): OverlapPage {
  const plans: ConversationPlan[] = [];
  let i = Math.max(from, range.from);
  for (; i < range.to; i++) {
    const plan = planConversation(scenario, i);
    if (plan.endMs <= range.intervalStartMs) continue;
    // Not in the data lake yet: the conversation ended after the data availability date.
    if (plan.endMs > availableUntilMs) continue;
    if (plans.length === limit) return { plans, next: i };
    plans.push(plan);
  }
  return { plans, next: null };
}
