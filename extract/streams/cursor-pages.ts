/** Cursor listings: page until the response carries no cursor (or no nextUri with one). */
import type { GenesysClient } from '../genesys/client.ts';
import type { Sdk } from '../genesys/sdk.ts';
import { ResponseShapeError } from '../../contract/errors.ts';
import { cursorPageSchema } from '../schemas/custody.ts';
import { parseResponse } from '../schemas/parse-response.ts';

export interface RecordPage {
  readonly records: readonly unknown[];
  readonly extractedAt: string;
}

function nextCursor(page: {
  cursor?: string | null | undefined;
  nextUri?: string | null | undefined;
}): string | undefined {
  if (page.cursor) return page.cursor;
  if (!page.nextUri) return undefined;
  return new URL(page.nextUri, 'http://next.invalid').searchParams.get('cursor') ?? undefined;
}

export async function* cursorPages(
  client: GenesysClient,
  operation: string,
  fetchPage: (sdk: Sdk, cursor: string | undefined) => Promise<unknown>,
): AsyncGenerator<RecordPage> {
  let cursor: string | undefined;
  const seen = new Set<string>();
  do {
    const current = cursor;
    const response = await client.call(operation, (sdk) => fetchPage(sdk, current));
    const page = parseResponse(cursorPageSchema, response.body, operation);
    yield { records: page.entities ?? [], extractedAt: new Date().toISOString() };
    cursor = nextCursor(page);
    if (cursor !== undefined && seen.has(cursor)) {
      throw new ResponseShapeError(
        `${operation}: the API returned cursor ${cursor} twice; stopping instead of looping.`,
      );
    }
    if (cursor !== undefined) seen.add(cursor);
  } while (cursor !== undefined);
}
