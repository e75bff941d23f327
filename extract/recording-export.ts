/**
 * Recording EXPORT bulk jobs: the only thing this project ever asks Genesys to *do*. Never part
 * of a run; only `genesys-etl export-recordings` calls it.
 *
 * Per window: POST a RecordingJobsQuery (PENDING), poll until READY (totals counted), PUT
 * {state: PROCESSING}, poll until FULFILLED or FAILED. At most two recording jobs per org may be
 * PENDING or PROCESSING, so windows go one at a time. A job of ours for the same window and
 * integration that is still open (left by an interrupted earlier call, or created by a POST
 * that was retried) is adopted rather than duplicated, so calling again after Ctrl-C resumes.
 */
import type { GenesysClient } from './genesys/client.ts';
import { JobError } from '../contract/errors.ts';
import { recordingJobSchema, type RecordingJob } from './schemas/custody.ts';
import { parseResponse } from './schemas/parse-response.ts';
import { listEntities } from './streams/listing.ts';
import { intervalOf, type Window } from '../contract/window.ts';

export interface RecordingExportOptions {
  readonly integrationId: string;
  /** When the export happens; Genesys exports at once when this is now or past. */
  readonly actionDate: string;
  readonly includeScreenRecordings: boolean;
  readonly pollIntervalMs: number;
  /** Give up waiting for one job after this long (the job is left to Genesys, not cancelled). */
  readonly timeoutMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onProgress?: (message: string) => void;
}

export interface RecordingExportResult {
  readonly window: Window;
  readonly jobId: string;
  readonly state: string;
  readonly conversations: number;
  readonly recordings: number;
  readonly skipped: number;
  readonly failed: number;
  readonly processed: number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const openStates = new Set(['PENDING', 'READY', 'PROCESSING']);

/** The query an EXPORT job for the window is created with. */
export function exportQuery(window: Window, options: RecordingExportOptions) {
  return {
    action: 'EXPORT' as const,
    actionDate: options.actionDate,
    integrationId: options.integrationId,
    includeScreenRecordings: options.includeScreenRecordings,
    conversationQuery: { interval: intervalOf(window), order: 'asc', orderBy: 'conversationStart' },
  };
}

/** An open EXPORT job of this OAuth client for the same window and integration, if any. */
async function openJobFor(client: GenesysClient, window: Window, integrationId: string): Promise<RecordingJob | null> {
  const pages = listEntities(client, 'list recording jobs', (sdk, pageNumber) =>
    sdk.recording.getRecordingJobs({ jobType: 'EXPORT', showOnlyMyJobs: true, pageSize: 100, pageNumber }),
  );
  for await (const page of pages) {
    for (const raw of page.records) {
      const job = parseResponse(recordingJobSchema, raw, 'recording job listing');
      const query = job.recordingJobsQuery as { integrationId?: unknown; conversationQuery?: { interval?: unknown } };
      const same = query.integrationId === integrationId && query.conversationQuery?.interval === intervalOf(window);
      if (same && openStates.has(job.state)) return job;
    }
  }
  return null;
}

/** Polls the job until its state leaves `waiting`. */
async function waitWhile(
  client: GenesysClient,
  job: RecordingJob,
  waiting: readonly string[],
  options: RecordingExportOptions,
): Promise<RecordingJob> {
  const sleep = options.sleep ?? defaultSleep;
  const deadline = Date.now() + options.timeoutMs;
  let current = job;
  while (waiting.includes(current.state)) {
    if (Date.now() > deadline) {
      throw new JobError(
        `Recording job ${job.id} is still ${current.state} after ${options.timeoutMs} ms; it goes on in Genesys. ` +
          'Call export-recordings again later to pick it up, or raise GENESYS_JOB_TIMEOUT_MS.',
      );
    }
    await sleep(options.pollIntervalMs);
    const response = await client.call('get recording job', (sdk) => sdk.recording.getRecordingJob(job.id));
    current = parseResponse(recordingJobSchema, response.body, 'recording job status');
  }
  return current;
}

function resultOf(window: Window, job: RecordingJob): RecordingExportResult {
  return {
    window,
    jobId: job.id,
    state: job.state,
    conversations: job.totalConversations ?? 0,
    recordings: job.totalRecordings ?? 0,
    skipped: job.totalSkippedRecordings ?? 0,
    failed: job.totalFailedRecordings ?? 0,
    processed: job.totalProcessedRecordings ?? 0,
  };
}

/** Creates (or adopts) the EXPORT job of one window and drives it to FULFILLED. */
export async function exportWindow(
  client: GenesysClient,
  window: Window,
  options: RecordingExportOptions,
): Promise<RecordingExportResult> {
  const say = options.onProgress ?? (() => undefined);
  let job = await openJobFor(client, window, options.integrationId);
  if (job === null) {
    const created = await client.call('create recording export job', (sdk) =>
      sdk.recording.postRecordingJobs(exportQuery(window, options)),
    );
    job = parseResponse(recordingJobSchema, created.body, 'recording job creation');
    say(`${intervalOf(window)}: created export job ${job.id}`);
  } else {
    say(`${intervalOf(window)}: resuming export job ${job.id} (${job.state})`);
  }
  job = await waitWhile(client, job, ['PENDING'], options);
  if (job.state === 'READY') {
    say(
      `${intervalOf(window)}: ${job.totalRecordings ?? 0} recording(s) of ${job.totalConversations ?? 0} ` +
        `conversation(s) to export (${job.totalSkippedRecordings ?? 0} skipped); executing`,
    );
    const jobId = job.id;
    const executed = await client.call('execute recording export job', (sdk) =>
      sdk.recording.putRecordingJob(jobId, { state: 'PROCESSING' }),
    );
    job = parseResponse(recordingJobSchema, executed.body, 'recording job execution');
  }
  job = await waitWhile(client, job, ['READY', 'PROCESSING'], options);
  if (job.state !== 'FULFILLED') {
    throw new JobError(
      `Recording export job ${job.id} for ${intervalOf(window)} ended ${job.state}` +
        `${job.errorMessage ? `: ${job.errorMessage}` : ''}. Check the S3 integration ${options.integrationId} ` +
        'and the OAuth client’s recording:job permissions, then call export-recordings again for this window.',
    );
  }
  return resultOf(window, job);
}

/** Exports the recordings of every window, one job at a time. */
export async function exportRecordings(
  client: GenesysClient,
  windows: readonly Window[],
  options: RecordingExportOptions,
): Promise<RecordingExportResult[]> {
  const results: RecordingExportResult[] = [];
  for (const window of windows) results.push(await exportWindow(client, window, options));
  return results;
}
