/**
 * The embedded warehouse: one DuckDB file holding the raw tables (append-only observations)
 * and the pipeline tables. Each staged file is loaded exactly once: its rows and its
 * `etl_files` row are written in one transaction, and a file already in `etl_files` is skipped.
 * Only one process may hold the file read-write: close() before dbt runs (DESIGN decision 8).
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { serialQueue } from '../contract/concurrency.ts';
import { LoadError } from '../contract/errors.ts';
import { columnList, createTableSql, quoteIdentifier, quoteLiteral } from './duckdb-sql.ts';
import type { Manifest, StagedFile } from './manifest.ts';
import { sha256File } from './stage-writer.ts';
import { tables, type StreamName } from '../contract/tables.ts';

const pipelineDdl = [
  `create table if not exists etl_runs (
    run_id varchar primary key, command varchar, status varchar, started_at timestamptz, finished_at timestamptz,
    window_start timestamptz, window_end timestamptz, received bigint, loaded bigint, quarantined bigint,
    api_requests bigint, error_message varchar)`,
  `create table if not exists etl_windows (
    run_id varchar, stream varchar, window_start timestamptz, window_end timestamptz, status varchar,
    received bigint, loaded bigint, quarantined bigint, api_calls bigint, data_availability_date timestamptz,
    started_at timestamptz, finished_at timestamptz, primary key (run_id, stream, window_start))`,
  `create table if not exists etl_files (
    file_id varchar primary key, run_id varchar, stream varchar, table_name varchar, uri varchar, sha256 varchar,
    row_count bigint, window_start timestamptz, window_end timestamptz, staged_at timestamptz, loaded_at timestamptz)`,
];

export interface RunRecord {
  readonly runId: string;
  readonly command: string;
  readonly windowStart: string | null;
  readonly windowEnd: string | null;
}

export interface RunOutcome {
  readonly status: 'succeeded' | 'failed';
  readonly received: number;
  readonly loaded: number;
  readonly quarantined: number;
  readonly apiRequests: number;
  readonly errorMessage?: string | undefined;
}

/** One stream's outcome for one window of one run (a row of etl_windows). */
export interface WindowRecord {
  readonly runId: string;
  readonly stream: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  /** succeeded: complete and final; provisional: complete, but the data was not yet final (re-extract later). */
  readonly status: 'succeeded' | 'provisional' | 'failed';
  readonly received: number;
  readonly loaded: number;
  readonly quarantined: number;
  readonly apiCalls: number;
  readonly dataAvailabilityDate: string | null;
  readonly startedAt: string;
}

export interface LoadResult {
  readonly filesLoaded: number;
  readonly filesSkipped: number;
  /** Rows loaded per table in this call. */
  readonly rowsByTable: Readonly<Record<string, number>>;
}

export interface Warehouse {
  startRun(run: RunRecord): Promise<void>;
  finishRun(runId: string, outcome: RunOutcome): Promise<void>;
  loadManifest(
    manifest: Manifest,
    stageDir: string,
    onFile?: (file: StagedFile, index: number) => void,
  ): Promise<LoadResult>;
  /** Loads some of a run's staged files (each exactly once). */
  loadFiles(runId: string, files: readonly StagedFile[], stageDir: string): Promise<LoadResult>;
  recordWindow(record: WindowRecord): Promise<void>;
  /** `start|end` of every window of `stream` that some run completed as final. */
  succeededWindows(stream: string): Promise<Set<string>>;
  /** End of the latest window of `stream` that some run completed as final, if any. */
  lastSucceededWindowEnd(stream: string): Promise<string | null>;
  /** Conversations whose latest observation of some recording is not settled yet (UPLOADING or RESTORING). */
  unsettledConversationIds(): Promise<string[]>;
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): void;
}

const nullable = (value: string | null | undefined): string => (value == null ? 'null' : quoteLiteral(value));

async function loadFile(
  connection: DuckDBConnection,
  file: StagedFile,
  stageDir: string,
  runId: string,
): Promise<boolean> {
  const path = join(stageDir, file.path);
  const digest = await sha256File(path);
  if (digest !== file.sha256) {
    throw new LoadError(
      `Staged file ${file.path} does not match its manifest (sha256 ${digest}, expected ${file.sha256}); ` +
        'it was changed after staging. Re-run the extraction for its window instead of loading it.',
    );
  }
  await connection.run('begin transaction');
  try {
    const seen = await connection.runAndReadAll(`select 1 from etl_files where file_id = ${quoteLiteral(file.fileId)}`);
    if (seen.currentRowCount > 0) {
      await connection.run('rollback');
      return false;
    }
    const inserted = await connection.runAndReadAll(
      `insert into ${quoteIdentifier(file.table)} by name select ${columnList(tables[file.stream as StreamName])} ` +
        `from read_parquet(${quoteLiteral(path)}, hive_partitioning = false)`,
    );
    const count = Number(inserted.getRows()[0]?.[0] ?? 0);
    if (count !== file.rowCount) {
      throw new LoadError(`Loaded ${count} rows from ${file.path} but its manifest says ${file.rowCount}.`);
    }
    await connection.run(
      `insert into etl_files values (${quoteLiteral(file.fileId)}, ${quoteLiteral(runId)}, ${quoteLiteral(file.stream)},
        ${quoteLiteral(file.table)}, ${quoteLiteral(`file://${path}`)}, ${quoteLiteral(file.sha256)}, ${file.rowCount},
        ${nullable(file.windowStart)}, ${nullable(file.windowEnd)}, null, now())`,
    );
    await connection.run('commit');
    return true;
  } catch (error) {
    await connection.run('rollback').catch(() => undefined);
    throw error instanceof LoadError
      ? error
      : new LoadError(`Loading ${file.path} into ${file.table} failed: ${String(error)}`, { cause: error });
  }
}

export async function openDuckdbWarehouse(path: string): Promise<Warehouse> {
  await mkdir(dirname(path), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path);
  } catch (error) {
    throw new LoadError(
      `Cannot open the warehouse ${path}: ${String(error)}. If another process (dbt, a DuckDB shell) has it open, close it first.`,
      { cause: error },
    );
  }
  const connection = await instance.connect();
  for (const ddl of pipelineDdl) await connection.run(ddl);
  for (const definition of Object.values(tables)) await connection.run(createTableSql(definition));

  // One connection, one transaction at a time: windows finishing together take turns.
  const serialised = serialQueue();

  const loadAll = async (
    runId: string,
    files: readonly StagedFile[],
    stageDir: string,
    onFile?: (file: StagedFile, index: number) => void,
  ): Promise<LoadResult> => {
    const rowsByTable: Record<string, number> = {};
    let filesLoaded = 0;
    let filesSkipped = 0;
    for (const [index, file] of files.entries()) {
      onFile?.(file, index);
      if (await serialised(() => loadFile(connection, file, stageDir, runId))) {
        filesLoaded += 1;
        rowsByTable[file.table] = (rowsByTable[file.table] ?? 0) + file.rowCount;
      } else {
        filesSkipped += 1;
      }
    }
    return { filesLoaded, filesSkipped, rowsByTable };
  };

  return {
    async startRun(run) {
      // The file has one writer at a time, so a run still marked running was killed or crashed.
      await connection.run(
        `update etl_runs set status = 'interrupted', error_message = coalesce(error_message,
           'the process ended before the run finished (killed or crashed); the windows it finished are kept')
         where status = 'running'`,
      );
      await connection.run(
        `insert into etl_runs (run_id, command, status, started_at, window_start, window_end)
         values (${quoteLiteral(run.runId)}, ${quoteLiteral(run.command)}, 'running', now(),
                 ${nullable(run.windowStart)}, ${nullable(run.windowEnd)})`,
      );
    },
    async finishRun(runId, outcome) {
      await connection.run(
        `update etl_runs set status = ${quoteLiteral(outcome.status)}, finished_at = now(),
           received = ${outcome.received}, loaded = ${outcome.loaded}, quarantined = ${outcome.quarantined},
           api_requests = ${outcome.apiRequests}, error_message = ${nullable(outcome.errorMessage)}
         where run_id = ${quoteLiteral(runId)}`,
      );
    },
    loadManifest(manifest, stageDir, onFile) {
      return loadAll(manifest.runId, manifest.files, stageDir, onFile);
    },
    loadFiles(runId, files, stageDir) {
      return loadAll(runId, files, stageDir);
    },
    async recordWindow(record) {
      await serialised(() =>
        connection.run(
          `insert or replace into etl_windows values (${quoteLiteral(record.runId)}, ${quoteLiteral(record.stream)},
            ${quoteLiteral(record.windowStart)}, ${quoteLiteral(record.windowEnd)}, ${quoteLiteral(record.status)},
            ${record.received}, ${record.loaded}, ${record.quarantined}, ${record.apiCalls},
            ${nullable(record.dataAvailabilityDate)}, ${quoteLiteral(record.startedAt)}, now())`,
        ),
      );
    },
    async succeededWindows(stream) {
      const rows = await serialised(() =>
        connection.runAndReadAll(
          `select distinct strftime(window_start at time zone 'UTC', '%Y-%m-%dT%H:%M:%S.%g') || 'Z|' ||
                  strftime(window_end at time zone 'UTC', '%Y-%m-%dT%H:%M:%S.%g') || 'Z' as window_key
           from etl_windows where stream = ${quoteLiteral(stream)} and status = 'succeeded'`,
        ),
      );
      return new Set(rows.getRowObjectsJson().map((row) => row['window_key'] as string));
    },
    async lastSucceededWindowEnd(stream) {
      const rows = await serialised(() =>
        connection.runAndReadAll(
          `select strftime(max(window_end) at time zone 'UTC', '%Y-%m-%dT%H:%M:%S.%g') || 'Z' as window_end
           from etl_windows where stream = ${quoteLiteral(stream)} and status = 'succeeded'`,
        ),
      );
      const value = rows.getRowObjectsJson()[0]?.['window_end'];
      return typeof value === 'string' ? value : null;
    },
    async unsettledConversationIds() {
      const rows = await serialised(() =>
        connection.runAndReadAll(
          `select distinct conversation_id from (
             select conversation_id, file_state,
                    row_number() over (partition by recording_id order by _extracted_at desc, _file_id desc) as observation
             from raw_genesys__recordings)
           where observation = 1 and file_state in ('UPLOADING', 'RESTORING') order by 1`,
        ),
      );
      return rows.getRowObjectsJson().map((row) => row['conversation_id'] as string);
    },
    async query(sql) {
      const reader = await serialised(() => connection.runAndReadAll(sql));
      return reader.getRowObjectsJson();
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
