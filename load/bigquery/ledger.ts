/**
 * The window ledger in BigQuery, with the semantics of the DuckDB one (load/duckdb/ledger.ts):
 * etl_runs, etl_windows and etl_stream_state in the warehouse's dataset. "Insert or replace"
 * is a delete and an insert in one multi-statement transaction; timestamps are TIMESTAMP and handed out as ISO-8601 UTC strings with
 * milliseconds. Statements run one at a time through the session (DML on one table must not race).
 */
import { LoadError } from '../../contract/errors.ts';
import { windowKey } from '../../contract/window.ts';
import type { Ledger, LedgerReport, RunRecord, StreamStateEntry, WindowRecord } from '../warehouse.ts';
import type { BigQuerySession } from './session.ts';
import { nullableLiteral, nullableTimestamp, quoteLiteral, timestampLiteral } from './sql.ts';
import { iso, nullableString, readLedgerReport, requiredIso } from '../ledger-report.ts';
import { leaseStatements } from '../ledger-lease.ts';
import { backfillStatements } from '../ledger-backfill.ts';

export const ledgerTables: Readonly<Record<string, string>> = {
  etl_runs: `run_id STRING, command STRING, status STRING, started_at TIMESTAMP, finished_at TIMESTAMP,
    window_start TIMESTAMP, window_end TIMESTAMP, received INT64, loaded INT64, quarantined INT64,
    api_requests INT64, error_message STRING`,
  etl_windows: `run_id STRING, stream STRING, window_start TIMESTAMP, window_end TIMESTAMP, status STRING,
    received INT64, loaded INT64, quarantined INT64, api_calls INT64, data_availability_date TIMESTAMP,
    started_at TIMESTAMP, finished_at TIMESTAMP, error_message STRING`,
  etl_stream_state: 'key STRING, state STRING, updated_at TIMESTAMP',
  etl_leases: 'name STRING, holder_id STRING, acquired_at TIMESTAMP, renewed_at TIMESTAMP, expires_at TIMESTAMP',
  etl_backfills: `name STRING, range_from TIMESTAMP, range_to TIMESTAMP, window_ms INT64, budget_share FLOAT64,
    started_at TIMESTAMP, finished_at TIMESTAMP`,
};

const deadRunMessage =
  'the process ended before the run finished (killed or crashed); the windows it finished are kept';
const deadWindowMessage = 'the process ended before this window finished (killed or crashed)';
const abandonedWindowMessage = 'the run ended before this window finished; it was abandoned';

function count(value: number, name: string): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new LoadError(`The ledger expects ${name} to be a whole number >= 0, got ${value}.`);
  }
  return String(value);
}

/** Window records per multi-statement transaction: about 500 characters each, far below a query's 1 MB. */
const recordsPerScript = 500;

const windowKeyCondition = (record: WindowRecord): string =>
  `(run_id = ${quoteLiteral(record.runId)} AND stream = ${quoteLiteral(record.stream)} ` +
  `AND window_start = ${timestampLiteral(record.windowStart)})`;

const windowValues = (record: WindowRecord): string =>
  `(${quoteLiteral(record.runId)}, ${quoteLiteral(record.stream)}, ${timestampLiteral(record.windowStart)},
    ${timestampLiteral(record.windowEnd)}, ${quoteLiteral(record.status)}, ${count(record.received, 'received')},
    ${count(record.loaded, 'loaded')}, ${count(record.quarantined, 'quarantined')},
    ${count(record.apiCalls, 'apiCalls')}, ${nullableTimestamp(record.dataAvailabilityDate)},
    ${timestampLiteral(record.startedAt)},
    ${record.status === 'running' ? 'CAST(NULL AS TIMESTAMP)' : 'CURRENT_TIMESTAMP()'},
    ${nullableLiteral(record.errorMessage)})`;

export function createBigQueryLedger(session: BigQuerySession): Ledger {
  const run = (sql: string): Promise<void> => session.run(sql);
  const rows = (sql: string): Promise<Record<string, unknown>[]> => session.rows(sql);
  const table = (name: string): string => session.table(name);
  const runs = table('etl_runs');
  const windows = table('etl_windows');
  const state = table('etl_stream_state');
  const leases = leaseStatements(
    {
      table: table('etl_leases'),
      now: 'CURRENT_TIMESTAMP()',
      nowPlus: (ms) => `TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL ${ms} MILLISECOND)`,
      epochMs: (column) => `UNIX_MILLIS(${column})`,
      literal: quoteLiteral,
    },
    run,
    rows,
  );
  const backfills = backfillStatements(
    {
      backfills: table('etl_backfills'),
      windows,
      timestamp: timestampLiteral,
      epochMs: (column) => `UNIX_MILLIS(${column})`,
      literal: quoteLiteral,
      replace: (remove, insert) => run(`BEGIN TRANSACTION;\n${remove};\n${insert};\nCOMMIT TRANSACTION;`),
    },
    rows,
  );
  // Runs of this process beside the new one are alive (a scheduler's tick and its backfill).
  const notConcurrent = (record: RunRecord): string =>
    record.concurrentRunIds === undefined || record.concurrentRunIds.length === 0
      ? ''
      : ` AND run_id NOT IN (${record.concurrentRunIds.map(quoteLiteral).join(', ')})`;

  async function recordWindows(
    given: readonly WindowRecord[],
    states: readonly StreamStateEntry[] = [],
  ): Promise<void> {
    // A later record of the same (run, stream, window) replaces an earlier one.
    const records = [...new Map(given.map((record) => [windowKeyCondition(record), record])).values()];
    // Insert or replace as a delete and an insert, in one transaction (the emulator runs MERGE
    // only from a table source): one query job per commit, whatever its windows and streams. A
    // very large commit is written in several transactions (a query's text is limited to 1 MB);
    // each is whole, and a record is only ever replaced by a later one.
    for (let start = 0; start < Math.max(records.length, 1); start += recordsPerScript) {
      const chunk = records.slice(start, start + recordsPerScript);
      const saved = start === 0 ? [...new Map(states.map((entry) => [entry.key, entry])).values()] : [];
      if (chunk.length === 0 && saved.length === 0) return;
      const statements: string[] = [];
      if (chunk.length > 0) {
        statements.push(
          `DELETE FROM ${windows} WHERE ${chunk.map(windowKeyCondition).join('\n  OR ')}`,
          `INSERT INTO ${windows} (run_id, stream, window_start, window_end, status, received, loaded,
             quarantined, api_calls, data_availability_date, started_at, finished_at, error_message)
           VALUES ${chunk.map(windowValues).join(',\n  ')}`,
        );
      }
      if (saved.length > 0) {
        statements.push(
          `DELETE FROM ${state} WHERE key IN (${saved.map((entry) => quoteLiteral(entry.key)).join(', ')})`,
          `INSERT INTO ${state} (key, state, updated_at)
           VALUES ${saved.map((entry) => `(${quoteLiteral(entry.key)}, ${quoteLiteral(entry.state)}, CURRENT_TIMESTAMP())`).join(', ')}`,
        );
      }
      await run(`BEGIN TRANSACTION;\n${statements.join(';\n')};\nCOMMIT TRANSACTION;`);
    }
  }

  return {
    async startRun(record) {
      // One writer at a time (as with DuckDB): a run (or window) still marked running was killed or crashed.
      await run(
        `UPDATE ${windows} SET status = 'interrupted', finished_at = CURRENT_TIMESTAMP(),
           error_message = COALESCE(error_message, ${quoteLiteral(deadWindowMessage)})
         WHERE status = 'running'${notConcurrent(record)}`,
      );
      await run(
        `UPDATE ${runs} SET status = 'interrupted', error_message = COALESCE(error_message, ${quoteLiteral(deadRunMessage)})
         WHERE status = 'running'${notConcurrent(record)}`,
      );
      await run(
        `INSERT INTO ${runs} (run_id, command, status, started_at, window_start, window_end)
         VALUES (${quoteLiteral(record.runId)}, ${quoteLiteral(record.command)}, 'running', CURRENT_TIMESTAMP(),
                 ${nullableTimestamp(record.windowStart)}, ${nullableTimestamp(record.windowEnd)})`,
      );
    },

    async finishRun(runId, outcome) {
      await run(
        `UPDATE ${windows} SET status = 'interrupted', finished_at = CURRENT_TIMESTAMP(),
           error_message = COALESCE(error_message, ${quoteLiteral(abandonedWindowMessage)})
         WHERE run_id = ${quoteLiteral(runId)} AND status = 'running'`,
      );
      await run(
        `UPDATE ${runs} SET status = ${quoteLiteral(outcome.status)}, finished_at = CURRENT_TIMESTAMP(),
           received = ${count(outcome.received, 'received')}, loaded = ${count(outcome.loaded, 'loaded')},
           quarantined = ${count(outcome.quarantined, 'quarantined')},
           api_requests = ${count(outcome.apiRequests, 'apiRequests')},
           error_message = ${nullableLiteral(outcome.errorMessage)}
         WHERE run_id = ${quoteLiteral(runId)}`,
      );
    },

    recordWindow: (record: WindowRecord) => recordWindows([record]),

    recordWindows,

    async completedWindows(stream) {
      const found = await rows(
        `SELECT DISTINCT UNIX_MILLIS(window_start) AS window_start, UNIX_MILLIS(window_end) AS window_end
         FROM ${windows} WHERE stream = ${quoteLiteral(stream)} AND status = 'succeeded'`,
      );
      return new Set(
        found.map((row) =>
          windowKey({
            start: requiredIso(row['window_start'], 'a window start'),
            end: requiredIso(row['window_end'], 'a window end'),
          }),
        ),
      );
    },

    async lastCompletedWindowEnd(stream) {
      const found = await rows(
        `SELECT UNIX_MILLIS(MAX(window_end)) AS window_end
         FROM ${windows} WHERE stream = ${quoteLiteral(stream)} AND status = 'succeeded'`,
      );
      return iso(found[0]?.['window_end']);
    },

    async streamState(key) {
      const found = await rows(`SELECT state FROM ${state} WHERE key = ${quoteLiteral(key)}`);
      return nullableString(found[0]?.['state']);
    },

    setStreamState: (key, value) => recordWindows([], [{ key, state: value }]),

    report(): Promise<LedgerReport> {
      return readLedgerReport(rows, { windows, runs, epochMs: (column) => `UNIX_MILLIS(${column})` });
    },

    acquireLease: (request) => leases.acquire(request),
    releaseLease: (name, holderId) => leases.release(name, holderId),
    setBackfillTarget: (name, target) => backfills.setTarget(name, target),
    backfillTarget: (name) => backfills.target(name),
    finishedWindows: (stream, from, to) => backfills.finishedWindows(stream, from, to),
  };
}
