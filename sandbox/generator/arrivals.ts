/**
 * When conversations start. Day d (the local date startDate + d) gets callsPerDay calls; call
 * k of the day starts at the inverse CDF of a daytime curve evaluated at (k + u) / callsPerDay
 * with u uniform in [0, 1) (stratified sampling). So start times never decrease with the global
 * index d * callsPerDay + k, and a time range maps to an index range by binary search.
 */
import type { Scenario } from '../scenario.ts';
import { iso } from './iso.ts';
import { hashUnit } from './random.ts';
import { timeZoneOffsetMs, zonedWallToUtc } from './time-zone.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** First local hour with traffic; the curve covers [08:00, 20:00). */
export const FIRST_HOUR = 8;
/** Relative call volume per local hour from 08:00: a late-morning peak and a 14:00–16:00 peak. */
const HOURLY_WEIGHTS = [0.5, 0.85, 1.2, 1.3, 0.95, 0.9, 1.4, 1.4, 1.0, 0.8, 0.6, 0.4] as const;

const cumulative: number[] = (() => {
  const total = HOURLY_WEIGHTS.reduce((a, b) => a + b, 0);
  const out = [0];
  let acc = 0;
  for (const w of HOURLY_WEIGHTS) {
    acc += w / total;
    out.push(acc);
  }
  out[out.length - 1] = 1;
  return out;
})();

/** Milliseconds after local midnight for a quantile f in [0, 1); non-decreasing in f. */
export function timeOfDayMs(f: number): number {
  let bin = 0;
  while (bin < HOURLY_WEIGHTS.length - 1 && f >= (cumulative[bin + 1] ?? 1)) bin++;
  const lo = cumulative[bin] ?? 0;
  const hi = cumulative[bin + 1] ?? 1;
  const within = hi > lo ? (f - lo) / (hi - lo) : 0;
  return Math.floor((FIRST_HOUR + bin + Math.min(within, 0.999_999_9)) * HOUR_MS);
}

export function conversationCount(scenario: Scenario): number {
  return scenario.days * scenario.callsPerDay;
}

/** Local midnight of day d as a wall instant. */
export function dayWallMs(scenario: Scenario, day: number): number {
  const [y = 1970, m = 1, d = 1] = parsedDate(scenario.startDate);
  return Date.UTC(y, m - 1, d + day);
}

const parsedDates = new Map<string, readonly number[]>();

function parsedDate(date: string): readonly number[] {
  let parts = parsedDates.get(date);
  if (parts === undefined) {
    parts = date.split('-').map(Number);
    parsedDates.set(date, parts);
  }
  return parts;
}

const dayOffsets = new Map<string, number | null>();

/** The zone's offset over the day's traffic hours, or null if it changes within them (DST). */
function trafficOffset(scenario: Scenario, day: number): number | null {
  const key = `${scenario.orgTimeZone}|${scenario.startDate}|${day}`;
  const cached = dayOffsets.get(key);
  if (cached !== undefined) return cached;
  const wall = dayWallMs(scenario, day);
  const from = timeZoneOffsetMs(
    scenario.orgTimeZone,
    zonedWallToUtc(scenario.orgTimeZone, wall + FIRST_HOUR * HOUR_MS),
  );
  const to = timeZoneOffsetMs(scenario.orgTimeZone, zonedWallToUtc(scenario.orgTimeZone, wall + 20 * HOUR_MS));
  const offset = from === to ? from : null;
  if (dayOffsets.size > 100_000) dayOffsets.clear();
  dayOffsets.set(key, offset);
  return offset;
}

export interface Arrival {
  readonly day: number;
  /** UTC start, epoch ms. */
  readonly startMs: number;
  /** The same instant as local wall time (Date.UTC of the local fields). */
  readonly wallMs: number;
  readonly localDate: string;
  readonly localHour: number;
}

/** Start of conversation `index` (0 ≤ index < conversationCount). */
export function arrivalOf(scenario: Scenario, index: number): Arrival {
  const day = Math.floor(index / scenario.callsPerDay);
  const k = index - day * scenario.callsPerDay;
  const u = hashUnit(scenario.seed, index, 'arrival');
  const midnight = dayWallMs(scenario, day);
  const wanted = midnight + timeOfDayMs((k + u) / scenario.callsPerDay);
  const offset = trafficOffset(scenario, day);
  const startMs = offset === null ? zonedWallToUtc(scenario.orgTimeZone, wanted) : wanted - offset;
  const wallMs = offset === null ? startMs + timeZoneOffsetMs(scenario.orgTimeZone, startMs) : wanted;
  const localDate = iso(wallMs).slice(0, 10);
  return { day, startMs, wallMs, localDate, localHour: Math.floor((wallMs % DAY_MS) / HOUR_MS) };
}

export function startMsOf(scenario: Scenario, index: number): number {
  return arrivalOf(scenario, index).startMs;
}

/** The smallest index whose start is ≥ utcMs (conversationCount if none). */
export function firstIndexStartingAtOrAfter(scenario: Scenario, utcMs: number): number {
  let lo = 0;
  let hi = conversationCount(scenario);
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (startMsOf(scenario, mid) < utcMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** End of the scenario's last local day (local midnight after it), UTC epoch ms. */
export function scenarioEndMs(scenario: Scenario): number {
  return zonedWallToUtc(scenario.orgTimeZone, dayWallMs(scenario, scenario.days));
}

/** Local midnight at the start of the first day, UTC epoch ms. */
export function scenarioStartMs(scenario: Scenario): number {
  return zonedWallToUtc(scenario.orgTimeZone, dayWallMs(scenario, 0));
}
