/**
 * Hourly arrival profiles: 24 relative call volumes, one per local hour label (00 to 23) of the
 * org's time zone. Only ratios matter; an hour with weight 0 gets no calls.
 */
import type { Scenario } from '../scenario.ts';

/** The presets a scenario may name instead of giving 24 weights. */
export type ArrivalProfileName = Extract<Scenario['arrivals']['profile'], string>;

/* prettier-ignore */
const PRESETS: Readonly<Record<ArrivalProfileName, readonly number[]>> = {
  // 08:00-20:00, a late-morning peak and a 14:00-16:00 peak (the original, default curve).
  daytime: [
    0, 0, 0, 0, 0, 0, 0, 0,
    0.5, 0.85, 1.2, 1.3, 0.95, 0.9, 1.4, 1.4, 1.0, 0.8, 0.6, 0.4,
    0, 0, 0, 0,
  ],
  // Around the clock: a quiet night, a daytime plateau, an evening tail.
  '24h': [
    0.3, 0.25, 0.2, 0.2, 0.2, 0.25, 0.4, 0.6,
    0.9, 1.1, 1.2, 1.2, 1.0, 1.0, 1.2, 1.2, 1.1, 1.0, 0.9, 0.8,
    0.7, 0.6, 0.5, 0.4,
  ],
  // 20:00-08:00: busiest around midnight, tailing off towards the morning.
  night_shift: [
    1.2, 1.1, 1.0, 0.8, 0.7, 0.6, 0.6, 0.5,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0.7, 0.9, 1.1, 1.2,
  ],
};

/** The 24 weights of a preset or of a custom profile. */
export function profileWeights(profile: ArrivalProfileName | readonly number[]): readonly number[] {
  return typeof profile === 'string' ? PRESETS[profile] : profile;
}

/** The 24 weights a scenario's arrivals follow. */
export function arrivalWeights(scenario: Scenario): readonly number[] {
  return profileWeights(scenario.arrivals.profile);
}
