/** The dimension streams (users, queues, media retention policies): full listings on every run. */
import type { z } from 'zod';
import type { StageWriter } from '../load/stage-writer.ts';
import type { Row, StreamName } from '../load/tables.ts';
import { countInto, type RunCounts } from './counts.ts';
import { flattenPolicy, flattenQueue, flattenUser } from './flatten/dimensions.ts';
import type { GenesysClient } from './genesys/client.ts';
import type { Sdk } from './genesys/sdk.ts';
import { personalDataKeys, pseudonymisePayload, type Pseudonymiser } from './pseudonymise.ts';
import { policySchema, queueSchema, userSchema } from './schemas/dimensions.ts';
import { listEntities } from './streams/listing.ts';
import { validateRecord } from './validate.ts';

const pageSize = 100;

type RowsByStream = { [S in StreamName]?: Row<S>[] };

interface ListingStream<T extends z.ZodType> {
  readonly stream: StreamName;
  readonly operation: string;
  readonly fetchPage: (sdk: Sdk, pageNumber: number) => Promise<unknown>;
  readonly schema: T;
  readonly personalData?: ReadonlySet<string>;
  readonly flatten: (value: z.infer<T>) => RowsByStream;
}

interface ListingOptions {
  client: GenesysClient;
  stage: StageWriter;
  counts: RunCounts;
  pseudonymise: Pseudonymiser;
}

/** Binds a listing definition to the extractor, so definitions of different record types share one list. */
const define =
  <T extends z.ZodType>(definition: ListingStream<T>) =>
  (options: ListingOptions): Promise<void> =>
    extractListing(definition, options);

const listingStreams = [
  define({
    stream: 'users',
    operation: 'list users',
    fetchPage: (sdk, pageNumber) => sdk.users.getUsers({ pageSize, pageNumber, state: 'any' }),
    schema: userSchema,
    personalData: personalDataKeys.user,
    flatten: (user) => ({ users: [flattenUser(user)] }),
  }),
  define({
    stream: 'queues',
    operation: 'list queues',
    fetchPage: (sdk, pageNumber) => sdk.routing.getRoutingQueues({ pageSize, pageNumber }),
    schema: queueSchema,
    flatten: (queue) => ({ queues: [flattenQueue(queue)] }),
  }),
  define({
    stream: 'retention_policies',
    operation: 'list media retention policies',
    fetchPage: (sdk, pageNumber) => sdk.recording.getRecordingMediaretentionpolicies({ pageSize, pageNumber }),
    schema: policySchema,
    flatten: flattenPolicy,
  }),
];

async function extractListing<T extends z.ZodType>(
  definition: ListingStream<T>,
  options: ListingOptions,
): Promise<void> {
  for await (const page of listEntities(options.client, definition.operation, definition.fetchPage)) {
    const rows: Record<string, unknown[]> = { quarantine: [] };
    for (const raw of page.records) {
      const safe =
        definition.personalData === undefined
          ? raw
          : pseudonymisePayload(raw, definition.personalData, options.pseudonymise);
      const result = validateRecord(definition.schema, definition.stream, safe, 'id');
      countInto(options.counts, definition.stream, result.ok ? 'staged' : 'quarantined');
      if (!result.ok) {
        rows['quarantine']?.push(result.quarantine);
        continue;
      }
      for (const [stream, streamRows] of Object.entries(definition.flatten(result.value))) {
        (rows[stream] ??= []).push(...streamRows);
      }
    }
    const lineage = { extractedAt: page.extractedAt, windowStart: null, windowEnd: null };
    for (const [stream, streamRows] of Object.entries(rows)) {
      await options.stage.write(stream as StreamName, streamRows as Row<'users'>[], lineage);
    }
  }
}

export async function extractDimensions(options: ListingOptions): Promise<void> {
  for (const extract of listingStreams) await extract(options);
}
