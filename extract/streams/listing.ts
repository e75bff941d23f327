/** pageNumber-style listings (users, queues, policies): pages until pageNumber reaches pageCount or nextUri is gone. */
import type { Sdk } from '../genesys/sdk.ts';
import type { GenesysClient } from '../genesys/client.ts';
import { entityListing } from '../schemas/common.ts';
import { parseResponse } from '../schemas/parse-response.ts';
import { z } from 'zod';

const listingSchema = entityListing(z.unknown());

export async function* listEntities(
  client: GenesysClient,
  operation: string,
  fetchPage: (sdk: Sdk, pageNumber: number) => Promise<unknown>,
): AsyncGenerator<{ records: readonly unknown[]; extractedAt: string }> {
  for (let pageNumber = 1; ; pageNumber += 1) {
    const response = await client.call(operation, (sdk) => fetchPage(sdk, pageNumber));
    const page = parseResponse(listingSchema, response.body, operation);
    const records = page.entities ?? [];
    yield { records, extractedAt: new Date().toISOString() };
    const more = page.pageCount === undefined ? Boolean(page.nextUri) : pageNumber < page.pageCount;
    if (!more || records.length === 0) return;
  }
}
