/**
 * Window commits loaded together (issue 12). BigQuery allows a fixed number of modifications per
 * table per day (1,500, failed loads included), and a load job is one; a one-year backfill in
 * PT6H windows is 1,460 windows. So, on a warehouse that asks for it (`Warehouse.loadBatching`),
 * a committed window's staged files are queued rather than loaded, and the queue is loaded as one
 * load job per table once one table has `maxFiles` files queued, the queue holds `maxBytes`, its
 * oldest window has waited `maxAgeMs`, or the run ends. The windows of a load then commit
 * together: each is reconciled on its own files, and the ledger records them in one call, only
 * after every file of the load is in the warehouse. A crash before that leaves them `running`
 * (the next run marks them interrupted and extracts them again); the warehouse's own bookkeeping
 * (deterministic job ids, pending load rows) keeps any file from being loaded twice.
 *
 * Without batching (DuckDB) every window is loaded as it commits, as before.
 */
import type { StagedFile } from '../load/manifest.ts';
import type { LoadBatching } from '../load/warehouse.ts';

/** Something committed whose staged files wait to be loaded. */
export interface QueuedLoad {
  readonly files: readonly StagedFile[];
}

export interface LoadBatcher<T extends QueuedLoad> {
  /**
   * Queues a committed unit and loads the queue when a limit is reached (at once without
   * batching). An overdue queue is loaded first, without the new unit.
   */
  add(unit: T): Promise<void>;
  /** Loads whatever is queued (the end of the run). */
  flush(): Promise<void>;
  /** Loads the queue if its oldest unit has waited `maxAgeMs` (the age timer's work). */
  flushIfDue(): Promise<void>;
  /** Units queued, not loaded yet. */
  readonly queued: number;
  /** Stops the age timer (the run is over). */
  close(): void;
}

export interface LoadBatcherOptions<T> {
  /** undefined: every unit is loaded on its own, as it is added. */
  readonly batching: LoadBatching | undefined;
  /** Loads the units' files (one call for all of them) and commits each unit. */
  readonly load: (units: readonly T[]) => Promise<void>;
  /**
   * The oldest queued unit has waited `maxAgeMs` and no unit came since: the caller runs
   * flushIfDue() behind the commits already running (the commit queue), never beside them.
   */
  readonly onDue: () => void;
  readonly now?: () => number;
  /** Timers (tests drive a fake clock). */
  readonly setTimer?: (run: () => void, ms: number) => { cancel(): void };
}

const realTimer = (run: () => void, ms: number): { cancel(): void } => {
  const timer = setTimeout(run, ms);
  // The timer alone never keeps the process alive: the run ends with a final flush anyway.
  timer.unref();
  return {
    cancel: () => {
      clearTimeout(timer);
    },
  };
};

/** Files per table and bytes of a queue, counted as units join it. */
interface QueueSize {
  readonly filesPerTable: Map<string, number>;
  bytes: number;
}

/** Adds `files` to the queue's size; whether it now reaches the file (one table's) or byte limit. */
function grow(size: QueueSize, files: readonly StagedFile[], batching: LoadBatching): boolean {
  let reached = false;
  for (const file of files) {
    const count = (size.filesPerTable.get(file.table) ?? 0) + 1;
    size.filesPerTable.set(file.table, count);
    size.bytes += file.bytes;
    reached ||= count >= batching.maxFiles;
  }
  return reached || size.bytes >= batching.maxBytes;
}

const emptySize = (): QueueSize => ({ filesPerTable: new Map(), bytes: 0 });

export function loadBatcher<T extends QueuedLoad>(options: LoadBatcherOptions<T>): LoadBatcher<T> {
  const { batching, load, onDue, now = Date.now, setTimer = realTimer } = options;
  let queue: T[] = [];
  let size = emptySize();
  let oldestAt = 0;
  let timer: { cancel(): void } | undefined;

  const flush = async (): Promise<void> => {
    timer?.cancel();
    timer = undefined;
    if (queue.length === 0) return;
    const units = queue;
    queue = [];
    size = emptySize();
    await load(units);
  };
  const overdue = (): boolean => batching !== undefined && queue.length > 0 && now() - oldestAt >= batching.maxAgeMs;

  return {
    async add(unit) {
      if (batching === undefined) {
        await load([unit]);
        return;
      }
      if (overdue()) await flush();
      if (queue.length === 0) {
        oldestAt = now();
        timer = setTimer(onDue, batching.maxAgeMs);
      }
      queue.push(unit);
      if (grow(size, unit.files, batching)) await flush();
    },
    flush,
    async flushIfDue() {
      if (overdue()) await flush();
    },
    get queued() {
      return queue.length;
    },
    close() {
      timer?.cancel();
      timer = undefined;
    },
  };
}

/** What a backfill is expected to stage, for the load-job arithmetic. */
export interface BackfillShape {
  readonly windows: number;
  /** Files one window stages per table (a part per stream; more past the part size). */
  readonly filesPerWindowPerTable: number;
  /** Bytes one window stages, all tables together. */
  readonly bytesPerWindow: number;
  /** Wall time between two windows' commits (extraction time per window over the parallel windows). */
  readonly msPerWindow: number;
}

/**
 * Windows one load carries when windows commit regularly: the first limit a queue reaches (the
 * file limit counts one table's files; the age limit loads, before the next window, every window
 * that came within `maxAgeMs` of the first).
 */
export function windowsPerLoad(shape: BackfillShape, batching: LoadBatching | undefined): number {
  if (batching === undefined) return 1;
  const byFiles =
    shape.filesPerWindowPerTable > 0
      ? Math.ceil(batching.maxFiles / shape.filesPerWindowPerTable)
      : Number.POSITIVE_INFINITY;
  const byBytes =
    shape.bytesPerWindow > 0 ? Math.ceil(batching.maxBytes / shape.bytesPerWindow) : Number.POSITIVE_INFINITY;
  const byAge = shape.msPerWindow > 0 ? Math.ceil(batching.maxAgeMs / shape.msPerWindow) : Number.POSITIVE_INFINITY;
  return Math.max(1, Math.min(byFiles, byBytes, byAge, shape.windows));
}

/** Load jobs per table over the whole backfill (each load is one job per table it has files for). */
export const loadJobsPerTable = (shape: BackfillShape, batching: LoadBatching | undefined): number =>
  shape.windows === 0 ? 0 : Math.ceil(shape.windows / windowsPerLoad(shape, batching));

/** BigQuery's fixed quota of modifications (load jobs, DML, …) per table per day. */
export const tableModificationsPerDay = 1_500;

/**
 * What a run of `windows` windows costs in load jobs per table, for the plan a backfill prints:
 * loads closed by the file limit (a file per table and window; larger windows stage more), plus
 * at most one per `maxAgeMs` of run time.
 */
export function formatLoadJobEstimate(windows: number, batching: LoadBatching): string {
  const byFiles = Math.ceil(windows / batching.maxFiles);
  const agePerDay = Math.ceil(86_400_000 / batching.maxAgeMs);
  const minutes = Math.round(batching.maxAgeMs / 60_000);
  return (
    `BigQuery load jobs: the ${windows} window(s) load together, one load job per table for up to ` +
    `${batching.maxFiles} files of that table: about ${byFiles} load(s) per table, plus one per ${minutes} min ` +
    `the run takes (at most ${agePerDay} a day); BigQuery allows ${tableModificationsPerDay.toLocaleString('en-US')} ` +
    `per table per day (${windows} per table if each window loaded alone).\n`
  );
}
