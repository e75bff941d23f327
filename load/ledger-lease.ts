/**
 * The warehouse lease (etl_leases) for both ledgers: one row per lease name, taken by
 * compare-and-set statements guarded by the holder and the expiry the caller read, so two
 * processes racing for it cannot both win (the second statement's guard no longer matches).
 * Expiry is judged by the warehouse's clock, not the callers'. Only the SQL dialect differs:
 * the current time, a time `ms` later, epoch milliseconds and string literals.
 */
import { LoadError } from '../contract/errors.ts';
import { requiredIso } from './ledger-report.ts';
import type { Lease, LeaseOutcome, LeaseRequest } from './warehouse.ts';

type Row = Readonly<Record<string, unknown>>;

export interface LeaseSql {
  /** etl_leases as the warehouse names it. */
  readonly table: string;
  readonly now: string;
  /** SQL for the current time plus `ms` milliseconds. */
  readonly nowPlus: (ms: number) => string;
  readonly epochMs: (column: string) => string;
  readonly literal: (value: string) => string;
}

export interface LeaseStatements {
  acquire(request: LeaseRequest): Promise<LeaseOutcome>;
  release(name: string, holderId: string): Promise<void>;
}

function ttl(ms: number): number {
  if (!Number.isSafeInteger(ms) || ms <= 0) {
    throw new LoadError(`A lease lasts a whole number of milliseconds above 0, got ${ms}.`);
  }
  return ms;
}

/** `run` executes a statement; `rows` a query. */
export function leaseStatements(
  sql: LeaseSql,
  run: (statement: string) => Promise<void>,
  rows: (query: string) => Promise<readonly Row[]>,
): LeaseStatements {
  const { table, now, nowPlus, epochMs, literal } = sql;

  const read = async (name: string): Promise<(Lease & { expired: boolean }) | null> => {
    const found = await rows(
      `select holder_id, ${epochMs('acquired_at')} as acquired_at, ${epochMs('renewed_at')} as renewed_at,
              ${epochMs('expires_at')} as expires_at, expires_at <= ${now} as expired
       from ${table} where name = ${literal(name)}`,
    );
    const row = found[0];
    if (row === undefined) return null;
    return {
      name,
      holderId: String(row['holder_id']),
      acquiredAt: requiredIso(row['acquired_at'], 'a lease acquisition time'),
      renewedAt: requiredIso(row['renewed_at'], 'a lease renewal time'),
      expiresAt: requiredIso(row['expires_at'], 'a lease expiry'),
      expired: row['expired'] === true,
    };
  };

  const strip = (found: Lease & { expired: boolean }): Lease => ({
    name: found.name,
    holderId: found.holderId,
    acquiredAt: found.acquiredAt,
    renewedAt: found.renewedAt,
    expiresAt: found.expiresAt,
  });

  return {
    async acquire(request) {
      const { name, holderId } = request;
      const until = nowPlus(ttl(request.ttlMs));
      const before = await read(name);
      if (before === null) {
        await run(
          `insert into ${table} (name, holder_id, acquired_at, renewed_at, expires_at)
           select ${literal(name)}, ${literal(holderId)}, ${now}, ${now}, ${until}
           from (select 1 as one) as seed
           where not exists (select 1 from ${table} where name = ${literal(name)})`,
        );
      } else if (before.holderId === holderId) {
        await run(
          `update ${table} set renewed_at = ${now}, expires_at = ${until}
           where name = ${literal(name)} and holder_id = ${literal(holderId)}`,
        );
      } else if (before.expired || request.isHolderGone?.(before.holderId) === true) {
        // Matching the old holder makes a race between two takers safe: only one update applies.
        const stale = before.expired ? ` and expires_at <= ${now}` : '';
        await run(
          `update ${table} set holder_id = ${literal(holderId)}, acquired_at = ${now}, renewed_at = ${now},
             expires_at = ${until}
           where name = ${literal(name)} and holder_id = ${literal(before.holderId)}${stale}`,
        );
      }
      const after = await read(name);
      if (after === null) throw new LoadError(`The lease ${name} vanished while it was being taken; try again.`);
      const acquired = after.holderId === holderId;
      const tookOver = acquired && before !== null && before.holderId !== holderId ? strip(before) : undefined;
      return { acquired, lease: strip(after), tookOver };
    },

    async release(name, holderId) {
      await run(`delete from ${table} where name = ${literal(name)} and holder_id = ${literal(holderId)}`);
    },
  };
}
