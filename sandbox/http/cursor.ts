/** Opaque cursors: base64url JSON, bound to a tag so a cursor of one listing fails on another. */
import { badRequest } from './errors.ts';
import { ReplyError } from './query.ts';

export function encodeCursor(tag: string, position: readonly number[]): string {
  return Buffer.from(JSON.stringify({ t: tag, p: position })).toString('base64url');
}

/** The position in a cursor made by encodeCursor with the same tag, or a 400. */
export function decodeCursor(tag: string, cursor: string, length: number): number[] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { t?: unknown; p?: unknown };
    const p = value.p;
    if (
      value.t === tag &&
      Array.isArray(p) &&
      p.length === length &&
      p.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)
    ) {
      return p as number[];
    }
  } catch {
    // fall through
  }
  throw new ReplyError(badRequest(`Invalid cursor [${cursor}]`));
}

/** A pageSize query parameter: default when absent, 400 when not an integer in [1, max]. */
export function pageSizeParam(query: URLSearchParams, fallback: number, max: number, name = 'pageSize'): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new ReplyError(badRequest(`${name} must be an integer between 1 and ${max}, got [${raw}]`));
  }
  return n;
}
