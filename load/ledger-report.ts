/**
 * The ledger report (genesys-etl status) assembled from the four queries every ledger runs on its
 * etl_windows and etl_runs: the latest status per window, counted per stream and status; the last
 * succeeded window per stream; the end of the last loaded window per stream; the last run.
 * Timestamps come back as epoch milliseconds (a number, bigint or numeric string), so DuckDB and
 * BigQuery rows read the same.
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
