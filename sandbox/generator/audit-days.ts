/**
 * Which days hold a conversation's planned audit events, remembered per scenario as it is
 * planned, so that an unfiltered quality audit query can skip the conversations with no event
 * in its interval without planning them again. Such a query scans every conversation that
 * started before its interval ends (reads, exports and deletes come days after the call):
 * re-planning the whole history for each window of a backfill took over 16 s at 450,000
 * conversations, the client's timeout.
 *
 * A conversation's days are 64 bits (two 32-bit words): bit d for an event on day d counted
 * from the day before the scenario's first conversation, the last bit for any event from day
 * 63 on. Events only ever set bits, so a clear bit is proof of no event that day.
 */
import type { Scenario } from '../scenario.ts';
import { conversationCount, startMsOf } from './arrivals.ts';

const DAY_MS = 86_400_000;
const LAST_DAY = 63;

export interface AuditDays {
  /** Whether conversation `index` may have an event in [startMs, endMs): unknown (not recorded) counts as yes. */
  mayHaveEventIn(index: number, startMs: number, endMs: number): boolean;
  /** Records the times of conversation `index`'s planned events. */
  record(index: number, eventTimesMs: Iterable<number>): void;
}

const byScenario = new WeakMap<Scenario, AuditDays>();

/** The index of `scenario`'s conversations, created empty on first use. */
export function auditDaysOf(scenario: Scenario): AuditDays {
  let days = byScenario.get(scenario);
  if (days === undefined) {
    days = createAuditDays(conversationCount(scenario), startMsOf(scenario, 0) - DAY_MS);
    byScenario.set(scenario, days);
  }
  return days;
}

function dayOf(originMs: number, ms: number): number {
  return Math.min(LAST_DAY, Math.max(0, Math.floor((ms - originMs) / DAY_MS)));
}

/** Bits first..last (0 ≤ first ≤ last ≤ 63) as [low word, high word]. */
function dayMask(first: number, last: number): [number, number] {
  const bits = (from: number, to: number): number => {
    if (to < from) return 0;
    const width = to - from + 1;
    return (width === 32 ? 0xffffffff : ((1 << width) - 1) << from) >>> 0;
  };
  return [bits(first, Math.min(last, 31)), bits(Math.max(first, 32) - 32, last - 32)];
}

export function createAuditDays(count: number, originMs: number): AuditDays {
  const words = new Uint32Array(count * 2);
  const recorded = new Uint8Array(count);
  return {
    mayHaveEventIn(index, startMs, endMs) {
      if (recorded[index] !== 1) return true;
      if (endMs <= startMs) return false;
      const [low, high] = dayMask(dayOf(originMs, startMs), dayOf(originMs, endMs - 1));
      return ((words[index * 2] ?? 0) & low) !== 0 || ((words[index * 2 + 1] ?? 0) & high) !== 0;
    },
    record(index, eventTimesMs) {
      let low = 0;
      let high = 0;
      for (const ms of eventTimesMs) {
        const day = dayOf(originMs, ms);
        if (day < 32) low |= 1 << day;
        else high |= 1 << (day - 32);
      }
      words[index * 2] = low >>> 0;
      words[index * 2 + 1] = high >>> 0;
      recorded[index] = 1;
    },
  };
}
