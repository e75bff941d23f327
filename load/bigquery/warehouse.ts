/**
 * The production warehouse (`WAREHOUSE_URI=bigquery://project/dataset?location=EU`): the raw
 * tables, etl_files, the window ledger and etl_quarantine in one BigQuery dataset, loaded from the
 * `gs://` stage (DESIGN decision 5).
 *
 * Exactly once, across crashes:
 * 1. files already in etl_files are skipped (reported as already loaded, with the rows recorded);
 * 2. the rest are grouped per table, one load job per table (load-jobs.ts); the orchestrator hands
 *    over the files of many windows at once (`loadBatching`, pipeline/load-batch.ts), so one job
 *    carries many windows' files of its table. Every job of the load is first written to
 *    etl_load_jobs (`pending`, with the files it carries; one statement for all) before any is
 *    created; then they run `loadConcurrency` at a time;
 * 3. once they are done, their files go into etl_files (an insert that skips file ids already
 *    there) and the jobs are marked `loaded`, in one transaction. When a job fails, no further
 *    job starts, those that succeeded are recorded, it and those never started are marked
 *    `failed`, and the load fails.
 * So a load costs its load jobs and two ledger statements, not three per table (each statement
 * is a query job: on BigQuery a second or two).
 * A crash between 2 and 3 leaves a pending job; opening the warehouse settles it: the job is
 * looked up by its (deterministic) id and, if it succeeded, its files are recorded as loaded;
 * if it failed or never started, as failed. Loading the same files again finds the same job id
 * and adopts it, so no file is appended twice.
 *
 * Rows loaded are counted by BigQuery: `statistics.load.outputRows` of the job, which must equal
 * the rows the manifest lists for the job's files (each file is then credited with its manifest
 * rows). A job that reports no outputRows (the emulator's) has its rows counted per file instead,
 * with a query on `_file_id`.
 */
import type { BigQuery, TableField } from '@google-cloud/bigquery';
import { z } from 'zod';
import type { Storage } from '@google-cloud/storage';
import { serialQueue, settleEach } from '../../contract/concurrency.ts';
import { LoadError } from '../../contract/errors.ts';
import { tables, type AnyTable } from '../../contract/tables.ts';
import { stagedFileSchema, type StagedFile } from '../manifest.ts';
import type { FileLoad, LoadBatching, Warehouse } from '../warehouse.ts';
import { createBigQueryLedger, ledgerTables } from './ledger.ts';
import { defaultLoadBatching, findSucceededJob, loadKey, maxUrisPerJob, runLoadJob } from './load-jobs.ts';
import { complianceAlertMarts, complianceByLocalHourSql, hourlyComplianceOf } from '../mart-queries.ts';
import { createSession, type BigQueryTarget } from './session.ts';
import {
  clusteringColumns,
  nullableTimestamp,
  partitionColumn,
  quoteIdentifier,
  quoteLiteral,
  tableSchema,
  type FieldSchema,
} from './sql.ts';

export interface BigQueryWarehouseOptions {
  readonly bigquery: BigQuery;
  /** Reads the staged objects' metadata to check them against the manifest before a load. */
  readonly storage: Storage;
  readonly target: BigQueryTarget;
  /** Files per load job at most (default and maximum 10,000, BigQuery's limit). */
  readonly filesPerJob?: number;
  /** First poll interval of a running job (it doubles up to 5 s). */
  readonly jobPollMs?: number;
  /** When the orchestrator loads the windows it queued (default: defaultLoadBatching). */
  readonly loadBatching?: LoadBatching;
  /** Load jobs running at once within one load (default 4); the ledger's statements stay one at a time. */
  readonly loadConcurrency?: number;
}

const etlFilesColumns = `file_id STRING, run_id STRING, stream STRING, table_name STRING, uri STRING,
  sha256 STRING, row_count INT64, window_start TIMESTAMP, window_end TIMESTAMP, staged_at TIMESTAMP,
  loaded_at TIMESTAMP, job_id STRING`;
const loadJobsColumns = `load_key STRING, job_id STRING, table_name STRING, run_id STRING, status STRING, files STRING,
  created_at TIMESTAMP, settled_at TIMESTAMP, output_rows INT64, error_message STRING`;

const filesJson = z.array(stagedFileSchema);

const httpStatus = (error: unknown): number | undefined => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
};

async function ensureDataset(bigquery: BigQuery, target: BigQueryTarget): Promise<void> {
  const dataset = bigquery.dataset(target.dataset, { location: target.location });
  const [exists] = await dataset.exists();
  if (exists) return;
  try {
    await dataset.create({ location: target.location });
  } catch (error) {
    if (httpStatus(error) !== 409) throw error;
  }
}

/** A raw table: its explicit schema, partitioned by day and clustered on its key. */
const ensureRawTable = (bigquery: BigQuery, target: BigQueryTarget, definition: AnyTable): Promise<void> =>
  ensureTable(bigquery, target, definition.table, tableSchema(definition), {
    timePartitioning: { type: 'DAY', field: partitionColumn },
    clustering: { fields: clusteringColumns(definition) },
  });

/** `name TYPE, …` as a schema of nullable fields. */
const fieldsOf = (columns: string): FieldSchema[] =>
  columns.split(',').map((column) => {
    const [name = '', type = ''] = column.trim().split(/\s+/);
    return { name, type, mode: 'NULLABLE' };
  });

/**
 * Creates a table with an explicit schema when it is missing (through the API: the emulator fails
 * `CREATE TABLE IF NOT EXISTS` on an existing table); adds new columns to an existing one.
 */
async function ensureTable(
  bigquery: BigQuery,
  target: BigQueryTarget,
  name: string,
  fields: readonly FieldSchema[],
  layout: Record<string, unknown> = {},
): Promise<void> {
  const table = bigquery.dataset(target.dataset).table(name);
  const [exists] = await table.exists();
  if (!exists) {
    try {
      await bigquery.dataset(target.dataset).createTable(name, {
        schema: { fields: fields.map((field) => ({ ...field })) },
        ...layout,
      });
      return;
    } catch (error) {
      if (httpStatus(error) !== 409) throw error;
    }
  }
  await addMissingColumns(table, fields);
}

/** A contract column the table lacks is added (nullable); nothing is ever dropped or retyped. */
async function addMissingColumns(
  table: ReturnType<ReturnType<BigQuery['dataset']>['table']>,
  fields: readonly FieldSchema[],
): Promise<void> {
  const response: [{ schema?: { fields?: TableField[] } }, ...unknown[]] = await table.getMetadata();
  const current = response[0].schema?.fields ?? [];
  const names = new Set(current.map((field) => field.name?.toLowerCase()));
  const missing = fields.filter((field) => !names.has(field.name.toLowerCase()));
  if (missing.length === 0) return;
  await table.setMetadata({ schema: { fields: [...current, ...missing.map((field) => ({ ...field }))] } });
}

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
};

/** Consecutive runs of `items` whose sizes add up to at most `limit` (an item larger than that alone). */
const bySize = <T>(items: readonly T[], size: (item: T) => number, limit: number): T[][] => {
  const result: T[][] = [];
  let current: T[] = [];
  let total = 0;
  for (const item of items) {
    if (current.length > 0 && total + size(item) > limit) {
      result.push(current);
      current = [];
      total = 0;
    }
    current.push(item);
    total += size(item);
  }
  if (current.length > 0) result.push(current);
  return result;
};

/** Files a ledger statement names at most: with about 500 bytes of SQL each, well under BigQuery's 1 MB. */
const filesPerStatement = 1_000;

/** One load job to run: a table and the files it appends (its key names the job, load-jobs.ts). */
interface PlannedLoad {
  readonly table: string;
  readonly batch: readonly StagedFile[];
  readonly key: string;
}

/** A load job that succeeded, with the rows it appended, to record. */
interface SettledLoad {
  readonly key: string;
  readonly jobId: string;
  readonly runId: string;
  readonly files: readonly StagedFile[];
  readonly outputRows: number;
}

export async function openBigQueryWarehouse(options: BigQueryWarehouseOptions): Promise<Warehouse> {
  const { bigquery, storage, target, jobPollMs = 500, loadConcurrency = 4 } = options;
  const filesPerJob = Math.min(options.filesPerJob ?? maxUrisPerJob, maxUrisPerJob);
  try {
    await ensureDataset(bigquery, target);
    for (const definition of Object.values(tables)) await ensureRawTable(bigquery, target, definition);
    for (const [name, columns] of Object.entries({
      ...ledgerTables,
      etl_files: etlFilesColumns,
      etl_load_jobs: loadJobsColumns,
    })) {
      await ensureTable(bigquery, target, name, fieldsOf(columns));
    }
  } catch (error) {
    throw new LoadError(
      `Cannot prepare the BigQuery dataset ${target.projectId}.${target.dataset} (${target.location}): ${String(error)}`,
      { cause: error },
    );
  }
  const session = createSession(bigquery, target);
  const files = session.table('etl_files');
  const loadJobs = session.table('etl_load_jobs');

  /**
   * Records the files of settled jobs in etl_files (skipping file ids already there) and marks the
   * jobs loaded, each statement's files and jobs in one transaction (whole jobs, about 1,000 files
   * a statement: BigQuery caps a query's text at 1 MB).
   */
  const recordLoaded = async (settled: readonly SettledLoad[]): Promise<void> => {
    for (const part of bySize(settled, (load) => load.files.length, filesPerStatement)) {
      const values = part.flatMap((load) =>
        load.files.map(
          (file) =>
            `STRUCT(${quoteLiteral(file.fileId)} AS file_id, ${quoteLiteral(load.runId)} AS run_id, ` +
            `${quoteLiteral(file.stream)} AS stream, ${quoteLiteral(file.table)} AS table_name, ` +
            `${quoteLiteral(file.uri)} AS uri, ${quoteLiteral(file.sha256)} AS sha256, ${file.rowCount} AS row_count, ` +
            `${nullableTimestamp(file.windowStart)} AS window_start, ${nullableTimestamp(file.windowEnd)} AS window_end, ` +
            `${quoteLiteral(load.jobId)} AS job_id)`,
        ),
      );
      const byKey = (value: (load: SettledLoad) => string) =>
        `CASE load_key ${part.map((load) => `WHEN ${quoteLiteral(load.key)} THEN ${value(load)}`).join(' ')} END`;
      await session.run(
        `BEGIN TRANSACTION;
         INSERT INTO ${files} (file_id, run_id, stream, table_name, uri, sha256, row_count, window_start, window_end,
           staged_at, loaded_at, job_id)
         SELECT s.file_id, s.run_id, s.stream, s.table_name, s.uri, s.sha256, s.row_count, s.window_start, s.window_end,
           CAST(NULL AS TIMESTAMP), CURRENT_TIMESTAMP(), s.job_id
         FROM UNNEST([${values.join(',\n')}]) AS s
         WHERE s.file_id NOT IN (SELECT file_id FROM ${files});
         UPDATE ${loadJobs} SET status = 'loaded', settled_at = CURRENT_TIMESTAMP(),
           output_rows = ${byKey((load) => String(load.outputRows))}, job_id = ${byKey((load) => quoteLiteral(load.jobId))}
         WHERE load_key IN (${part.map((load) => quoteLiteral(load.key)).join(', ')}) AND status = 'pending';
         COMMIT TRANSACTION;`,
      );
    }
  };

  const markFailed = async (keys: readonly string[], message: string): Promise<void> => {
    if (keys.length === 0) return;
    await session.run(
      `UPDATE ${loadJobs} SET status = 'failed', settled_at = CURRENT_TIMESTAMP(), error_message = ${quoteLiteral(message)}
       WHERE load_key IN (${keys.map(quoteLiteral).join(', ')}) AND status = 'pending'`,
    );
  };

  /** The intents, before any job starts: a crash after a job starts leaves a pending row that names it. */
  const insertPending = async (runId: string, loads: readonly PlannedLoad[]): Promise<void> => {
    for (const part of bySize(loads, (load) => load.batch.length, filesPerStatement)) {
      await session.run(
        `INSERT INTO ${loadJobs} (load_key, table_name, run_id, status, files, created_at) VALUES
         ${part
           .map(
             (load) =>
               `(${quoteLiteral(load.key)}, ${quoteLiteral(load.table)}, ${quoteLiteral(runId)}, 'pending', ` +
               `${quoteLiteral(JSON.stringify(load.batch))}, CURRENT_TIMESTAMP())`,
           )
           .join(',\n')}`,
      );
    }
  };

  /**
   * Runs the planned jobs, `loadConcurrency` at a time (each waits a few seconds on BigQuery, most
   * of it not working), then records them all. When one fails (or appends other rows than its
   * manifest lists), no further job starts; the ones running finish, the ones that succeeded are
   * recorded, the failed ones and the ones never started are marked failed, and the first error
   * is thrown.
   */
  const loadPlanned = async (runId: string, loads: readonly PlannedLoad[]): Promise<FileLoad[]> => {
    for (const load of loads) await checkObjects(storage, load.batch);
    await insertPending(runId, loads);
    const settled: SettledLoad[] = [];
    const results: FileLoad[] = [];
    const failed: { load: PlannedLoad; error: unknown }[] = [];
    const started = new Set<PlannedLoad>();
    const stop = new AbortController();
    await settleEach(loads, loadConcurrency, stop.signal, async (load) => {
      started.add(load);
      try {
        const outcome = await runLoadJob(session, load.table, load.batch, jobPollMs);
        const counted = await countLoaded(load.table, load.batch, outcome.outputRows);
        if (counted.mismatch !== null) {
          throw new LoadError(`BigQuery load job ${outcome.jobId} into ${load.table}: ${counted.mismatch}`);
        }
        settled.push({ key: load.key, jobId: outcome.jobId, runId, files: load.batch, outputRows: counted.total });
        for (const file of load.batch) {
          results.push({ file, rowsLoaded: counted.perFile.get(file.fileId) ?? 0, alreadyLoaded: false });
        }
      } catch (error) {
        failed.push({ load, error });
        stop.abort();
      }
    });
    const first = failed[0];
    if (first === undefined) {
      await recordLoaded(settled);
      return results;
    }
    await recordLoaded(settled).catch(() => undefined);
    for (const { load, error } of failed) await markFailed([load.key], String(error)).catch(() => undefined);
    await markFailed(
      loads.filter((load) => !started.has(load)).map((load) => load.key),
      `not started: the load job of ${first.load.table} failed`,
    ).catch(() => undefined);
    throw first.error;
  };

  /** Rows a finished job loaded, in total and per file, and how that differs from the manifest (null: it does not). */
  const countLoaded = async (
    table: string,
    batch: readonly StagedFile[],
    outputRows: number | null,
  ): Promise<{ total: number; perFile: Map<string, number>; mismatch: string | null }> => {
    const expected = batch.reduce((sum, file) => sum + file.rowCount, 0);
    const listed = batch.map((file) => file.path).join(', ');
    if (outputRows !== null) {
      return {
        total: outputRows,
        perFile: new Map(batch.map((file) => [file.fileId, file.rowCount])),
        mismatch:
          outputRows === expected
            ? null
            : `appended ${outputRows} rows, but the manifest lists ${expected} for its file(s) ${listed}.`,
      };
    }
    const found = await session.rows(
      `SELECT _file_id, COUNT(*) AS n FROM ${session.table(table)}
       WHERE _file_id IN (${batch.map((file) => quoteLiteral(file.fileId)).join(', ')}) GROUP BY _file_id`,
    );
    const perFile = new Map(found.map((entry) => [String(entry['_file_id']), Number(entry['n'])]));
    const wrong = batch.filter((file) => perFile.get(file.fileId) !== file.rowCount);
    return {
      total: [...perFile.values()].reduce((sum, rows) => sum + rows, 0),
      perFile,
      mismatch:
        wrong.length === 0
          ? null
          : `the table holds ${wrong.map((file) => `${perFile.get(file.fileId) ?? 0} rows of ${file.path} (manifest: ${file.rowCount})`).join(', ')}.`,
    };
  };

  /** Settles the jobs a dead process left pending (see the header). */
  const settlePending = async (): Promise<void> => {
    const pending = await session.rows(
      `SELECT load_key, table_name, run_id, files FROM ${loadJobs} WHERE status = 'pending' ORDER BY created_at`,
    );
    const settled: SettledLoad[] = [];
    for (const row of pending) {
      const key = String(row['load_key']);
      const table = String(row['table_name']);
      const carried = filesJson.parse(JSON.parse(String(row['files'])));
      const succeeded = await findSucceededJob(session, table, carried, jobPollMs);
      const counted = succeeded === null ? null : await countLoaded(table, carried, succeeded.outputRows);
      if (succeeded !== null && counted !== null && counted.mismatch === null) {
        settled.push({
          key,
          jobId: succeeded.jobId,
          runId: String(row['run_id']),
          files: carried,
          outputRows: counted.total,
        });
      } else {
        await markFailed(
          [key],
          counted?.mismatch ?? 'the process ended before the load job succeeded; its files were not loaded',
        );
      }
    }
    await recordLoaded(settled);
  };
  await settlePending();

  const serialised = serialQueue();
  return {
    uri: `bigquery://${target.projectId}/${target.dataset}?location=${target.location}`,
    ledger: createBigQueryLedger(session),
    // Each load job counts against the table's daily modification quota: load many windows at once.
    loadBatching: options.loadBatching ?? defaultLoadBatching,
    load: (runId, staged) =>
      serialised(async () => {
        if (staged.length === 0) return [];
        const notGcs = staged.find((file) => !file.uri.startsWith('gs://'));
        if (notGcs !== undefined) {
          throw new LoadError(
            `The BigQuery warehouse loads staged files from GCS, but ${notGcs.path} is at ${notGcs.uri}. ` +
              'Use STAGE_URI=gs://<bucket>/<prefix> with WAREHOUSE_URI=bigquery://….',
          );
        }
        const seen = await session.rows(
          `SELECT file_id, row_count FROM ${files}
           WHERE file_id IN (${staged.map((file) => quoteLiteral(file.fileId)).join(', ')})`,
        );
        const loadedBefore = new Map(seen.map((row) => [String(row['file_id']), Number(row['row_count'])]));
        const results = new Map<string, FileLoad>();
        for (const file of staged) {
          const rows = loadedBefore.get(file.fileId);
          if (rows !== undefined) results.set(file.fileId, { file, rowsLoaded: rows, alreadyLoaded: true });
        }
        const byTable = new Map<string, StagedFile[]>();
        for (const file of staged) {
          if (results.has(file.fileId)) continue;
          byTable.set(file.table, [...(byTable.get(file.table) ?? []), file]);
        }
        const planned = [...byTable]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .flatMap(([table, tableFiles]) =>
            chunks(tableFiles, filesPerJob).map((batch) => ({ table, batch, key: loadKey(table, batch) })),
          );
        for (const load of await loadPlanned(runId, planned)) results.set(load.file.fileId, load);
        return staged.map((file) => results.get(file.fileId) ?? { file, rowsLoaded: 0, alreadyLoaded: false });
      }),
    async unsettledConversationIds() {
      const found = await session.rows(
        `SELECT DISTINCT conversation_id FROM (
           SELECT conversation_id, file_state,
                  ROW_NUMBER() OVER (PARTITION BY recording_id ORDER BY _extracted_at DESC, _file_id DESC) AS observation
           FROM ${session.table(tables.recordings.table)})
         WHERE observation = 1 AND file_state IN ('UPLOADING', 'RESTORING') ORDER BY 1`,
      );
      return found.map((row) => String(row['conversation_id']));
    },
    async complianceByLocalHour(martsSchema, beforeLocalDate) {
      const dataset = bigquery.dataset(martsSchema, { projectId: target.projectId });
      const marts = Object.values(complianceAlertMarts);
      const exists = await Promise.all(marts.map(async (mart) => (await dataset.table(mart).exists())[0]));
      if (exists.includes(false)) return [];
      const relation = (mart: string) => quoteIdentifier(`${target.projectId}.${martsSchema}.${mart}`);
      const found = await session.rows(
        complianceByLocalHourSql(relation, beforeLocalDate, (column) => `CAST(${column} AS STRING)`),
      );
      return found.map(hourlyComplianceOf);
    },
    async close() {
      await serialised(() => Promise.resolve());
    },
  };
}

/** Each object must still be the one staged: its size and the sha256 it was staged with (object metadata). */
async function checkObjects(storage: Storage, batch: readonly StagedFile[]): Promise<void> {
  for (const file of batch) {
    const match = /^gs:\/\/([^/]+)\/(.+)$/.exec(file.uri);
    if (match === null) throw new LoadError(`${file.uri} is not a gs:// object URI.`);
    const [, bucket = '', name = ''] = match;
    let metadata: { size?: string | number; metadata?: Record<string, unknown> };
    try {
      [metadata] = (await storage.bucket(bucket).file(name).getMetadata()) as [typeof metadata, ...unknown[]];
    } catch (error) {
      throw new LoadError(`Staged object ${file.uri} cannot be read (${String(error)}); it was never loaded.`, {
        cause: error,
      });
    }
    const sha256 = metadata.metadata?.['sha256'];
    if (Number(metadata.size) !== file.bytes || sha256 !== file.sha256) {
      throw new LoadError(
        `Staged object ${file.uri} does not match its manifest (size ${String(metadata.size)}, sha256 ${String(sha256)}; ` +
          `expected ${file.bytes}, ${file.sha256}); it was changed after staging. Re-run the extraction for its window.`,
      );
    }
  }
}
