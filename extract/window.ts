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
