/** Cursor listings: page until the response carries no cursor (or no nextUri with one). */
import type { GenesysClient } from '../genesys/client.ts';
import type { Sdk } from '../genesys/sdk.ts';
import { ResponseShapeError } from '../../contract/errors.ts';
import { cursorPageSchema } from '../schemas/custody.ts';
import { parseResponse } from '../schemas/parse-response.ts';
import { prefetchingPages } from './prefetch.ts';

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

/** The listing's pages, the next one requested while the caller processes the current one. */
export async function* cursorPages(
  client: GenesysClient,
  operation: string,
  fetchPage: (sdk: Sdk, cursor: string | undefined) => Promise<unknown>,
): AsyncGenerator<RecordPage> {
  const seen = new Set<string>();
  const pages = prefetchingPages(
    async (cursor) => {
      const response = await client.call(operation, (sdk) => fetchPage(sdk, cursor));
      return parseResponse(cursorPageSchema, response.body, operation);
    },
    (page) => {
      const cursor = nextCursor(page);
      if (cursor !== undefined && seen.has(cursor)) {
        throw new ResponseShapeError(
          `${operation}: the API returned cursor ${cursor} twice; stopping instead of looping.`,
        );
      }
      if (cursor !== undefined) seen.add(cursor);
      return cursor;
    },
  );
  for await (const page of pages) {
    yield { records: page.entities ?? [], extractedAt: new Date().toISOString() };
  }
}
