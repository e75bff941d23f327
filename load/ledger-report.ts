/**
 * The ledger report (genesys-etl status) assembled from the four queries every ledger runs on its
 * etl_windows and etl_runs: the latest status per window, counted per stream and status; the last
 * succeeded window per stream; the end of the last loaded window per stream; the last run.
 * The queries are plain SQL both warehouses run; only the table names and the function that
 * turns a timestamp into epoch milliseconds differ. Timestamps come back as epoch milliseconds
 * (a number, bigint or numeric string), so DuckDB and BigQuery rows read the same.
 */
import { LoadError } from '../contract/errors.ts';
import type { LedgerReport, RunStatus, RunSummary, StreamStatus, WindowStatus } from './warehouse.ts';

export const windowStatuses: readonly WindowStatus[] = ['running', 'succeeded', 'provisional', 'failed', 'interrupted'];

type Row = Readonly<Record<string, unknown>>;

export interface LedgerReportRows {
  /** stream, status, windows */
  readonly counts: readonly Row[];
  /** stream, window_start, window_end (epoch ms) */
  readonly completed: readonly Row[];
  /** stream, window_end (epoch ms) */
  readonly loaded: readonly Row[];
  /** run_id, command, status, started_at, finished_at (epoch ms), error_message: the last run first */
  readonly lastRuns: readonly Row[];
}

/** Epoch milliseconds as read back from the warehouse, as an ISO-8601 string; null stays null. */
export function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return new Date(Number(value)).toISOString();
}

export function requiredIso(value: unknown, what: string): string {
  const result = iso(value);
  if (result === null) throw new LoadError(`The ledger holds a row without ${what}.`);
  return result;
}

export const nullableString = (value: unknown): string | null => (typeof value === 'string' ? value : null);

export interface LedgerReportSql {
  /** The etl_windows and etl_runs relations, as the warehouse names them. */
  readonly windows: string;
  readonly runs: string;
  /** SQL for a timestamp column as epoch milliseconds (DuckDB `epoch_ms`, BigQuery `UNIX_MILLIS`). */
  readonly epochMs: (column: string) => string;
}

/** Runs the four report queries through `query` and assembles the report. */
export async function readLedgerReport(
  query: (sql: string) => Promise<readonly Row[]>,
  { windows, runs, epochMs }: LedgerReportSql,
): Promise<LedgerReport> {
  // The latest record of each window: the run that started on it last (a window left running
  // by a dead run always started before the next run's attempt); finished_at breaks ties.
  const latest = `select stream, window_start, window_end, status from (
      select stream, window_start, window_end, status,
             row_number() over (partition by stream, window_start, window_end
                                order by started_at desc nulls last, finished_at desc nulls first, run_id desc) as n
      from ${windows})
    where n = 1`;
  const [counts, completed, loaded, lastRuns] = await Promise.all([
    query(
      `select stream, status, count(*) as windows from (${latest}) group by stream, status order by stream, status`,
    ),
    query(
      `select stream, ${epochMs('window_start')} as window_start, ${epochMs('window_end')} as window_end from (
         select stream, window_start, window_end,
                row_number() over (partition by stream order by window_end desc, window_start desc) as n
         from (${latest}) where status = 'succeeded')
       where n = 1`,
    ),
    query(
      `select stream, ${epochMs('max(window_end)')} as window_end from (${latest})
       where status in ('succeeded', 'provisional') group by stream`,
    ),
    query(
      `select run_id, command, status, ${epochMs('started_at')} as started_at, ${epochMs('finished_at')} as finished_at,
              error_message
       from ${runs} order by started_at desc nulls last, run_id desc limit 1`,
    ),
  ]);
  return ledgerReport({ counts, completed, loaded, lastRuns });
}

export function ledgerReport({ counts, completed, loaded, lastRuns }: LedgerReportRows): LedgerReport {
  const byStream = new Map<
    string,
    { windows: Record<WindowStatus, number>; lastCompletedWindow: StreamStatus['lastCompletedWindow'] }
  >();
  const entry = (stream: string) => {
    let found = byStream.get(stream);
    if (found === undefined) {
      const windows = Object.fromEntries(windowStatuses.map((status) => [status, 0])) as Record<WindowStatus, number>;
      found = { windows, lastCompletedWindow: null };
      byStream.set(stream, found);
    }
    return found;
  };
  for (const row of counts) {
    const status = String(row['status']) as WindowStatus;
    if (!windowStatuses.includes(status)) {
      throw new LoadError(`etl_windows holds a window with the unknown status "${status}".`);
    }
    entry(String(row['stream'])).windows[status] = Number(row['windows']);
  }
  for (const row of completed) {
    entry(String(row['stream'])).lastCompletedWindow = {
      start: requiredIso(row['window_start'], 'a window start'),
      end: requiredIso(row['window_end'], 'a window end'),
    };
  }
  const loadedEnd = new Map(loaded.map((row) => [String(row['stream']), iso(row['window_end'])]));
  const streams: StreamStatus[] = [...byStream.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([stream, found]) => ({
      stream,
      lastCompletedWindow: found.lastCompletedWindow,
      lastLoadedWindowEnd: loadedEnd.get(stream) ?? null,
      windows: found.windows,
    }));
  const last = lastRuns[0];
  const lastRun: RunSummary | null =
    last === undefined
      ? null
      : {
          runId: String(last['run_id']),
          command: String(last['command']),
          status: last['status'] as RunStatus,
          startedAt: requiredIso(last['started_at'], 'a run start'),
          finishedAt: iso(last['finished_at']),
          errorMessage: nullableString(last['error_message']),
        };
  return { streams, lastRun };
}
