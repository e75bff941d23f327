/**
 * When conversations start. Day d (the local date startDate + d) gets callsPerDay calls; call
 * k of the day starts at the inverse CDF of the day's arrival curve evaluated at (k + u) /
 * callsPerDay with u uniform in [0, 1) (stratified sampling). So start times never decrease
 * with the global index d * callsPerDay + k, and a time range maps to an index range by binary
 * search.
 *
 * The curve runs over the day's real (UTC) time, from local midnight to the next local
 * midnight: 23, 24 or 25 hours across a DST change. Each real hour weighs what the scenario's
 * hourly profile gives its local hour label, so a fall-back day's repeated hour is weighted
 * once per occurrence, the skipped spring-forward hour not at all, and no call starts at a
 * local time that does not exist.
 */
import type { Scenario } from '../scenario.ts';
import { arrivalWeights } from './arrival-profiles.ts';
import { iso } from './iso.ts';
import { hashUnit } from './random.ts';
import { timeZoneOffsetMs, zonedWallToUtc } from './time-zone.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A quantile within a segment stays below its end. */
const MAX_WITHIN = 0.999_999_9;

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

/** A stretch of real time with one local hour label and one UTC offset. */
interface Segment {
  /** Local hour label (0-23). */
  readonly label: number;
  /** Local time minus UTC, ms. */
  readonly offsetMs: number;
  /** Wall start minus local midnight, in hours (the label, unless the segment starts mid-hour). */
  readonly wallHour: number;
  /** Real length in hours (1, unless cut by a transition or the day's end). */
  readonly hours: number;
}

/** One local day: its segments and the cumulative share of calls up to each. */
interface DayCurve {
  readonly midnightWall: number;
  readonly segments: readonly Segment[];
  /** cumulative[i] = share of the day's calls before segment i; length segments + 1. */
  readonly cumulative: readonly number[];
  /** The last segment that gets calls. */
  readonly last: number;
}

/** The first instant in (from, to] whose offset differs from `offset` (one exists). */
function transitionIn(timeZone: string, from: number, to: number, offset: number): number {
  let lo = from;
  let hi = to;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (timeZoneOffsetMs(timeZone, mid) === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The real-time segments of the local day starting at the wall instant midnightWall. */
function segmentsOf(timeZone: string, midnightWall: number): Segment[] {
  const endUtc = zonedWallToUtc(timeZone, midnightWall + DAY_MS);
  const segments: Segment[] = [];
  let t = zonedWallToUtc(timeZone, midnightWall);
  while (t < endUtc) {
    const offsetMs = timeZoneOffsetMs(timeZone, t);
    const wall = t + offsetMs;
    let end = Math.min(endUtc, (Math.floor(wall / HOUR_MS) + 1) * HOUR_MS - offsetMs);
    if (timeZoneOffsetMs(timeZone, end - 1) !== offsetMs) end = transitionIn(timeZone, t, end - 1, offsetMs);
    segments.push({
      label: Math.floor((wall % DAY_MS) / HOUR_MS),
      offsetMs,
      wallHour: (wall - midnightWall) / HOUR_MS,
      hours: (end - t) / HOUR_MS,
    });
    t = end;
  }
  return segments;
}

function dayCurveOf(scenario: Scenario, day: number): DayCurve {
  const midnightWall = dayWallMs(scenario, day);
  const segments = segmentsOf(scenario.orgTimeZone, midnightWall);
  const profile = arrivalWeights(scenario);
  let weights = segments.map((s) => (profile[s.label] ?? 0) * s.hours);
  // A day without any weighted hour (the profile's only hours skipped by DST): spread evenly.
  if (!weights.some((w) => w > 0)) weights = segments.map((s) => s.hours);
  const total = weights.reduce((a, b) => a + b, 0);
  const last = weights.findLastIndex((w) => w > 0);
  const cumulative = [0];
  let acc = 0;
  weights.forEach((w, i) => {
    acc += w / total;
    cumulative.push(i >= last ? 1 : acc);
  });
  return { midnightWall, segments, cumulative, last };
}

const curves = new WeakMap<Scenario, Map<number, DayCurve>>();

function dayCurve(scenario: Scenario, day: number): DayCurve {
  let byDay = curves.get(scenario);
  if (byDay === undefined) {
    byDay = new Map();
    curves.set(scenario, byDay);
  }
  let curve = byDay.get(day);
  if (curve === undefined) {
    curve = dayCurveOf(scenario, day);
    byDay.set(day, curve);
  }
  return curve;
}

export interface Arrival {
  readonly day: number;
  /** UTC start, epoch ms. */
  readonly startMs: number;
  /** The same instant as local wall time (Date.UTC of the local fields). */
  readonly wallMs: number;
  readonly localDate: string;
  readonly localHour: number;
  /** The org zone's UTC offset at the start, minutes (local time minus UTC). */
  readonly utcOffsetMinutes: number;
}

/** Start of conversation `index` (0 ≤ index < conversationCount). */
export function arrivalOf(scenario: Scenario, index: number): Arrival {
  const day = Math.floor(index / scenario.callsPerDay);
  const k = index - day * scenario.callsPerDay;
  const u = hashUnit(scenario.seed, index, 'arrival');
  const f = (k + u) / scenario.callsPerDay;
  const { midnightWall, segments, cumulative, last } = dayCurve(scenario, day);
  let bin = 0;
  while (bin < last && f >= (cumulative[bin + 1] ?? 1)) bin++;
  const lo = cumulative[bin] ?? 0;
  const hi = cumulative[bin + 1] ?? 1;
  const within = Math.min(hi > lo ? (f - lo) / (hi - lo) : 0, MAX_WITHIN);
  const segment = segments[bin];
  if (segment === undefined) throw new Error(`no arrival segment ${bin} on day ${day}`);
  const { offsetMs } = segment;
  const sinceMidnight = segment.wallHour + within * segment.hours;
  const startMs = midnightWall - offsetMs + Math.floor(sinceMidnight * HOUR_MS);
  const wallMs = startMs + offsetMs;
  return {
    day,
    startMs,
    wallMs,
    localDate: iso(wallMs).slice(0, 10),
    localHour: Math.floor((wallMs % DAY_MS) / HOUR_MS),
    utcOffsetMinutes: offsetMs / 60_000,
  };
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

/** End of the scenario's last local day, or of its first `days` (local midnight after it), UTC epoch ms. */
export function scenarioEndMs(scenario: Scenario, days: number = scenario.days): number {
  return zonedWallToUtc(scenario.orgTimeZone, dayWallMs(scenario, days));
}

/** Local midnight at the start of the first day, UTC epoch ms. */
export function scenarioStartMs(scenario: Scenario): number {
  return zonedWallToUtc(scenario.orgTimeZone, dayWallMs(scenario, 0));
}
