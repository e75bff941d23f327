/**
 * The range a scheduler's background backfill drains (etl_backfills), and the windows completed
 * in it, for both ledgers: `genesys-etl status` shows the backfill's progress from them. One row
 * per backfill name (a scheduler keeps one, `schedule`); setting a target replaces the row. Only
 * the SQL dialect differs: timestamp literals, epoch milliseconds, string literals and the current time.
 */
import { LoadError } from '../contract/errors.ts';
import { iso, requiredIso } from './ledger-report.ts';
import type { BackfillTarget, FinishedWindow } from './warehouse.ts';

type Row = Readonly<Record<string, unknown>>;

export interface BackfillSql {
  /** etl_backfills as the warehouse names it. */
  readonly backfills: string;
  /** etl_windows as the warehouse names it. */
  readonly windows: string;
  readonly timestamp: (iso: string) => string;
  readonly epochMs: (column: string) => string;
  readonly literal: (value: string) => string;
  /** Runs a delete and an insert as one transaction. */
  readonly replace: (deleteSql: string, insertSql: string) => Promise<void>;
}

export interface BackfillStatements {
  setTarget(name: string, target: BackfillTarget): Promise<void>;
  target(name: string): Promise<BackfillTarget | null>;
  finishedWindows(stream: string, from: string, to: string): Promise<FinishedWindow[]>;
}

function checkedShare(share: number): string {
  if (!(share > 0 && share <= 1)) throw new LoadError(`A backfill's budget share is in (0, 1], got ${share}.`);
  return String(share);
}

function checkedMs(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms <= 0) throw new LoadError(`A backfill window lasts over 0 ms, got ${ms}.`);
  return String(ms);
}

export function backfillStatements(
  sql: BackfillSql,
  rows: (query: string) => Promise<readonly Row[]>,
): BackfillStatements {
  const { backfills, windows, timestamp, epochMs, literal } = sql;
  const nullableTimestamp = (value: string | null): string => (value === null ? 'null' : timestamp(value));
  return {
    async setTarget(name, target) {
      await sql.replace(
        `delete from ${backfills} where name = ${literal(name)}`,
        `insert into ${backfills} (name, range_from, range_to, window_ms, budget_share, started_at, finished_at)
           values (${literal(name)}, ${timestamp(target.from)}, ${timestamp(target.to)}, ${checkedMs(target.windowMs)},
                   ${checkedShare(target.share)}, ${timestamp(target.startedAt)}, ${nullableTimestamp(target.finishedAt)})`,
      );
    },

    async target(name) {
      const found = await rows(
        `select ${epochMs('range_from')} as range_from, ${epochMs('range_to')} as range_to, window_ms, budget_share,
                ${epochMs('started_at')} as started_at, ${epochMs('finished_at')} as finished_at
         from ${backfills} where name = ${literal(name)}`,
      );
      const row = found[0];
      if (row === undefined) return null;
      return {
        from: requiredIso(row['range_from'], 'a backfill start'),
        to: requiredIso(row['range_to'], 'a backfill end'),
        windowMs: Number(row['window_ms']),
        share: Number(row['budget_share']),
        startedAt: requiredIso(row['started_at'], 'a backfill start time'),
        finishedAt: iso(row['finished_at']),
      };
    },

    async finishedWindows(stream, from, to) {
      const found = await rows(
        `select ${epochMs('window_start')} as window_start, ${epochMs('window_end')} as window_end,
                ${epochMs('max(finished_at)')} as finished_at, max(loaded) as loaded,
                max(case when status = 'succeeded' then 1 else 0 end) as final
         from ${windows}
         where stream = ${literal(stream)} and status in ('succeeded', 'provisional')
           and window_start >= ${timestamp(from)} and window_end <= ${timestamp(to)}
         group by window_start, window_end
         order by window_start`,
      );
      return found.map((row) => ({
        start: requiredIso(row['window_start'], 'a window start'),
        end: requiredIso(row['window_end'], 'a window end'),
        finishedAt: requiredIso(row['finished_at'], 'a window finish time'),
        loaded: Number(row['loaded'] ?? 0),
        final: Number(row['final']) === 1,
      }));
    },
  };
}
