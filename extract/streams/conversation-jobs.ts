/**
 * Conversations through analytics detail jobs: create a job for the window, poll it until
 * FULFILLED, then page its results by cursor until the cursor is absent. Jobs return every
 * conversation whose lifetime overlaps the window, so neighbouring windows share some.
 */
import type { GenesysClient } from '../genesys/client.ts';
import { JobError, ResponseShapeError } from '../errors.ts';
import { availabilitySchema, jobCreatedSchema, jobResultsPageSchema, jobStatusSchema } from '../schemas/analytics.ts';
import { intervalOf, type Window } from '../window.ts';

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

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function parse<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown } },
  body: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ResponseShapeError(`Unexpected ${what} response from Genesys: ${String(parsed.error)}`);
  return parsed.data;
}

/** Jobs that end FAILED, CANCELLED or EXPIRED are submitted again this many times in all. */
export const detailJobAttempts = 5;

/** Submits a detail job for the window and waits for it; resubmits a job that fails. Returns its id. */
async function fulfilledJob(client: GenesysClient, window: Window, options: ConversationJobOptions): Promise<string> {
  const sleep = options.sleep ?? defaultSleep;
  const ended: string[] = [];
  for (let attempt = 1; attempt <= detailJobAttempts; attempt += 1) {
    const created = await client.call('create conversation detail job', (sdk) =>
      sdk.analytics.postAnalyticsConversationsDetailsJobs({
        interval: intervalOf(window),
        order: 'asc',
        orderBy: 'conversationStart',
      }),
    );
    const { jobId } = parse(jobCreatedSchema, created.body, 'detail job creation');
    const deadline = Date.now() + options.jobTimeoutMs;
    for (;;) {
      const status = parse(
        jobStatusSchema,
        (
          await client.call('get conversation detail job', (sdk) =>
            sdk.analytics.getAnalyticsConversationsDetailsJob(jobId),
          )
        ).body,
        'detail job status',
      );
      if (status.state === 'FULFILLED') return jobId;
      if (status.state === 'FAILED' || status.state === 'CANCELLED' || status.state === 'EXPIRED') {
        ended.push(`${jobId} ${status.state}${status.errorMessage ? ` (${status.errorMessage})` : ''}`);
        break;
      }
      if (Date.now() > deadline) {
        throw new JobError(
          `Conversation detail job ${jobId} for ${intervalOf(window)} was still ${status.state} after ` +
            `${options.jobTimeoutMs} ms. Raise GENESYS_JOB_TIMEOUT_MS or use smaller windows (--window).`,
        );
      }
      await sleep(options.pollIntervalMs);
    }
    await sleep(options.pollIntervalMs * attempt);
  }
  throw new JobError(
    `Conversation detail jobs for ${intervalOf(window)} ended unsuccessfully ${detailJobAttempts} times: ` +
      `${ended.join('; ')}. Run the command again later; finished windows are kept.`,
  );
}

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
    const page = parse(jobResultsPageSchema, response.body, 'detail job results');
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
  return parse(availabilitySchema, response.body, 'data availability').dataAvailabilityDate;
}
