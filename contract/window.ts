/** Half-open UTC windows `[start, end)` (DESIGN decision 2). */
import { ConfigError } from './errors.ts';

export interface Window {
  readonly start: string;
  readonly end: string;
}

const parseInstant = (value: string, name: string): number => {
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || (!/(Z|[+-]\d\d:?\d\d)$/.test(value) && !/^\d{4}-\d{2}-\d{2}$/.test(value))) {
    throw new ConfigError(
      `${name} must be an ISO-8601 date or UTC timestamp (e.g. 2026-11-02 or 2026-11-02T00:00:00Z), got "${value}"`,
    );
  }
  return ms;
};

/** Splits [from, to) into windows of `stepMs` (the last may be shorter). */
export function planWindows(from: string, to: string, stepMs: number): Window[] {
  const start = parseInstant(from, '--from');
  const end = parseInstant(to, '--to');
  if (end <= start) throw new ConfigError(`--to (${to}) must be after --from (${from})`);
  if (!(stepMs > 0)) throw new ConfigError('the window size must be positive');
  const windows: Window[] = [];
  for (let t = start; t < end; t += stepMs) {
    windows.push({ start: new Date(t).toISOString(), end: new Date(Math.min(t + stepMs, end)).toISOString() });
  }
  return windows;
}

export const intervalOf = (window: Window): string => `${window.start}/${window.end}`;

/** Parses the ISO-8601 durations windows, look-backs and timers use: PnD, PTnH, PTnM, PTnS; `name` says which setting. */
export function parseDuration(value: string, name = 'the duration'): number {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value);
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match ?? [];
  const ms = ((Number(days) * 24 * 60 + Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1_000;
  if (match === null || ms <= 0) {
    throw new ConfigError(`${name} must be an ISO-8601 duration such as P1D, PT6H or PT30S, got "${value}"`);
  }
  return ms;
}

/** The one key a window is known by in the ledger and in plans: `start|end`, both ISO-8601 UTC with milliseconds. */
export const windowKey = (window: Window): string => `${window.start}|${window.end}`;

/** The [start, end) instants (epoch ms) of a windowKey(); undefined when the text is not one. */
export function windowOfKey(key: string): readonly [number, number] | undefined {
  const [start = '', end = '', ...rest] = key.split('|');
  const bounds = [Date.parse(start), Date.parse(end)] as const;
  return rest.length === 0 && bounds.every((ms) => !Number.isNaN(ms)) ? bounds : undefined;
}
