/**
 * One window of the conversation streams: detail-job pages are validated, pseudonymised and
 * flattened into rows; then the recording metadata of the page's conversations is read with
 * bounded concurrency. Everything goes to the stage writer; invalid records go to quarantine.
 */
import type { Lineage, StageWriter } from '../load/stage-writer.ts';
import type { Row } from '../contract/tables.ts';
import { mapWithConcurrency } from '../contract/concurrency.ts';
import { lookUpDeletionProtection } from './extract-custody.ts';
import { countInto, type RunCounts } from './counts.ts';
import { flattenConversation } from './flatten/conversation.ts';
import { flattenRecording } from './flatten/recording.ts';
import type { GenesysClient } from './genesys/client.ts';
import { personalDataKeys, pseudonymisePayload, type Pseudonymiser } from './pseudonymise.ts';
import { conversationSchema } from './schemas/analytics.ts';
import { recordingMetadataListSchema, recordingMetadataSchema } from './schemas/recording.ts';
import { conversationJobPages, type ConversationJobOptions } from './streams/conversation-jobs.ts';
import { quarantineRow, validateRecord, describeIssues } from './validate.ts';
import type { Window } from '../contract/window.ts';

export interface WindowExtractionOptions {
  readonly client: GenesysClient;
  readonly stage: StageWriter;
  readonly window: Window;
  readonly counts: RunCounts;
  readonly pseudonymise: Pseudonymiser;
  readonly job: ConversationJobOptions;
  /** Recording-metadata reads in flight at once. */
  readonly recordingConcurrency: number;
  readonly onProgress?: (event: { window: Window; conversations: number; recordings: number }) => void;
}

async function readRecordings(
  options: Pick<WindowExtractionOptions, 'client' | 'recordingConcurrency'>,
  conversationIds: readonly string[],
): Promise<{ recordings: Row<'recordings'>[]; reads: Row<'recording_reads'>[]; quarantine: Row<'quarantine'>[] }> {
  const recordings: Row<'recordings'>[] = [];
  const reads: Row<'recording_reads'>[] = [];
  const quarantine: Row<'quarantine'>[] = [];
  await mapWithConcurrency(conversationIds, options.recordingConcurrency, async (conversationId) => {
    const response = await options.client.call('get recording metadata', (sdk) =>
      sdk.recording.getConversationRecordingmetadata(conversationId),
    );
    const readAt = new Date().toISOString();
    const list = recordingMetadataListSchema.safeParse(response.body);
    if (!list.success) {
      quarantine.push(
        quarantineRow('recordings', conversationId, `not a list: ${describeIssues(list.error)}`, response.body),
      );
      return;
    }
    let valid = 0;
    for (const raw of list.data ?? []) {
      const result = validateRecord(recordingMetadataSchema, 'recordings', raw, 'id');
      if (result.ok) {
        recordings.push(flattenRecording(conversationId, result.value));
        valid += 1;
      } else {
        quarantine.push(result.quarantine);
      }
    }
    reads.push({ conversation_id: conversationId, recording_count: valid, read_at: readAt });
  });
  return { recordings, reads, quarantine };
}

/**
 * Reads and stages the recording metadata of some conversations (with their read receipts);
 * returns how many recordings it staged.
 */
export async function stageRecordings(
  options: Pick<WindowExtractionOptions, 'client' | 'stage' | 'counts' | 'recordingConcurrency'>,
  conversationIds: readonly string[],
  lineage: Lineage,
): Promise<number> {
  const result = await readRecordings(options, conversationIds);
  const recordingLineage = { ...lineage, extractedAt: new Date().toISOString() };
  await options.stage.write('recordings', result.recordings, recordingLineage);
  await options.stage.write('recording_reads', result.reads, recordingLineage);
  await options.stage.write('quarantine', result.quarantine, recordingLineage);
  countInto(options.counts, 'recordings', 'staged', result.recordings.length);
  countInto(options.counts, 'recordings', 'quarantined', result.quarantine.length);
  return result.recordings.length;
}

/** Extracts the window into the stage; returns the `dataAvailabilityDate` the job results carried, if any. */
export async function extractConversationWindow(options: WindowExtractionOptions): Promise<string | undefined> {
  const { stage, window, counts, pseudonymise } = options;
  let conversations = 0;
  let recordingsSeen = 0;
  let dataAvailabilityDate: string | undefined;
  for await (const page of conversationJobPages(options.client, window, options.job)) {
    dataAvailabilityDate = page.dataAvailabilityDate ?? dataAvailabilityDate;
    const lineage = { extractedAt: page.extractedAt, windowStart: window.start, windowEnd: window.end };
    const rows = {
      conversations: [],
      participants: [],
      sessions: [],
      segments: [],
      participant_attributes: [],
    } as ReturnType<typeof flattenConversation>;
    const quarantined: Row<'quarantine'>[] = [];
    const conversationIds: string[] = [];
    for (const raw of page.records) {
      const safe = pseudonymisePayload(raw, personalDataKeys.conversation, pseudonymise);
      const result = validateRecord(conversationSchema, 'conversations', safe, 'conversationId');
      if (!result.ok) {
        quarantined.push(result.quarantine);
        countInto(counts, 'conversations', 'quarantined');
        // A malformed analytics record does not make its recordings any less real: read them too.
        const id = (raw as { conversationId?: unknown }).conversationId;
        if (typeof id === 'string') conversationIds.push(id);
        continue;
      }
      countInto(counts, 'conversations', 'staged');
      conversationIds.push(result.value.conversationId);
      const flat = flattenConversation(result.value);
      for (const key of Object.keys(rows) as (keyof typeof rows)[]) (rows[key] as unknown[]).push(...flat[key]);
    }
    await stage.write('conversations', rows.conversations, lineage);
    await stage.write('participants', rows.participants, lineage);
    await stage.write('sessions', rows.sessions, lineage);
    await stage.write('segments', rows.segments, lineage);
    await stage.write('participant_attributes', rows.participant_attributes, lineage);

    await stage.write('quarantine', quarantined, lineage);
    const recordingsStaged = await stageRecordings(options, conversationIds, lineage);
    const protection = await lookUpDeletionProtection(options.client, conversationIds);
    countInto(counts, 'deletion_protection', 'staged', protection.length);
    await stage.write('deletion_protection', protection, { ...lineage, extractedAt: new Date().toISOString() });

    conversations += conversationIds.length;
    recordingsSeen += recordingsStaged;
    options.onProgress?.({ window, conversations, recordings: recordingsSeen });
  }
  return dataAvailabilityDate;
}
