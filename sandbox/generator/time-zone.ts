/**
 * Wall-clock time in an IANA time zone, via Intl (no tz database of our own). "Wall" instants
 * are the local date and time encoded as if they were UTC (Date.UTC of the local fields).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Local time minus UTC, in ms, at the UTC instant `utcMs` (e.g. +3_600_000 for CET). */
export function timeZoneOffsetMs(timeZone: string, utcMs: number): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(utcMs)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    fields['year'] ?? 1970,
    (fields['month'] ?? 1) - 1,
    fields['day'] ?? 1,
    fields['hour'] ?? 0,
    fields['minute'] ?? 0,
    fields['second'] ?? 0,
  );
  const wholeSeconds = Math.floor(utcMs / 1000) * 1000;
  return wall - wholeSeconds;
}

/**
 * The UTC instant at which the zone's clocks show `wallMs`. In a DST gap (a wall time that
 * does not exist) the later candidate is returned; in an overlap, the earlier one.
 */
export function zonedWallToUtc(timeZone: string, wallMs: number): number {
  const first = timeZoneOffsetMs(timeZone, wallMs);
  const guess = wallMs - first;
  const second = timeZoneOffsetMs(timeZone, guess);
  if (first === second) return guess;
  const retry = wallMs - second;
  return timeZoneOffsetMs(timeZone, retry) === second ? retry : Math.max(guess, retry);
}

/** The UTC instant as wall time in the zone. */
export function utcToZonedWall(timeZone: string, utcMs: number): number {
  return utcMs + timeZoneOffsetMs(timeZone, utcMs);
}

/** `YYYY-MM-DD` of a wall instant. */
export function wallDate(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 10);
}

/** `YYYY-MM-DDTHH:mm:ss` of a wall instant (no zone designator). */
export function wallDateTime(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 19);
}
