/**
 * Injected faults: API request number n gets a 5xx or a 429 when a hash of (seed, n) says so,
 * so a run's fault sequence is reproducible for a given request order. A 5xx starts a burst of
 * `http5xxBurst` consecutive 5xx answers. Slow responses are decided the same way.
 */
import { hashUnit } from '../generator/random.ts';
import type { Scenario } from '../scenario.ts';

export type Fault =
  | { readonly kind: 'unavailable'; readonly status: number }
  | { readonly kind: 'throttled'; readonly retryAfter: number | null };

/** Retry-After of injected 429s: short, so retry tests stay fast. */
const INJECTED_RETRY_AFTER_SECONDS = 1;

/** The stateless per-request decision (the first request of a burst). */
export function faultFor(scenario: Scenario, requestNumber: number): Fault | null {
  const { http5xxRate, http429Rate, http429WithoutRetryAfterShare, http5xxStatuses } = scenario.faults;
  if (http5xxRate === 0 && http429Rate === 0) return null;
  const u = hashUnit(scenario.seed, requestNumber, 'fault');
  if (u < http5xxRate) {
    const pick = Math.floor(hashUnit(scenario.seed, requestNumber, 'fault-status') * http5xxStatuses.length);
    return { kind: 'unavailable', status: http5xxStatuses[pick] ?? 503 };
  }
  if (u < http5xxRate + http429Rate) {
    const bare = hashUnit(scenario.seed, requestNumber, 'fault-retry-after') < http429WithoutRetryAfterShare;
    return { kind: 'throttled', retryAfter: bare ? null : INJECTED_RETRY_AFTER_SECONDS };
  }
  return null;
}

export interface FaultInjector {
  /** The fault for the next API request, if any (counts the request). */
  next(): Fault | null;
  /** Milliseconds to hold the reply of API request `requestNumber` (0 = not slow). */
  delayFor(requestNumber: number): number;
}

export function createFaultInjector(scenario: Scenario): FaultInjector {
  let counter = 0;
  let burstLeft = 0;
  let burstStatus = 503;
  return {
    next() {
      const n = counter++;
      if (burstLeft > 0) {
        burstLeft--;
        return { kind: 'unavailable', status: burstStatus };
      }
      const fault = faultFor(scenario, n);
      if (fault?.kind === 'unavailable') {
        burstLeft = scenario.faults.http5xxBurst - 1;
        burstStatus = fault.status;
      }
      return fault;
    },
    delayFor(requestNumber) {
      const { slowRate, slowMs } = scenario.faults;
      if (slowRate === 0) return 0;
      return hashUnit(scenario.seed, requestNumber, 'slow') < slowRate ? slowMs : 0;
    },
  };
}
