/**
 * The resource settings every DuckDB instance of the pipeline is opened with (the stage writer,
 * the warehouse and its ledger). Without them DuckDB takes 80% of the machine's memory as its
 * buffer pool and one thread per core, and keeps every block it wrote cached: the warehouse's
 * memory grew with each window committed. With an explicit limit, blocks beyond it are evicted
 * (or spilled to the temp directory), and freed memory is handed back to the OS early.
 */
import { LoadError } from '../../contract/errors.ts';

export interface DuckdbResources {
  /** DuckDB `memory_limit` of each instance, e.g. `256MB` (DUCKDB_MEMORY_LIMIT). */
  readonly memoryLimit: string;
  /** DuckDB `threads` of each instance (DUCKDB_THREADS). */
  readonly threads: number;
  /**
   * memory_limit while the warehouse loads staged Parquet files (DUCKDB_LOAD_MEMORY_LIMIT); the
   * instance switches between the two (its operations run one at a time). Unset: memoryLimit.
   */
  readonly loadMemoryLimit?: string | undefined;
  /**
   * Bytes of staged Parquet the warehouse loads before it closes its instance and opens it again
   * (DUCKDB_REOPEN_AFTER_MB); 0 or unset: never.
   */
  readonly reopenAfterBytes?: number | undefined;
}

/**
 * Sized for a 1 GiB container, and for the pipeline to stay under 512 MiB: one instance per run
 * (the warehouse's, converting the stage's parts too), one operation at a time, beside Node's
 * ~100 MiB of code and its capped heap. Each operation holds 100-150 MiB beyond what memory_limit
 * tracks (measured on the large scenario: 128MB x 2 threads peaked at 518 MiB on a 50,000
 * conversation window, 96MB x 1 at 485 MiB). A conversion needs more than 64MB (NDJSON to Parquet
 * failed with out-of-memory at 64MB); a load does not, and the blocks it caches under the limit
 * stay resident: replaying a 50,000-conversation window's 23 loads peaked at 360 MiB at 96MB,
 * 318 MiB at 64MB, 306 MiB at 48MB. Lowering the limit before a load evicts what the
 * conversions cached.
 */
export const defaultDuckdbResources: DuckdbResources = Object.freeze({
  memoryLimit: '96MB',
  threads: 1,
  loadMemoryLimit: '48MB',
  reopenAfterBytes: 4 * 1024 ** 2,
});

const memoryPattern = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/** Whether `value` is a memory size DuckDB accepts for memory_limit (a number and a unit). */
export const isDuckdbMemorySize = (value: string): boolean => memoryPattern.test(value.trim());

/** `size` (a memory size such as 96MB) times `factor`, in the same unit. */
export function scaledMemorySize(size: string, factor: number): string {
  const match = memoryPattern.exec(size.trim());
  if (match === null) throw new LoadError(`"${size}" is not a memory size such as 96MB.`);
  return `${Number(match[1]) * factor}${match[2]}`;
}

/** Whether `message` (an error's, or a dbt node's) is DuckDB's: an operator could not get memory within memory_limit. */
export const isDuckdbOutOfMemory = (message: string): boolean => /\bOut of Memory Error\b/.test(message);

/** The DuckDB config map for DuckDBInstance.create(). */
export function duckdbConfig(
  resources: DuckdbResources,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  for (const limit of [resources.memoryLimit, resources.loadMemoryLimit ?? resources.memoryLimit]) {
    if (!isDuckdbMemorySize(limit)) {
      throw new LoadError(`DuckDB memory limit "${limit}" is not a size such as 256MB or 1GiB.`);
    }
  }
  if (!Number.isSafeInteger(resources.threads) || resources.threads < 1) {
    throw new LoadError(`DuckDB threads must be a whole number >= 1, got ${resources.threads}.`);
  }
  return {
    memory_limit: resources.memoryLimit.trim(),
    threads: String(resources.threads),
    // Freed memory goes back to the OS once this much is idle (DuckDB's defaults: 128 MiB and 512 MiB).
    allocator_flush_threshold: '16MB',
    allocator_bulk_deallocation_flush_threshold: '32MB',
    // DuckDB's allocator (its own jemalloc) purges freed pages only when it is called again: the
    // 50-80 MiB a conversion had used stayed resident until the next statement, through the
    // extraction that went on meanwhile (and under the next conversion or load). Its background
    // threads purge them within about a second of the statement's end, and at once when the
    // process starts with no decay (scripts/heap-limit.ts sets DUCKDB_JE_MALLOC_CONF).
    allocator_background_threads: 'true',
    ...extra,
  };
}

/**
 * Rows per row group of the warehouse's tables (DuckDB's default is 122,880). Rows appended to a
 * table stay in memory until their row group is written whole, and a checkpoint rewrites the
 * table's last, partly filled row group: with raw payloads of 2-3 KB a row, a default row group
 * held about 250 MiB outside what memory_limit could evict, and the warehouse's memory grew with
 * each window until the group filled. A conversation row is about 6 KB: at 16,384 rows, loading a
 * 10,000-conversation file into a table that already had rows (the second file of a window on)
 * took 110-120 MiB beyond the instance's size before it, against 60-70 MiB for the first file;
 * at 8,192 rows every file takes 60-70 MiB. Scans stay parallel.
 */
export const warehouseRowGroupRows = 8_192;
