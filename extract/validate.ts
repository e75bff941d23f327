/**
 * Validation at the boundary (DESIGN decision 4): a record either parses, or becomes a
 * quarantine row naming the stream, the record's key (when it has one), what was wrong and
 * the raw payload. Nothing is dropped.
 */
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { Row, StreamName } from '../contract/tables.ts';

export type Validated<T> = { ok: true; value: T } | { ok: false; quarantine: Row<'quarantine'> };

/** A short, readable summary of zod issues: `participants.0.sessions: expected array, received string`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(record)'}: ${issue.message}`)
    .join('; ');
}

export function quarantineRow(
  stream: StreamName,
  recordKey: string | null,
  reason: string,
  raw: unknown,
): Row<'quarantine'> {
  const rawPayload = raw === undefined ? 'undefined' : JSON.stringify(raw);
  return {
    quarantine_id: createHash('sha256')
      .update(`${stream}\n${recordKey ?? ''}\n${rawPayload}`)
      .digest('hex')
      .slice(0, 32),
    stream,
    record_key: recordKey,
    reason,
    raw_payload: rawPayload,
  };
}

export function validateRecord<S extends z.ZodType>(
  schema: S,
  stream: StreamName,
  raw: unknown,
  keyField: string,
): Validated<z.infer<S>> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const key =
    typeof raw === 'object' && raw !== null && typeof (raw as Record<string, unknown>)[keyField] === 'string'
      ? ((raw as Record<string, unknown>)[keyField] as string)
      : null;
  return { ok: false, quarantine: quarantineRow(stream, key, describeIssues(parsed.error), raw) };
}
