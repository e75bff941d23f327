/**
 * One window of the conversation streams, as batches: each detail-job results page becomes a
 * conversations batch (validated, pseudonymised, flattened), then a recordings batch (the
 * recording metadata of the page's conversations, read with bounded concurrency) and a
 * deletion-protection batch. Then the custody streams of the same window.
 */
import type { Batch, RowsByStream } from '../contract/batch.ts';
import type { Row } from '../contract/tables.ts';
import type { Window } from '../contract/window.ts';
import { custodyBatches, deletionProtectionBatch } from './extract-custody.ts';
import { flattenConversation } from './flatten/conversation.ts';
import { flattenRecording } from './flatten/recording.ts';
import type { GenesysClient } from './genesys/client.ts';
import { appendRows } from './page-batches.ts';
import { conversationPolicy, recordingMetadataPolicy } from './personal-data.ts';
import { applyPolicy, type Pseudonymiser } from './pseudonymise.ts';
import { conversationSchema } from './schemas/analytics.ts';
import { recordingMetadataListSchema, recordingMetadataSchema } from './schemas/recording.ts';
import type { AuditQueryOptions } from './streams/audit-transactions.ts';
import { createAdaptiveLimit, mapWithAdaptiveConcurrency, type AdaptiveLimit } from './streams/adaptive-concurrency.ts';
import { conversationJobPages, type ConversationJobOptions } from './streams/conversation-jobs.ts';
import { quarantineRow, validateRecord, describeIssues } from './validate.ts';

export interface WindowExtractionOptions {
  readonly pseudonymise: Pseudonymiser;
  /** Participant attributes whose values stay in clear; every other attribute value is hashed. */
  readonly attributeAllowlist: ReadonlySet<string>;
  readonly job: ConversationJobOptions;
  readonly audit: AuditQueryOptions;
  /** Org audit services whose events are kept (retention policies, integrations, data actions). */
  readonly orgAuditServices: readonly string[];
  /** Recording-metadata reads in flight at most (fewer while answers slow down: adaptive-concurrency.ts). */
  readonly recordingConcurrency: number;
}

/**
 * The recording metadata of some conversations, with one read receipt per conversation (proof
 * the check happened even when it found nothing). `received` counts the recordings the API
 * listed, plus each response that was not a list at all (it is quarantined whole). Each record
 * is pseudonymised before validation, so the quarantine holds no personal data in clear either.
 * `concurrency` is the most reads in flight (a fresh adaptive limit), or a limit shared with
 * earlier pages, so what it learnt carries over.
 */
export async function recordingsBatch(
  client: GenesysClient,
  conversationIds: readonly string[],
  concurrency: number | AdaptiveLimit,
  pseudonymise: Pseudonymiser,
): Promise<Batch> {
  const recordings: Row<'recordings'>[] = [];
  const reads: Row<'recording_reads'>[] = [];
  const quarantined: Row<'quarantine'>[] = [];
  let received = 0;
  const limit = typeof concurrency === 'number' ? createAdaptiveLimit({ max: concurrency }) : concurrency;
  await mapWithAdaptiveConcurrency(conversationIds, limit, async (conversationId) => {
    const response = await client.call('get recording metadata', async (sdk) => {
      // Only the exchange is timed: not the wait for the rate limiter, nor a retry's backoff.
      const sent = performance.now();
      const answer: unknown = await sdk.recording.getConversationRecordingmetadata(conversationId);
      limit.observe(performance.now() - sent);
      return answer;
    });
    const readAt = new Date().toISOString();
    const list = recordingMetadataListSchema.safeParse(response.body);
    if (!list.success) {
      received += 1;
      quarantined.push(
        quarantineRow(
          'recordings',
          conversationId,
          `not a list: ${describeIssues(list.error)}`,
          applyPolicy(response.body, recordingMetadataPolicy, pseudonymise),
        ),
      );
      return;
    }
    const listed = list.data ?? [];
    received += listed.length;
    let valid = 0;
    for (const raw of listed) {
      const safe = applyPolicy(raw, recordingMetadataPolicy, pseudonymise);
      const result = validateRecord(recordingMetadataSchema, 'recordings', safe, 'id');
      if (result.ok) {
        recordings.push(flattenRecording(conversationId, result.value));
        valid += 1;
      } else {
        quarantined.push(result.quarantine);
      }
    }
    reads.push({ conversation_id: conversationId, recording_count: valid, read_at: readAt });
  });
  return {
    stream: 'recordings',
    received,
    rows: { recordings, recording_reads: reads },
    quarantined,
    extractedAt: new Date().toISOString(),
  };
}

/** Records validated between two turns of the event loop, so reads in flight are answered meanwhile. */
const recordsPerTurn = 64;
const nextTurn = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

/** Validates one detail-job page; returns its batch and every conversation id it named (valid or not). */
async function conversationsBatch(
  page: { records: readonly unknown[]; extractedAt: string; dataAvailabilityDate: string | undefined },
  pseudonymise: Pseudonymiser,
  attributeAllowlist: ReadonlySet<string>,
): Promise<{ batch: Batch; conversationIds: string[] }> {
  const policy = conversationPolicy(attributeAllowlist);
  const rows: RowsByStream = {};
  const quarantined: Row<'quarantine'>[] = [];
  const conversationIds: string[] = [];
  let count = 0;
  for (const raw of page.records) {
    if (++count % recordsPerTurn === 0) await nextTurn();
    const safe = applyPolicy(raw, policy, pseudonymise);
    const result = validateRecord(conversationSchema, 'conversations', safe, 'conversationId');
    if (!result.ok) {
      quarantined.push(result.quarantine);
      // A malformed analytics record does not make its recordings any less real: read them too.
      const id = (raw as { conversationId?: unknown } | null)?.conversationId;
      if (typeof id === 'string') conversationIds.push(id);
      continue;
    }
    conversationIds.push(result.value.conversationId);
    appendRows(rows, flattenConversation(result.value));
  }
  return {
    batch: {
      stream: 'conversations',
      received: page.records.length,
      rows,
      quarantined,
      extractedAt: page.extractedAt,
      dataAvailabilityDate: page.dataAvailabilityDate,
    },
    conversationIds,
  };
}

/** Both settled; rejects with the first failure only once neither is still running. */
async function both<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
  return [first.value, second.value];
}

/**
 * Every batch of one window: conversations with their recordings and deletion protection, then
 * custody. The window's audit queries are submitted with its detail job and wait alongside it;
 * each results page is requested while the previous one is processed. A page's recording reads
 * and protection lookups run together, and while they travel the next page is validated (in
 * slices, so their answers are handled as they come): the API and this process work at the same
 * time. At most one page's reads are in flight. Stopping early (a failure, the consumer giving
 * up) stops the audit polls and waits for the reads in flight to settle.
 */
export async function* windowBatches(
  client: GenesysClient,
  window: Window,
  options: WindowExtractionOptions,
  /** The client for the per-conversation recording reads, which stand alone (default: `client`). */
  readClient: GenesysClient = client,
): AsyncGenerator<Batch> {
  const done = new AbortController();
  const recordingLimit = createAdaptiveLimit({ max: options.recordingConcurrency });
  let reads: Promise<[Batch, Batch]> | undefined;
  try {
    const custody = custodyBatches({
      client,
      window,
      pseudonymise: options.pseudonymise,
      audit: { ...options.audit, signal: done.signal },
      orgAuditServices: options.orgAuditServices,
    });
    for await (const page of conversationJobPages(client, window, { ...options.job, signal: done.signal })) {
      const { batch, conversationIds } = await conversationsBatch(
        page,
        options.pseudonymise,
        options.attributeAllowlist,
      );
      if (reads !== undefined) {
        const [recordings, protection] = await reads;
        reads = undefined;
        yield recordings;
        yield protection;
      }
      reads = both(
        recordingsBatch(readClient, conversationIds, recordingLimit, options.pseudonymise),
        deletionProtectionBatch(client, conversationIds),
      );
      // Observed when awaited; a failure meanwhile must not count as unhandled.
      reads.catch(() => undefined);
      yield batch;
    }
    if (reads !== undefined) {
      const [recordings, protection] = await reads;
      reads = undefined;
      yield recordings;
      yield protection;
    }
    yield* custody;
  } finally {
    done.abort(new Error(`The extraction of ${window.start} → ${window.end} stopped.`));
    await reads?.catch(() => undefined);
  }
}
