/**
 * Fast `Date.prototype.toISOString` for epoch milliseconds in 1970..9999: a page of 1000
 * conversations formats ~40 000 timestamps, and the native call dominated page generation.
 */
const DAY_MS = 86_400_000;
const pad2 = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const pad3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const dayPrefixes = new Map<number, string>();

function dayPrefix(day: number): string {
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (dayPrefixes.size > 10_000) dayPrefixes.clear();
    dayPrefixes.set(day, prefix);
  }
  return prefix;
}

/** The UTC ISO-8601 form without milliseconds (truncated), as the audit APIs send it: `2024-11-21T04:59:22Z`. */
export function isoSeconds(ms: number): string {
  return `${iso(Math.floor(ms / 1000) * 1000).slice(0, -5)}Z`;
}

/** The UTC ISO-8601 form with milliseconds, e.g. `2026-11-02T09:00:01.123Z`. */
export function iso(ms: number): string {
  const t = Math.floor(ms);
  const day = Math.floor(t / DAY_MS);
  let rem = t - day * DAY_MS;
  const milli = rem % 1000;
  rem = (rem - milli) / 1000;
  const second = rem % 60;
  rem = (rem - second) / 60;
  const minute = rem % 60;
  const hour = (rem - minute) / 60;
  return `${dayPrefix(day)}${pad2[hour] ?? ''}:${pad2[minute] ?? ''}:${pad2[second] ?? ''}.${pad3[milli] ?? ''}Z`;
}
