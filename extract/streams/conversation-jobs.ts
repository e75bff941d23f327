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
import { succeededJob } from './async-job.ts';

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
      return parseResponse(jobStatusSchema, status.body, 'detail job status');
    },
    succeeded: 'FULFILLED',
    ended: ['FAILED', 'CANCELLED', 'EXPIRED'],
    attempts: detailJobAttempts,
    pollIntervalMs: options.pollIntervalMs,
    timeoutMs: options.jobTimeoutMs,
    timeoutHint: 'Raise GENESYS_JOB_TIMEOUT_MS or use smaller windows (--window).',
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
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
 * The job's result pages. A job with more results than the API pages through ends in a
 * ResultCapError after the pages it did serve: the caller drops them and splits the window.
 */
export async function* conversationJobPages(
  client: GenesysClient,
  window: Window,
  options: ConversationJobOptions,
): AsyncGenerator<JobPage> {
  const jobId = await fulfilledJob(client, window, options);

  let cursor: string | undefined;
  let paged = 0;
  let first: string | undefined;
  let reached: string | undefined;
  do {
    const current = cursor;
    const response = await client
      .call('get conversation detail job results', (sdk) =>
        sdk.analytics.getAnalyticsConversationsDetailsJobResults(jobId, {
          pageSize: options.pageSize,
          ...(current === undefined ? {} : { cursor: current }),
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
    const page = parseResponse(jobResultsPageSchema, response.body, 'detail job results');
    const records = page.conversations ?? [];
    paged += records.length;
    first ??= conversationStartOf(records[0]);
    reached = conversationStartOf(records.at(-1)) ?? reached;
    yield {
      records,
      extractedAt: new Date().toISOString(),
      dataAvailabilityDate: page.dataAvailabilityDate,
    };
    cursor = page.cursor;
  } while (cursor !== undefined);
}

/** Analytics data is complete up to this instant; a window ending later is not final yet. */
export async function fetchDataAvailability(client: GenesysClient): Promise<string> {
  const response = await client.call('get conversation detail job availability', (sdk) =>
    sdk.analytics.getAnalyticsConversationsDetailsJobsAvailability(),
  );
  return parseResponse(availabilitySchema, response.body, 'data availability').dataAvailabilityDate;
}
