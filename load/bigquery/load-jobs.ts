/**
 * BigQuery load jobs from staged `gs://` objects, exactly once. One job carries many files of one
 * table (BigQuery's per-table daily modification quota counts every load job, failed ones too).
 * Its id is derived from the table and the files it carries plus an attempt number:
 * - before creating attempt n, attempts 0..n-1 are looked up; a succeeded one is adopted (its rows
 *   are already in the table), a running one is waited for, a failed one (a failed load job loads
 *   nothing) moves on to the next attempt;
 * - creating an id that already exists (409, a retried insert or a concurrent retry) adopts the
 *   existing job instead.
 * So the same files can never be appended twice, whatever crashes in between.
 */
import { createHash } from 'node:crypto';
import type { Job, JobMetadata } from '@google-cloud/bigquery';
import { LoadError } from '../../contract/errors.ts';
import type { StagedFile } from '../manifest.ts';
import type { LoadBatching } from '../warehouse.ts';
import { tables } from '../../contract/tables.ts';
import type { BigQuerySession } from './session.ts';
import { tableSchema } from './sql.ts';

/** BigQuery accepts at most 10,000 source URIs per load job. */
export const maxUrisPerJob = 10_000;

/**
 * When the orchestrator loads committed windows (pipeline/load-batch.ts): once one table has
 * 1,000 files queued, the queue holds 5 GiB, or its oldest window waited 15 minutes, else at the
 * end of the run. A one-year PT6H backfill (1,460 windows, a file per table each) is then 2 load
 * jobs per table by file count, plus at most 96 per day of run time by age (the README has the
 * arithmetic); BigQuery allows 1,500 per table per day.
 */
export const defaultLoadBatching: LoadBatching = Object.freeze({
  maxFiles: 1_000,
  maxBytes: 5 * 1024 ** 3,
  maxAgeMs: 15 * 60_000,
});

export interface JobOutcome {
  readonly jobId: string;
  /** Rows the job appended, from its statistics (`statistics.load.outputRows`); null when it reports none. */
  readonly outputRows: number | null;
  /** Whether this call created the job (false: an earlier attempt's job was adopted). */
  readonly created: boolean;
}

/** What identifies the load of `files` into `table`: the same files give the same key. */
export function loadKey(table: string, files: readonly StagedFile[]): string {
  const digest = createHash('sha256')
    .update([table, ...files.map((file) => file.fileId).sort()].join('\n'))
    .digest('hex')
    .slice(0, 40);
  return `genesys_etl_load_${table}_${digest}`;
}

/** The job id of attempt `attempt` of that load. */
export const loadJobId = (table: string, files: readonly StagedFile[], attempt: number): string =>
  `${loadKey(table, files)}_${attempt}`;

const httpStatus = (error: unknown): number | undefined => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The job's metadata, or null when no job has that id. */
async function existing(session: BigQuerySession, jobId: string): Promise<JobMetadata | null> {
  try {
    const response: [JobMetadata, ...unknown[]] = await session.bigquery
      .job(jobId, { location: session.target.location })
      .getMetadata();
    return response[0];
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw new LoadError(`Could not look up BigQuery job ${jobId}: ${String(error)}`, { cause: error });
  }
}

async function done(session: BigQuerySession, metadata: JobMetadata, pollMs: number): Promise<JobMetadata> {
  let current = metadata;
  let delay = pollMs;
  const jobId = current.jobReference?.jobId ?? '';
  while (current.status?.state !== 'DONE') {
    await sleep(delay);
    delay = Math.min(delay * 2, 5_000);
    const next = await existing(session, jobId);
    if (next === null) throw new LoadError(`BigQuery job ${jobId} disappeared while it ran.`);
    current = next;
  }
  return current;
}

/** The job's error, naming the table, the job and, where BigQuery says, the file; null when it succeeded. */
export function jobError(table: string, files: readonly StagedFile[], metadata: JobMetadata): LoadError | null {
  const status = metadata.status;
  if (status?.errorResult == null) return null;
  const details = (status.errors ?? [])
    .slice(0, 5)
    .map((error) => `${error.location ?? 'job'}: ${error.message ?? error.reason ?? 'unknown error'}`);
  const named = new Set(details.join('\n').match(/gs:\/\/\S+?(?=[\s:,;)]|$)/g) ?? []);
  const fileNames =
    named.size > 0
      ? [...named]
      : files
          .slice(0, 5)
          .map((file) => file.uri)
          .concat(files.length > 5 ? ['…'] : []);
  return new LoadError(
    `BigQuery load job ${metadata.jobReference?.jobId ?? '?'} into ${table} failed: ` +
      `${status.errorResult.message ?? status.errorResult.reason ?? 'unknown error'} ` +
      `(file${fileNames.length === 1 ? '' : 's'} ${fileNames.join(', ')})` +
      (details.length > 0 ? `; errors: ${details.join('; ')}` : ''),
  );
}

function loadConfiguration(session: BigQuerySession, table: string, files: readonly StagedFile[]) {
  const definition = Object.values(tables).find((candidate) => candidate.table === table);
  if (definition === undefined) throw new LoadError(`${table} is not a table of the contract (contract/tables.ts).`);
  return {
    load: {
      sourceUris: files.map((file) => file.uri),
      sourceFormat: 'PARQUET',
      // The contract's schema, explicitly, rather than the one BigQuery would infer from the Parquet files.
      schema: { fields: tableSchema(definition) },
      destinationTable: { projectId: session.target.projectId, datasetId: session.target.dataset, tableId: table },
      writeDisposition: 'WRITE_APPEND',
      createDisposition: 'CREATE_NEVER',
    },
  };
}

async function create(session: BigQuerySession, jobId: string, table: string, files: readonly StagedFile[]) {
  let job: Job;
  try {
    const response = await session.bigquery.createJob({
      jobId,
      location: session.target.location,
      configuration: { ...loadConfiguration(session, table, files), labels: { app: 'genesys-etl' } },
    });
    job = response[0];
  } catch (error) {
    // 409: the id exists (a retried insert, or another attempt won): adopt it. The client also
    // rejects when the insert's answer already lists errors: the job exists, read it.
    const found = await existing(session, jobId);
    if (found === null) {
      throw new LoadError(
        `BigQuery load job ${jobId} into ${table} failed to start: ${String(error)} ` +
          `(file${files.length === 1 ? '' : 's'} ${files
            .slice(0, 5)
            .map((file) => file.uri)
            .join(', ')}${files.length > 5 ? ', …' : ''})`,
        { cause: error },
      );
    }
    return found;
  }
  return (job.metadata ?? (await existing(session, jobId))) as JobMetadata;
}

function outputRows(metadata: JobMetadata): number | null {
  const reported = metadata.statistics?.load?.outputRows;
  return reported == null ? null : Number(reported);
}

/**
 * Walks the attempts of the load of `files` into `table` that exist, waiting for a running one:
 * the succeeded one, or null with the next attempt number to create when none succeeded.
 */
async function settledAttempts(
  session: BigQuerySession,
  table: string,
  files: readonly StagedFile[],
  pollMs: number,
): Promise<{ succeeded: JobOutcome | null; nextAttempt: number }> {
  for (let attempt = 0; ; attempt += 1) {
    const jobId = loadJobId(table, files, attempt);
    const found = await existing(session, jobId);
    if (found === null) return { succeeded: null, nextAttempt: attempt };
    const finished = await done(session, found, pollMs);
    // A failed job loaded nothing: look at the next attempt.
    if (finished.status?.errorResult == null) {
      return { succeeded: { jobId, outputRows: outputRows(finished), created: false }, nextAttempt: attempt + 1 };
    }
  }
}

/** The job that loaded `files` into `table`, if one did (after a crash, to settle a pending load). */
export async function findSucceededJob(
  session: BigQuerySession,
  table: string,
  files: readonly StagedFile[],
  pollMs: number,
): Promise<JobOutcome | null> {
  return (await settledAttempts(session, table, files, pollMs)).succeeded;
}

/**
 * Loads `files` (all of `table`) in one job, or adopts the job that already loaded them.
 * Throws LoadError when the job fails, naming the table and files.
 */
export async function runLoadJob(
  session: BigQuerySession,
  table: string,
  files: readonly StagedFile[],
  pollMs: number,
): Promise<JobOutcome> {
  const { succeeded, nextAttempt } = await settledAttempts(session, table, files, pollMs);
  if (succeeded !== null) return succeeded;
  const jobId = loadJobId(table, files, nextAttempt);
  const finished = await done(session, await create(session, jobId, table, files), pollMs);
  const error = jobError(table, files, finished);
  if (error !== null) throw error;
  return { jobId, outputRows: outputRows(finished), created: true };
}
