/**
 * The run-level streams: users, queues, divisions, media retention policies, data actions (with
 * their configured timeouts) and existing recording bulk jobs, read in full on every run (their
 * size follows the org, not its history); the failed recordings of bulk jobs, read until the job
 * has finished and its failures were read once; and recording lifecycle dates from the retention
 * query, a sweep of every recording the org has, only when the caller says it is due (the API has
 * no date filter for it, so it is a scheduled stream; see pipeline/run-pipeline.ts).
 */
import type { z } from 'zod';
import { flattenDataAction, flattenDivision, flattenRecordingJob, flattenRetentionEntity } from './flatten/custody.ts';
import { flattenPolicy, flattenQueue, flattenUser } from './flatten/dimensions.ts';
import type { GenesysClient } from './genesys/client.ts';
import { recordingJobPolicy, userPolicy } from './personal-data.ts';
import { applyPolicy } from './pseudonymise.ts';
import {
  dataActionSchema,
  failedRecordingSchema,
  recordingJobSchema,
  retentionEntitySchema,
} from './schemas/custody.ts';
import { divisionSchema, policySchema, queueSchema, userSchema } from './schemas/dimensions.ts';
import { cursorPages, type RecordPage } from './streams/cursor-pages.ts';
import { listEntities } from './streams/listing.ts';
import type { Batch } from '../contract/batch.ts';
import { pageBatches, type PageStream } from './page-batches.ts';
import type { Pseudonymiser } from './pseudonymise.ts';

const pageSize = 100;
/** The retention query's own maximum page size. */
const retentionPageSize = 500;

export interface ListingOptions {
  readonly client: GenesysClient;
  readonly pseudonymise: Pseudonymiser;
  /** `retentionThresholdDays` of the retention query: recordings retained at least this long. */
  readonly retentionThresholdDays: number;
  /** Whether this run sweeps the retention query (every recording of the org); false skips it. */
  readonly retentionSweep: boolean;
  /** Finished bulk jobs whose failed recordings earlier runs read in full: not read again. */
  readonly jobFailuresRead: ReadonlySet<string>;
  /** Told of each finished bulk job whose failed recordings this run reads in full (to save once loaded). */
  readonly onJobFailuresRead?: (jobId: string) => void;
}

/** Bulk job states after which a job's failed recordings no longer change. */
const finishedJobStates: ReadonlySet<string> = new Set(['FULFILLED', 'FAILED', 'CANCELLED']);

interface ListingStream<T extends z.ZodType> extends PageStream<T> {
  readonly pages: (options: ListingOptions) => AsyncGenerator<RecordPage>;
}

/** Binds a listing definition to its batches, so definitions of different record types share one list. */
const define =
  <T extends z.ZodType>(definition: ListingStream<T>) =>
  (options: ListingOptions): AsyncGenerator<Batch> =>
    pageBatches(definition, definition.pages(options), options.pseudonymise);

const paged = (operation: string, fetchPage: Parameters<typeof listEntities>[2]) => (options: ListingOptions) =>
  listEntities(options.client, operation, fetchPage);

/**
 * The failed recordings of one bulk job, 100 per page (the API's maximum), by cursor: with
 * includeTotal=false the listing pages by cursor (in nextUri), as Genesys recommends.
 */
const jobFailures = (jobId: string) =>
  define({
    stream: 'recording_job_failures',
    keyField: 'recording',
    pages: (options) =>
      cursorPages(options.client, 'list failed recordings of a recording job', (sdk, cursor) =>
        sdk.recording.getRecordingJobFailedrecordings(jobId, {
          pageSize: 100,
          includeTotal: false,
          ...(cursor === undefined ? {} : { cursor }),
        }),
      ),
    schema: failedRecordingSchema,
    flatten: (failure) => ({
      recording_job_failures: [
        { job_id: jobId, conversation_id: failure.conversation?.id ?? null, recording_id: failure.recording.id },
      ],
    }),
  });

/** Lifecycle dates of every recording retained at least `retentionThresholdDays`, 500 per page. */
const recordingLifecycle = define({
  stream: 'recording_lifecycle',
  keyField: 'recordingId',
  pages: (options) =>
    cursorPages(options.client, 'query recording retention', (sdk, cursor) =>
      sdk.recording.getRecordingsRetentionQuery(options.retentionThresholdDays, {
        pageSize: retentionPageSize,
        ...(cursor === undefined ? {} : { cursor }),
      }),
    ),
  schema: retentionEntitySchema,
  flatten: (entity) => ({ recording_lifecycle: [flattenRetentionEntity(entity)] }),
});

/** A job whose failed recordings are to be read; `finished` once they can no longer change. */
interface FailedJob {
  readonly id: string;
  readonly finished: boolean;
}

/** The listings; jobs with failed recordings not yet read for good are noted in `failedJobs`. */
const listingStreams = (failedJobs: FailedJob[], options: ListingOptions) => [
  define({
    stream: 'users',
    keyField: 'id',
    pages: paged('list users', (sdk, pageNumber) => sdk.users.getUsers({ pageSize, pageNumber, state: 'any' })),
    schema: userSchema,
    pseudonymise: (raw, hash) => applyPolicy(raw, userPolicy, hash),
    flatten: (user) => ({ users: [flattenUser(user)] }),
  }),
  define({
    stream: 'queues',
    keyField: 'id',
    pages: paged('list queues', (sdk, pageNumber) => sdk.routing.getRoutingQueues({ pageSize, pageNumber })),
    schema: queueSchema,
    flatten: (queue) => ({ queues: [flattenQueue(queue)] }),
  }),
  define({
    stream: 'divisions',
    keyField: 'id',
    pages: paged('list divisions', (sdk, pageNumber) =>
      sdk.authorization.getAuthorizationDivisions({ pageSize, pageNumber }),
    ),
    schema: divisionSchema,
    flatten: (division) => ({ divisions: [flattenDivision(division)] }),
  }),
  define({
    stream: 'retention_policies',
    keyField: 'id',
    pages: paged('list media retention policies', (sdk, pageNumber) =>
      sdk.recording.getRecordingMediaretentionpolicies({ pageSize, pageNumber }),
    ),
    schema: policySchema,
    flatten: flattenPolicy,
  }),
  define({
    stream: 'data_actions',
    keyField: 'id',
    pages: paged('list data actions', (sdk, pageNumber) =>
      sdk.integrations.getIntegrationsActions({ pageSize, pageNumber, includeConfig: true }),
    ),
    schema: dataActionSchema,
    flatten: (action) => ({ data_actions: [flattenDataAction(action)] }),
  }),
  define({
    stream: 'recording_jobs',
    keyField: 'id',
    pages: paged('list recording jobs', (sdk, pageNumber) => sdk.recording.getRecordingJobs({ pageSize, pageNumber })),
    schema: recordingJobSchema,
    pseudonymise: (raw, hash) => applyPolicy(raw, recordingJobPolicy, hash),
    flatten: (job) => {
      if ((job.totalFailedRecordings ?? 0) > 0 && !options.jobFailuresRead.has(job.id)) {
        failedJobs.push({ id: job.id, finished: finishedJobStates.has(job.state) });
      }
      return { recording_jobs: [flattenRecordingJob(job)] };
    },
  }),
  ...(options.retentionSweep ? [recordingLifecycle] : []),
];

/**
 * Every listing, page by page (the retention query only when a sweep is due); then the failed
 * recordings of the bulk jobs that report some, except those read for good by earlier runs.
 */
export async function* dimensionBatches(options: ListingOptions): AsyncGenerator<Batch> {
  const failedJobs: FailedJob[] = [];
  for (const listing of listingStreams(failedJobs, options)) yield* listing(options);
  for (const job of failedJobs) {
    yield* jobFailures(job.id)(options);
    if (job.finished) options.onJobFailuresRead?.(job.id);
  }
}
