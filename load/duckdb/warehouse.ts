/**
 * The embedded warehouse (`WAREHOUSE_URI=duckdb://FILE`): one DuckDB file holding the raw tables
 * (append-only observations), the window ledger and `etl_files`. Each staged file is loaded
 * exactly once: its rows and its `etl_files` row are written in one transaction, and a file
 * already in `etl_files` is skipped. The rows loaded are counted by DuckDB from the insert
 * itself. Only one process may hold the file read-write: close() before dbt runs (DESIGN
 * decision 8). It lends its instance to a local stage (`parquetConverter`), so a run holds one
 * DuckDB instance, one buffer pool under DUCKDB_MEMORY_LIMIT, rather than two.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { serialQueue } from '../../contract/concurrency.ts';
import { LeaseHeldError, LoadError } from '../../contract/errors.ts';
import { tables, type StreamName } from '../../contract/tables.ts';
import { sha256File } from '../checksum.ts';
import type { StagedFile } from '../manifest.ts';
import type { ParquetConverter } from '../parquet-converter.ts';
import type { FileLoad, Warehouse } from '../warehouse.ts';
import { createDuckdbLedger } from './ledger.ts';
import { duckdbParquetConverter } from './parquet-converter.ts';
import { complianceAlertMarts, complianceByLocalHourSql, hourlyComplianceOf } from '../mart-queries.ts';
import { duckdbConfig, defaultDuckdbResources, warehouseRowGroupRows, type DuckdbResources } from './settings.ts';
import { addMissingColumnsSql, columnList, createTableSql, quoteIdentifier, quoteLiteral } from './sql.ts';

const filesDdl = `create table if not exists etl_files (
  file_id varchar primary key, run_id varchar, stream varchar, table_name varchar, uri varchar, sha256 varchar,
  row_count bigint, window_start timestamptz, window_end timestamptz, staged_at timestamptz, loaded_at timestamptz)`;

const nullable = (value: string | null | undefined): string => (value == null ? 'null' : quoteLiteral(value));

/** The local path of a staged file; DuckDB loads from a `file://` stage only. */
function localPath(file: StagedFile): string {
  if (!file.uri.startsWith('file://')) {
    throw new LoadError(
      `The DuckDB warehouse reads staged files from a local directory, but ${file.path} is at ${file.uri}. ` +
        'Use STAGE_URI=file://<dir> with WAREHOUSE_URI=duckdb://<file>.',
    );
  }
  return fileURLToPath(file.uri);
}

async function loadFile(connection: DuckDBConnection, file: StagedFile, runId: string): Promise<FileLoad> {
  const path = localPath(file);
  const digest = await sha256File(path);
  if (digest !== file.sha256) {
    throw new LoadError(
      `Staged file ${file.path} does not match its manifest (sha256 ${digest}, expected ${file.sha256}); ` +
        'it was changed after staging. Re-run the extraction for its window instead of loading it.',
    );
  }
  await connection.run('begin transaction');
  try {
    const seen = await connection.runAndReadAll(
      `select row_count from etl_files where file_id = ${quoteLiteral(file.fileId)}`,
    );
    if (seen.currentRowCount > 0) {
      await connection.run('rollback');
      return { file, rowsLoaded: Number(seen.getRows()[0]?.[0] ?? 0), alreadyLoaded: true };
    }
    const inserted = await connection.runAndReadAll(
      `insert into ${quoteIdentifier(file.table)} by name select ${columnList(tables[file.stream as StreamName])} ` +
        `from read_parquet(${quoteLiteral(path)}, hive_partitioning = false)`,
    );
    const rowsLoaded = Number(inserted.getRows()[0]?.[0] ?? 0);
    if (rowsLoaded !== file.rowCount) {
      // Roll back rather than keep a file that is not whole.
      throw new LoadError(
        `DuckDB inserted ${rowsLoaded} rows from ${file.path} but its manifest lists ${file.rowCount}.`,
      );
    }
    await connection.run(
      `insert into etl_files values (${quoteLiteral(file.fileId)}, ${quoteLiteral(runId)}, ${quoteLiteral(file.stream)},
        ${quoteLiteral(file.table)}, ${quoteLiteral(file.uri)}, ${quoteLiteral(file.sha256)}, ${rowsLoaded},
        ${nullable(file.windowStart)}, ${nullable(file.windowEnd)}, null, now())`,
    );
    await connection.run('commit');
    return { file, rowsLoaded, alreadyLoaded: false };
  } catch (error) {
    await connection.run('rollback').catch(() => undefined);
    if (error instanceof LoadError) throw error;
    throw new LoadError(`Loading ${file.path} into ${file.table} failed: ${String(error)}`, { cause: error });
  }
}

const isLockConflict = (error: unknown): boolean => String(error).includes('Could not set lock on file');

/**
 * Attaches the file; while another process holds it, tries again for up to `waitMs` (another
 * process's lease renewal holds it for milliseconds), then gives up with the lock error.
 */
async function attachWaiting(connection: DuckDBConnection, path: string, waitMs = 3_000): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      await connection.run(`attach ${quoteLiteral(path)} as warehouse (row_group_size ${warehouseRowGroupRows})`);
      return;
    } catch (error) {
      if (!isLockConflict(error) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export interface DuckdbWarehouse extends Warehouse {
  /**
   * Converts staged NDJSON parts to Parquet in this warehouse's instance, in turn with its loads
   * (one memory limit for both); valid until close(). For a local stage (`converter`).
   */
  readonly parquetConverter: ParquetConverter;
}

/** One DuckDB instance with the warehouse attached: a connection for loads, one for conversions. */
interface Session {
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  readonly converting: DuckDBConnection;
}

function closeSession(session: Session): void {
  session.converting.closeSync();
  session.connection.closeSync();
  session.instance.closeSync();
}

async function openSession(path: string, resources: DuckdbResources): Promise<Session> {
  // Bounded: past the limit, cached blocks are evicted and large loads spill to `<file>.tmp`. The
  // file is attached to an in-memory instance because only ATTACH takes a row group size. No
  // vacuum: every checkpoint (each close) merged the tables' partly filled row groups, rewriting
  // rows already written; loading 10,000-conversation files, a close took 45-50 MiB more than the
  // load before it, and loading and closing took twice the CPU (26 against 14 s for 22 files).
  // The raw tables are append-only (no deleted rows to reclaim); their row groups stay as loaded,
  // the last of each file's partly filled, and the ledger's few rows are not worth compacting.
  const instance = await DuckDBInstance.create(
    ':memory:',
    duckdbConfig(resources, { temp_directory: `${path}.tmp`, max_vacuum_tasks: '0' }),
  );
  const connection = await instance.connect();
  try {
    await attachWaiting(connection, path);
    await connection.run('use warehouse');
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    if (isLockConflict(error)) {
      throw new LeaseHeldError(
        `The warehouse ${path} is open in another process (${
          String(error)
            .replace(/^.*Conflicting lock is held in /s, '')
            .trim() || 'another process'
        }): ` +
          'a scheduler or run is working on it, or dbt or a DuckDB shell has it open. Wait for it to finish or stop it, then try again.',
        { cause: error },
      );
    }
    throw new LoadError(
      `Cannot open the warehouse ${path}: ${String(error)}. If another process (dbt, a DuckDB shell) has it open, close it first.`,
      { cause: error },
    );
  }
  return { instance, connection, converting: await instance.connect() };
}

export async function openDuckdbWarehouse(
  path: string,
  resources: DuckdbResources = defaultDuckdbResources,
): Promise<DuckdbWarehouse> {
  await mkdir(dirname(path), { recursive: true });
  // Null once a reopen failed (another process took the file meanwhile): nothing runs after it.
  let session: Session | null = await openSession(path, resources);
  const current = (): Session => {
    if (session === null) throw new LoadError(`The warehouse ${path} could not be opened again after a load.`);
    return session;
  };
  // The ledger and the converter run on whichever instance is open (see reopenAfterBytes).
  const connection: Pick<DuckDBConnection, 'run' | 'runAndReadAll'> = {
    run: (sql) => current().connection.run(sql),
    runAndReadAll: (sql) => current().connection.runAndReadAll(sql),
  };
  await connection.run(filesDdl);
  for (const definition of Object.values(tables)) {
    await connection.run(createTableSql(definition));
    // A warehouse created before a column was added to the contract gains it (null in old rows).
    for (const statement of addMissingColumnsSql(definition)) await connection.run(statement);
  }
  // One connection, one transaction at a time: windows finishing together take turns.
  const serialised = serialQueue();
  const ledger = await createDuckdbLedger(connection, serialised);
  // Conversions take turns with loads: one operation at a time holds the instance's memory limit,
  // which is the conversions' (memoryLimit) or the loads' (loadMemoryLimit, usually lower).
  const limits = {
    converting: resources.memoryLimit.trim(),
    loading: (resources.loadMemoryLimit ?? resources.memoryLimit).trim(),
  };
  let currentLimit = limits.converting;
  const useLimit = async (limit: string): Promise<void> => {
    if (limit === currentLimit) return;
    // Lowering it evicts cached blocks down to the new limit.
    await connection.run(`set memory_limit = ${quoteLiteral(limit)}`);
    currentLimit = limit;
  };
  // Bytes of Parquet loaded since the instance opened; past reopenAfterBytes it is closed and
  // opened again between two files (each file commits on its own, so nothing is left half done).
  let loadedBytes = 0;
  const reopenIfDue = async (): Promise<void> => {
    const after = resources.reopenAfterBytes ?? 0;
    if (after <= 0 || loadedBytes < after) return;
    closeSession(current());
    session = null;
    // Under the run's warehouse lease no other run takes the file meanwhile; a DuckDB shell could.
    session = await openSession(path, resources);
    currentLimit = limits.converting;
    loadedBytes = 0;
  };
  const converting: Pick<DuckDBConnection, 'run'> = { run: (sql) => current().converting.run(sql) };
  const parquetConverter = duckdbParquetConverter(converting, limits.converting, (work) =>
    serialised(async () => {
      await useLimit(limits.converting);
      return work();
    }),
  );

  return {
    uri: pathToFileURL(path).href.replace(/^file:/, 'duckdb:'),
    ledger,
    parquetConverter,
    async load(runId, files) {
      const loads: FileLoad[] = [];
      for (const file of files) {
        loads.push(
          await serialised(async () => {
            await useLimit(limits.loading);
            const load = await loadFile(current().connection, file, runId);
            loadedBytes += file.bytes;
            await reopenIfDue();
            return load;
          }),
        );
      }
      return loads;
    },
    async unsettledConversationIds() {
      const rows = await serialised(() =>
        connection.runAndReadAll(
          // Only recordings ever seen unsettled are ranked: the filter reads two columns of the
          // history, the window function sorts the few candidates rather than every recording.
          `select distinct conversation_id from (
             select conversation_id, file_state,
                    row_number() over (partition by recording_id order by _extracted_at desc, _file_id desc) as observation
             from raw_genesys__recordings
             where recording_id in (
               select recording_id from raw_genesys__recordings where file_state in ('UPLOADING', 'RESTORING')))
           where observation = 1 and file_state in ('UPLOADING', 'RESTORING') order by 1`,
        ),
      );
      return rows.getRowObjectsJson().map((row) => row['conversation_id'] as string);
    },
    async complianceByLocalHour(martsSchema, beforeLocalDate) {
      const marts = Object.values(complianceAlertMarts);
      const relation = (mart: string) => `${quoteIdentifier(martsSchema)}.${quoteIdentifier(mart)}`;
      return serialised(async () => {
        const exists = await connection.runAndReadAll(
          `select 1 from information_schema.tables where table_schema = ${quoteLiteral(martsSchema)}
             and table_name in (${marts.map(quoteLiteral).join(', ')})`,
        );
        if (exists.currentRowCount < marts.length) return [];
        const sql = complianceByLocalHourSql(relation, beforeLocalDate, (column) => `cast(${column} as varchar)`);
        return (await connection.runAndReadAll(sql)).getRowObjectsJS().map(hourlyComplianceOf);
      });
    },
    async close() {
      // Wait for whatever is in flight, so nothing runs against a closed handle.
      await serialised(() => Promise.resolve());
      if (session !== null) closeSession(session);
      session = null;
    },
  };
}
