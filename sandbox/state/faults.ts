/**
 * Injected faults: API request number n gets a 503 or a 429 when a hash of (seed, n) says so,
 * so a run's fault sequence is reproducible for a given request order.
 */
import { hashUnit } from '../generator/random.ts';
import type { Scenario } from '../scenario.ts';

export type Fault =
  { readonly kind: 'unavailable' } | { readonly kind: 'throttled'; readonly retryAfter: number | null };

/** Retry-After of injected 429s: short, so retry tests stay fast. */
const INJECTED_RETRY_AFTER_SECONDS = 1;

export function faultFor(scenario: Scenario, requestNumber: number): Fault | null {
  const { http5xxRate, http429Rate, http429WithoutRetryAfterShare } = scenario.faults;
  if (http5xxRate === 0 && http429Rate === 0) return null;
  const u = hashUnit(scenario.seed, requestNumber, 'fault');
  if (u < http5xxRate) return { kind: 'unavailable' };
  if (u < http5xxRate + http429Rate) {
    const bare = hashUnit(scenario.seed, requestNumber, 'fault-retry-after') < http429WithoutRetryAfterShare;
    return { kind: 'throttled', retryAfter: bare ? null : INJECTED_RETRY_AFTER_SECONDS };
  }
  return null;
}
