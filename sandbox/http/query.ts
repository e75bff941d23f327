/** Query-string parsing with zod; a bad parameter becomes a 400 that names it. */
import type { z } from 'zod';
import { invalidValue } from './errors.ts';
import type { Reply } from './types.ts';

/** Thrown by route code to answer with a specific error reply. */
export class ReplyError extends Error {
  override name = 'ReplyError' as const;
  readonly reply: Reply;
  constructor(reply: Reply) {
    super(`HTTP ${reply.status}`);
    this.reply = reply;
  }
}

/** Parses the query (first value of each key) with `schema`, or throws a 400 ReplyError. */
export function parseQuery<S extends z.ZodType>(schema: S, query: URLSearchParams): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [key, value] of query) if (!(key in raw)) raw[key] = value;
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  throw new ReplyError(invalidValue(`Value for query parameter [${field}] is not valid: ${issue?.message ?? ''}`));
}

/** Array parameters arrive comma-joined from the SDK (`id=a,b`); repeated keys are accepted too. */
export function listParam(query: URLSearchParams, name: string): string[] {
  return query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
