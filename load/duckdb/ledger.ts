/**
 * The window ledger in DuckDB: etl_runs (one row per run), etl_windows (one row per run,
 * stream and window) and etl_stream_state (what incremental streams keep between runs). Every statement goes through the warehouse's serial queue, so ledger calls
 * never interleave with a load transaction on the shared connection. Timestamps are stored as
 * TIMESTAMPTZ and handed out as ISO-8601 UTC strings with milliseconds (`2026-11-03T00:00:00.000Z`).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { LoadError } from '../../contract/errors.ts';
import { windowKey } from '../../contract/window.ts';
import type { Ledger, LedgerReport, RunRecord, WindowRecord } from '../warehouse.ts';
import { quoteLiteral } from './sql.ts';
import { iso, nullableString, readLedgerReport, requiredIso } from '../ledger-report.ts';
import { leaseStatements } from '../ledger-lease.ts';
import { backfillStatements } from '../ledger-backfill.ts';

const ledgerDdl = [
  `create table if not exists etl_runs (
    run_id varchar primary key, command varchar, status varchar, started_at timestamptz, finished_at timestamptz,
    window_start timestamptz, window_end timestamptz, received bigint, loaded bigint, quarantined bigint,
    api_requests bigint, error_message varchar)`,
  `create table if not exists etl_windows (
    run_id varchar, stream varchar, window_start timestamptz, window_end timestamptz, status varchar,
    received bigint, loaded bigint, quarantined bigint, api_calls bigint, data_availability_date timestamptz,
    started_at timestamptz, finished_at timestamptz, primary key (run_id, stream, window_start))`,
  // Files written before windows could fail with a reason.
  `alter table etl_windows add column if not exists error_message varchar`,
  // Files written before streams kept state between runs (incremental and scheduled streams).
  `create table if not exists etl_stream_state (key varchar primary key, state varchar, updated_at timestamptz)`,
  // Who may run the pipeline on this file now (load/ledger-lease.ts).
  `create table if not exists etl_leases (
    name varchar primary key, holder_id varchar, acquired_at timestamptz, renewed_at timestamptz, expires_at timestamptz)`,
  // What a scheduler's background backfill drains (load/ledger-backfill.ts).
  `create table if not exists etl_backfills (
    name varchar primary key, range_from timestamptz, range_to timestamptz, window_ms bigint, budget_share double,
    started_at timestamptz, finished_at timestamptz)`,
];

const deadRunMessage =
  'the process ended before the run finished (killed or crashed); the windows it finished are kept';
const deadWindowMessage = 'the process ended before this window finished (killed or crashed)';
const abandonedWindowMessage = 'the run ended before this window finished; it was abandoned';

const text = (value: string): string => quoteLiteral(value);
const nullableText = (value: string | null | undefined): string => (value == null ? 'null' : quoteLiteral(value));
const timestamp = (value: string): string => `cast(${quoteLiteral(value)} as timestamptz)`;
const nullableTimestamp = (value: string | null | undefined): string => (value == null ? 'null' : timestamp(value));

function count(value: number, name: string): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new LoadError(`The ledger expects ${name} to be a whole number >= 0, got ${value}.`);
  }
  return String(value);
}

/** Inserts or replaces the (run, stream, window) record. */
const windowSql = (record: WindowRecord): string =>
  `insert or replace into etl_windows (run_id, stream, window_start, window_end, status, received, loaded,
     quarantined, api_calls, data_availability_date, started_at, finished_at, error_message)
   values (${text(record.runId)}, ${text(record.stream)}, ${timestamp(record.windowStart)},
     ${timestamp(record.windowEnd)}, ${text(record.status)}, ${count(record.received, 'received')},
     ${count(record.loaded, 'loaded')}, ${count(record.quarantined, 'quarantined')},
     ${count(record.apiCalls, 'apiCalls')}, ${nullableTimestamp(record.dataAvailabilityDate)},
     ${timestamp(record.startedAt)}, ${record.status === 'running' ? 'null' : 'now()'},
     ${nullableText(record.errorMessage)})`;

const stateSql = (key: string, state: string): string =>
  `insert or replace into etl_stream_state (key, state, updated_at) values (${text(key)}, ${text(state)}, now())`;

export async function createDuckdbLedger(
  connection: Pick<DuckDBConnection, 'run' | 'runAndReadAll'>,
  serialised: <T>(work: () => Promise<T>) => Promise<T>,
): Promise<Ledger> {
  const run = (sql: string): Promise<void> =>
    serialised(async () => {
      await connection.run(sql);
    });
  const rows = (sql: string): Promise<Record<string, unknown>[]> =>
    serialised(async () => (await connection.runAndReadAll(sql)).getRowObjectsJS());

  /** The statements as one transaction, all or nothing. */
  const transaction = (statements: readonly string[]): Promise<void> =>
    serialised(async () => {
      await connection.run('begin transaction');
      try {
        for (const sql of statements) await connection.run(sql);
        await connection.run('commit');
      } catch (error) {
        await connection.run('rollback').catch(() => undefined);
        throw error;
      }
    });

  for (const ddl of ledgerDdl) await run(ddl);
  const leases = leaseStatements(
    {
      table: 'etl_leases',
      now: 'now()',
      nowPlus: (ms) => `now() + to_milliseconds(${ms})`,
      epochMs: (column) => `epoch_ms(${column})`,
      literal: quoteLiteral,
    },
    run,
    rows,
  );
  const backfills = backfillStatements(
    {
      backfills: 'etl_backfills',
      windows: 'etl_windows',
      timestamp,
      epochMs: (column) => `epoch_ms(${column})`,
      literal: quoteLiteral,
      replace: (remove, insert) => transaction([remove, insert]),
    },
    rows,
  );
  // Runs of this process beside the new one are alive (a scheduler's tick and its backfill).
  const notConcurrent = (record: RunRecord): string =>
    record.concurrentRunIds === undefined || record.concurrentRunIds.length === 0
      ? ''
      : ` and run_id not in (${record.concurrentRunIds.map(text).join(', ')})`;

  return {
    async startRun(record) {
      // The file has one writer at a time, so a run (or window) still marked running was killed or crashed.
      await run(
        `update etl_windows set status = 'interrupted', finished_at = now(),
           error_message = coalesce(error_message, ${text(deadWindowMessage)})
         where status = 'running'${notConcurrent(record)}`,
      );
      await run(
        `update etl_runs set status = 'interrupted', error_message = coalesce(error_message, ${text(deadRunMessage)})
         where status = 'running'${notConcurrent(record)}`,
      );
      await run(
        `insert into etl_runs (run_id, command, status, started_at, window_start, window_end)
         values (${text(record.runId)}, ${text(record.command)}, 'running', now(),
                 ${nullableTimestamp(record.windowStart)}, ${nullableTimestamp(record.windowEnd)})`,
      );
    },

    async finishRun(runId, outcome) {
      // A window the run left running was abandoned with it (Ctrl-C, or a failure elsewhere).
      await run(
        `update etl_windows set status = 'interrupted', finished_at = now(),
           error_message = coalesce(error_message, ${text(abandonedWindowMessage)})
         where run_id = ${text(runId)} and status = 'running'`,
      );
      await run(
        `update etl_runs set status = ${text(outcome.status)}, finished_at = now(),
           received = ${count(outcome.received, 'received')}, loaded = ${count(outcome.loaded, 'loaded')},
           quarantined = ${count(outcome.quarantined, 'quarantined')},
           api_requests = ${count(outcome.apiRequests, 'apiRequests')},
           error_message = ${nullableText(outcome.errorMessage)}
         where run_id = ${text(runId)}`,
      );
    },

    async recordWindow(record: WindowRecord) {
      await run(windowSql(record));
    },

    async recordWindows(records, states = []) {
      const statements = [...records.map(windowSql), ...states.map((entry) => stateSql(entry.key, entry.state))];
      if (statements.length === 0) return;
      // One transaction: a commit's windows are recorded together or not at all.
      await transaction(statements);
    },

    async completedWindows(stream) {
      const found = await rows(
        `select distinct epoch_ms(window_start) as window_start, epoch_ms(window_end) as window_end
         from etl_windows where stream = ${text(stream)} and status = 'succeeded'`,
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
        `select epoch_ms(max(window_end)) as window_end
         from etl_windows where stream = ${text(stream)} and status = 'succeeded'`,
      );
      return iso(found[0]?.['window_end']);
    },

    async streamState(key) {
      const found = await rows(`select state from etl_stream_state where key = ${text(key)}`);
      return nullableString(found[0]?.['state']);
    },

    async setStreamState(key, state) {
      await run(stateSql(key, state));
    },

    report(): Promise<LedgerReport> {
      return readLedgerReport(rows, {
        windows: 'etl_windows',
        runs: 'etl_runs',
        epochMs: (column) => `epoch_ms(${column})`,
      });
    },

    acquireLease: (request) => leases.acquire(request),
    releaseLease: (name, holderId) => leases.release(name, holderId),
    setBackfillTarget: (name, target) => backfills.setTarget(name, target),
    backfillTarget: (name) => backfills.target(name),
    finishedWindows: (stream, from, to) => backfills.finishedWindows(stream, from, to),
  };
}
