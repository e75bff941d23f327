/**
 * Conversations through analytics detail jobs: create a job for the window, poll it until
 * FULFILLED, then page its results by cursor until the cursor is absent. Jobs return every
 * conversation whose lifetime overlaps the window, so neighbouring windows share some.
 */
import type { GenesysClient } from '../genesys/client.ts';
import { availabilitySchema, jobCreatedSchema, jobResultsPageSchema, jobStatusSchema } from '../schemas/analytics.ts';
import { parseResponse } from '../schemas/parse-response.ts';
import { GenesysApiError, ResultCapError } from '../../contract/errors.ts';
import { intervalOf, type Window } from '../../contract/window.ts';
import { retryAfterMs, succeededJob } from './async-job.ts';
import { prefetchingPages, sampledJsonBytes } from './prefetch.ts';

export interface JobPage {
  /** Raw, unvalidated conversation records. */
  readonly records: readonly unknown[];
  readonly extractedAt: string;
  readonly dataAvailabilityDate: string | undefined;
}

export interface ConversationJobOptions {
  readonly pageSize: number;
  readonly pollIntervalMs: number;
  /** Give up waiting after this long. */
  readonly jobTimeoutMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Stops polling a job whose results are no longer wanted. */
  readonly signal?: AbortSignal | undefined;
}

/** Jobs that end FAILED, CANCELLED or EXPIRED are submitted again this many times in all. */
export const detailJobAttempts = 5;

/** Submits a detail job for the window and waits for it; resubmits a job that fails. Returns its id. */
const fulfilledJob = (client: GenesysClient, window: Window, options: ConversationJobOptions): Promise<string> =>
  succeededJob({
    what: `conversation detail job for ${intervalOf(window)}`,
    submit: async () => {
      const created = await client.call('create conversation detail job', (sdk) =>
        sdk.analytics.postAnalyticsConversationsDetailsJobs({
          interval: intervalOf(window),
          order: 'asc',
          orderBy: 'conversationStart',
        }),
      );
      return parseResponse(jobCreatedSchema, created.body, 'detail job creation').jobId;
    },
    poll: async (jobId) => {
      const status = await client.call('get conversation detail job', (sdk) =>
        sdk.analytics.getAnalyticsConversationsDetailsJob(jobId),
      );
      const parsed = parseResponse(jobStatusSchema, status.body, 'detail job status');
      return { ...parsed, retryAfterMs: retryAfterMs(status.headers['retry-after']) };
    },
    succeeded: 'FULFILLED',
    ended: ['FAILED', 'CANCELLED', 'EXPIRED'],
    attempts: detailJobAttempts,
    pollIntervalMs: options.pollIntervalMs,
    timeoutMs: options.jobTimeoutMs,
    timeoutHint: 'Raise GENESYS_JOB_TIMEOUT_MS or use smaller windows (--window).',
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    signal: options.signal,
  });

/** The API's refusal to page a job's results past its cap: 400 "Pagination may not exceed 400000 results". */
const resultCapPattern = /pagination may not exceed\s+([\d,]+)\s+results/i;

/** The cap a refusal names, when `error` is one. */
export function resultCapOf(error: unknown): number | undefined {
  if (!(error instanceof GenesysApiError) || error.status !== 400) return undefined;
  const match = resultCapPattern.exec(error.message);
  return match?.[1] === undefined ? undefined : Number(match[1].replaceAll(',', ''));
}

const conversationStartOf = (record: unknown): string | undefined => {
  const start = (record as { conversationStart?: unknown } | null)?.conversationStart;
  return typeof start === 'string' && !Number.isNaN(Date.parse(start)) ? start : undefined;
};

/**
 * Pages of more than about this many bytes of JSON are not looked ahead of: the next page is
 * requested once the caller is done with them. A script running the pipeline's parse, validate
 * and flatten functions under its 192 MiB heap, on pages of 1,000 conversations: with the next
 * page parsed meanwhile, 150 MiB of heap at 21 KB a conversation, out of heap at 42 KB; one page
 * at a time, 133 MiB at 42 KB and 157 MiB at 52 KB. The `large` scenario's pages are 7 MB.
 */
const lookAheadMaxBytes = 16 * 1024 * 1024;

/**
 * The job's result pages, the next one requested while the caller processes the current one
 * (unless that one is large, see lookAheadMaxBytes). A
 * job with more results than the API pages through ends in a ResultCapError after the pages it
 * did serve: the caller drops them and splits the window.
 */
export async function* conversationJobPages(
  client: GenesysClient,
  window: Window,
  options: ConversationJobOptions,
): AsyncGenerator<JobPage> {
  const jobId = await fulfilledJob(client, window, options);

  let paged = 0;
  let first: string | undefined;
  let reached: string | undefined;
  const pages = prefetchingPages(
    async (cursor) => {
      const response = await client
        .call('get conversation detail job results', (sdk) =>
          sdk.analytics.getAnalyticsConversationsDetailsJobResults(jobId, {
            pageSize: options.pageSize,
            ...(cursor === undefined ? {} : { cursor }),
          }),
        )
        .catch((error: unknown) => {
          const cap = resultCapOf(error);
          if (cap === undefined) throw error;
          throw new ResultCapError(
            `The conversation detail job for ${intervalOf(window)} holds more than the API's cap of ${cap} results ` +
              `(refused after ${paged}); the window is extracted as smaller windows.`,
            { cap, paged, first, reached },
          );
        });
      return parseResponse(jobResultsPageSchema, response.body, 'detail job results');
    },
    (page) => {
      // Counted before the next page is asked for, so a cap refusal of it knows how far this one reached.
      const records = page.conversations ?? [];
      paged += records.length;
      first ??= conversationStartOf(records[0]);
      reached = conversationStartOf(records.at(-1)) ?? reached;
      return page.cursor;
    },
    (page) => sampledJsonBytes(page.conversations ?? []) <= lookAheadMaxBytes,
  );
  for await (const page of pages) {
    yield {
      records: page.conversations ?? [],
      extractedAt: new Date().toISOString(),
      dataAvailabilityDate: page.dataAvailabilityDate,
    };
  }
}

/** Analytics data is complete up to this instant; a window ending later is not final yet. */
export async function fetchDataAvailability(client: GenesysClient): Promise<string> {
  const response = await client.call('get conversation detail job availability', (sdk) =>
    sdk.analytics.getAnalyticsConversationsDetailsJobsAvailability(),
  );
  return parseResponse(availabilitySchema, response.body, 'data availability').dataAvailabilityDate;
}
