/**
 * The warehouse and its window ledger, as the orchestrator sees them: no SQL dialect and no
 * driver type crosses this interface. Implementations: DuckDB (load/duckdb/) and BigQuery (load/bigquery/).
 */
import type { StagedFile } from './manifest.ts';
import type { ParquetConverter } from './parquet-converter.ts';

export interface RunRecord {
  readonly runId: string;
  readonly command: string;
  readonly windowStart: string | null;
  readonly windowEnd: string | null;
  /**
   * Runs this process runs beside this one (a scheduler's tick and its background backfill):
   * alive, though marked running, so startRun does not mark them interrupted.
   */
  readonly concurrentRunIds?: readonly string[] | undefined;
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface RunOutcome {
  readonly status: Exclude<RunStatus, 'running'>;
  readonly received: number;
  readonly loaded: number;
  readonly quarantined: number;
  readonly apiRequests: number;
  readonly errorMessage?: string | undefined;
}

/**
 * running: being extracted; succeeded: complete and final; provisional: complete, but the data
 * was not final yet (re-extracted later); failed: the run failed in it; interrupted: abandoned
 * (Ctrl-C, or the process died while it ran).
 */
export type WindowStatus = 'running' | 'succeeded' | 'provisional' | 'failed' | 'interrupted';

/** One stream's outcome for one window of one run (a row of etl_windows). */
export interface WindowRecord {
  readonly runId: string;
  readonly stream: string;
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly status: WindowStatus;
  readonly received: number;
  readonly loaded: number;
  readonly quarantined: number;
  readonly apiCalls: number;
  readonly dataAvailabilityDate: string | null;
  readonly startedAt: string;
  readonly errorMessage?: string | undefined;
}

/** One saved stream state (etl_stream_state): `state` under `key`. */
export interface StreamStateEntry {
  readonly key: string;
  readonly state: string;
}

/** What `genesys-etl status` reports, per stream from the latest record of each window. */
export interface StreamStatus {
  readonly stream: string;
  /** The latest window whose data is final (status succeeded). */
  readonly lastCompletedWindow: { readonly start: string; readonly end: string } | null;
  /** End of the latest window loaded at all (succeeded or provisional): how fresh the marts are. */
  readonly lastLoadedWindowEnd: string | null;
  /** Windows by their latest status. */
  readonly windows: Readonly<Record<WindowStatus, number>>;
}

export interface RunSummary {
  readonly runId: string;
  readonly command: string;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly errorMessage: string | null;
}

export interface LedgerReport {
  readonly streams: readonly StreamStatus[];
  readonly lastRun: RunSummary | null;
}

/**
 * A lease on the warehouse (a row of etl_leases): who may run the pipeline on it now. Held by a
 * scheduler for its lifetime or by a manual run for its duration, renewed while held; a lease
 * its holder stopped renewing (a killed process) expires and may be taken over.
 */
export interface Lease {
  readonly name: string;
  /** Unique per holding process (`schedule@host:pid:random`). */
  readonly holderId: string;
  readonly acquiredAt: string;
  readonly renewedAt: string;
  readonly expiresAt: string;
}

export interface LeaseRequest {
  readonly name: string;
  readonly holderId: string;
  /** How long the lease lasts without renewal. */
  readonly ttlMs: number;
  /**
   * True when the holder named is known to be gone (a process of this host that no longer
   * exists): its lease is taken over at once instead of after its expiry.
   */
  readonly isHolderGone?: (holderId: string) => boolean;
}

export interface LeaseOutcome {
  /** True when `holderId` holds the lease now (taken, taken over after expiry, or renewed). */
  readonly acquired: boolean;
  /** The lease as it stands: ours when acquired, else the other holder's. */
  readonly lease: Lease;
  /** The expired lease of another holder this acquisition replaced, if any. */
  readonly tookOver?: Lease | undefined;
}

/**
 * The range a scheduler's background backfill drains (a row of etl_backfills), so that `status`
 * can show its progress and ETA.
 */
export interface BackfillTarget {
  readonly from: string;
  readonly to: string;
  /** The backfill's window size (ms). */
  readonly windowMs: number;
  /** Share of each OAuth client's request budget it may use, in (0, 1]. */
  readonly share: number;
  /** When the scheduler draining it now started on it (its rate is measured from then on). */
  readonly startedAt: string;
  /** When its last window was done; null while windows remain. */
  readonly finishedAt: string | null;
}

/** A window some run loaded (its latest finish), with the rows it loaded; `final` once some run completed it as final. */
export interface FinishedWindow {
  readonly start: string;
  readonly end: string;
  readonly finishedAt: string;
  readonly loaded: number;
  readonly final: boolean;
}

/** etl_runs and etl_windows: what ran, and which windows are done. Planning asks it; it never hands out SQL. */
export interface Ledger {
  /** Records a new run; runs (and their windows) left `running` by a dead process become `interrupted`. */
  startRun(run: RunRecord): Promise<void>;
  finishRun(runId: string, outcome: RunOutcome): Promise<void>;
  /** Inserts or replaces the (run, stream, window) record. */
  recordWindow(record: WindowRecord): Promise<void>;
  /**
   * The ledger writes of one commit, all at once (one transaction where the warehouse has them):
   * every window record (inserted or replaced as by recordWindow) and every stream state (as by
   * setStreamState). Windows loaded together commit through one call, so a warehouse that pays
   * per statement (BigQuery: one query job each) pays once per commit, not per stream and window.
   */
  recordWindows(records: readonly WindowRecord[], states?: readonly StreamStateEntry[]): Promise<void>;
  /** windowKey() of every window of `stream` some run completed as final. */
  completedWindows(stream: string): Promise<Set<string>>;
  /** End of the latest window of `stream` some run completed as final, if any. */
  lastCompletedWindowEnd(stream: string): Promise<string | null>;
  /**
   * State a stream keeps between runs (etl_stream_state), such as when a scheduled stream last
   * completed or which items it has read for good; null when none was saved. The caller owns the format.
   */
  streamState(key: string): Promise<string | null>;
  /** Saves (replaces) the state under `key`; call it only once what it describes is loaded. */
  setStreamState(key: string, state: string): Promise<void>;
  report(): Promise<LedgerReport>;
  /**
   * Takes the lease when nobody holds it, when its holder let it expire, or when `holderId`
   * already holds it (then it is renewed); otherwise leaves it and reports who holds it.
   * Expiry is judged by the warehouse's clock.
   */
  acquireLease(request: LeaseRequest): Promise<LeaseOutcome>;
  /** Gives the lease up if `holderId` holds it (otherwise does nothing). */
  releaseLease(name: string, holderId: string): Promise<void>;
  /** Records (replaces) the range the backfill `name` drains. */
  setBackfillTarget(name: string, target: BackfillTarget): Promise<void>;
  /** The range the backfill `name` drains; null when none was recorded. */
  backfillTarget(name: string): Promise<BackfillTarget | null>;
  /** The windows of `stream` within [from, to) some run loaded (succeeded or provisional), in order. */
  finishedWindows(stream: string, from: string, to: string): Promise<FinishedWindow[]>;
}

/** One staged file as the warehouse loaded it: rows counted by the warehouse itself. */
export interface FileLoad {
  readonly file: StagedFile;
  /** Rows the load inserted, or, when an earlier load had it, the rows that load recorded. */
  readonly rowsLoaded: number;
  readonly alreadyLoaded: boolean;
}

/**
 * When a warehouse whose table modifications are rationed (BigQuery: a fixed daily quota per
 * table, failed loads included) wants the files of many windows loaded together, one load job per
 * table: the orchestrator queues committed windows and loads them once any limit is reached, or
 * at the end of the run (pipeline/load-batch.ts).
 */
export interface LoadBatching {
  /** Load once one table has this many files queued. */
  readonly maxFiles: number;
  /** Load once the queued files hold this many bytes. */
  readonly maxBytes: number;
  /** Load once the oldest queued window has waited this long (ms): how late a long backfill's data may land. */
  readonly maxAgeMs: number;
}

/** One local hour of the org: its interactions (each counted once) and those reported and verified compliant. */
export interface HourlyCompliance {
  readonly localDate: string;
  /** 'YYYY-MM-DD HH:MM +HH:MM': a DST fall-back's repeated hour is two entries. */
  readonly localHourLabel: string;
  readonly localHour: number;
  readonly interactions: number;
  readonly reportedCompliant: number;
  readonly verifiedCompliant: number;
}

export interface Warehouse {
  /** Where the data goes, for messages (`duckdb:///abs/warehouse.duckdb`). */
  readonly uri: string;
  readonly ledger: Ledger;
  /** Loads staged files, each exactly once (a file loaded before is skipped and reported as such). */
  load(runId: string, files: readonly StagedFile[]): Promise<FileLoad[]>;
  /** Conversations whose latest observation of some recording is not settled yet (UPLOADING or RESTORING). */
  unsettledConversationIds(): Promise<string[]>;
  /**
   * A warehouse that runs an engine in this process (DuckDB) lends it to a local stage to convert
   * its parts, so a run holds one instance; a remote one (BigQuery) has none.
   */
  readonly parquetConverter?: ParquetConverter;
  /** Absent: each window is loaded on its own as it commits (DuckDB, whose loads cost no quota). */
  readonly loadBatching?: LoadBatching;
  /**
   * The hours of the latest local date before `beforeLocalDate` (YYYY-MM-DD) in the marts dbt
   * built (schema `martsSchema`); [] when there is none (dbt has not run, or no such day).
   */
  complianceByLocalHour(martsSchema: string, beforeLocalDate: string): Promise<HourlyCompliance[]>;
  close(): Promise<void>;
}
