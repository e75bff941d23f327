/** ISO-8601 `start/end` intervals as the analytics API takes them. */

const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/;

/** [startMs, endMs), or an error message. Both ends need an explicit zone (Z or an offset). */
export function parseInterval(interval: string): { startMs: number; endMs: number } | string {
  const parts = interval.split('/');
  if (parts.length !== 2) return `interval [${interval}] must be "start/end" in ISO-8601`;
  const [start = '', end = ''] = parts;
  if (!instant.test(start) || !instant.test(end)) {
    return `interval [${interval}] must be two ISO-8601 date-times with a zone, e.g. 2026-11-02T00:00:00.000Z/2026-11-03T00:00:00.000Z`;
  }
  const startMs = Date.parse(start);
  const endMs = Date.parse(end);
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) return `interval [${interval}] has an invalid date`;
  if (endMs <= startMs) return `interval [${interval}] must end after it starts`;
  return { startMs, endMs };
}
