/** A whole API response (not one record) parsed against its schema; a mismatch is a ResponseShapeError. */
import type { z } from 'zod';
import { ResponseShapeError } from '../../contract/errors.ts';

export function parseResponse<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ResponseShapeError(`Unexpected ${what} response from Genesys: ${parsed.error.message}`);
  return parsed.data;
}
