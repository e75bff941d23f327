/**
 * Conversations through analytics detail jobs: create a job for the window, poll it until
 * FULFILLED, then page its results by cursor until the cursor is absent. Jobs return every
 * conversation whose lifetime overlaps the window, so neighbouring windows share some.
 */
import type { GenesysClient } from '../genesys/client.ts';
import { availabilitySchema, jobCreatedSchema, jobResultsPageSchema, jobStatusSchema } from '../schemas/analytics.ts';
import { parseResponse } from '../schemas/parse-response.ts';
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

export async function* conversationJobPages(
  client: GenesysClient,
  window: Window,
  options: ConversationJobOptions,
): AsyncGenerator<JobPage> {
  const jobId = await fulfilledJob(client, window, options);

  let cursor: string | undefined;
  do {
    const response = await client.call('get conversation detail job results', (sdk) =>
      sdk.analytics.getAnalyticsConversationsDetailsJobResults(jobId, {
        pageSize: options.pageSize,
        ...(cursor === undefined ? {} : { cursor }),
      }),
    );
    const page = parseResponse(jobResultsPageSchema, response.body, 'detail job results');
    yield {
      records: page.conversations ?? [],
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
