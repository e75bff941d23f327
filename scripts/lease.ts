/**
 * Holding the warehouse lease (etl_leases, load/ledger-lease.ts) for a scheduler's lifetime or a
 * run's duration: taken once (another live holder makes it a LeaseHeldError, exit 4), renewed
 * every quarter of its TTL while held, given up at the end. Renewal goes through the process's
 * warehouse access, so a DuckDB file is opened only briefly between runs and never while dbt
 * has it; the TTL must therefore outlast the longest dbt build (LEASE_TTL).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { LeaseHeldError } from '../contract/errors.ts';
import type { Lease, LeaseOutcome } from '../load/warehouse.ts';
import type { WarehouseAccess } from './warehouse-access.ts';

/** The one lease every pipeline command takes on a warehouse. */
export const pipelineLease = 'pipeline';

export interface HeldLease {
  readonly holderId: string;
  /** Gives the lease up (stops renewing it first); never throws. */
  release(): Promise<void>;
}

export interface LeaseOptions {
  /** What holds it: `schedule`, `run`, `backfill`. */
  readonly role: string;
  readonly ttlMs: number;
  /** Told about take-overs, lost leases and renewal errors. */
  readonly log: (line: string) => void;
  /** Called when another holder took the lease (this process stopped renewing it for too long). */
  readonly onLost?: (message: string) => void;
}

export const newHolderId = (role: string): string => `${role}@${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** The pid of a holder id of this host; undefined for a holder on another host. */
export function localHolderPid(holderId: string): number | undefined {
  const match = /^[^@]+@(.+):(\d+):[0-9a-f]+$/.exec(holderId);
  return match?.[1] === hostname() ? Number(match[2]) : undefined;
}

/**
 * A holder id of this host whose process no longer exists (killed with SIGKILL, say): its lease
 * need not wait out its TTL. A holder on another host, or a pid that exists (even reused), is
 * left to expire.
 */
export function isLocalHolderGone(holderId: string): boolean {
  const pid = localHolderPid(holderId);
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * How long a run refused by a holder on this host waits for it to go: a holder whose launcher was
 * killed ends itself within moments (scripts/heap-limit.ts), and a rerun started right after the
 * kill should not meet its lease.
 */
const localHolderGraceMs = 5_000;

export function leaseHeldMessage(lease: Lease, what: string): string {
  return (
    `${what} is in use: ${lease.holderId} holds its lease (taken ${lease.acquiredAt}, renewed ${lease.renewedAt}, ` +
    `expires ${lease.expiresAt} unless renewed). Another scheduler or run is working on it: wait for it to finish ` +
    'or stop it, then try again. A lease left by a killed process expires after its LEASE_TTL.'
  );
}

export async function takeLease(access: WarehouseAccess, options: LeaseOptions): Promise<HeldLease> {
  const holderId = newHolderId(options.role);
  const request = { name: pipelineLease, holderId, ttlMs: options.ttlMs, isHolderGone: isLocalHolderGone };
  const acquire = (): Promise<{ outcome: LeaseOutcome; uri: string }> =>
    access.use(async (warehouse) => ({ outcome: await warehouse.ledger.acquireLease(request), uri: warehouse.uri }));
  let { outcome, uri } = await acquire();
  const giveUpAt = Date.now() + localHolderGraceMs;
  while (!outcome.acquired && localHolderPid(outcome.lease.holderId) !== undefined && Date.now() < giveUpAt) {
    await sleep(250);
    ({ outcome, uri } = await acquire());
  }
  if (!outcome.acquired) throw new LeaseHeldError(leaseHeldMessage(outcome.lease, `The warehouse ${uri}`));
  if (outcome.tookOver !== undefined) {
    options.log(
      `took over the lease of ${outcome.tookOver.holderId}, ` +
        (isLocalHolderGone(outcome.tookOver.holderId)
          ? 'whose process on this host no longer exists'
          : `which expired at ${outcome.tookOver.expiresAt} (killed or stuck)`),
    );
  }
  let lost = false;
  let renewing: Promise<void> = Promise.resolve();
  const renew = async (): Promise<void> => {
    try {
      const renewed = await access.ifAvailable((warehouse) => warehouse.ledger.acquireLease(request));
      if (renewed === undefined || renewed.acquired) return;
      lost = true;
      clearInterval(timer);
      const message = leaseHeldMessage(renewed.lease, 'The warehouse');
      options.log(`lost the lease: ${message}`);
      options.onLost?.(message);
    } catch (error) {
      // Not fatal: the lease lasts its TTL; the next renewal tries again.
      options.log(`could not renew the lease (${error instanceof Error ? error.message : String(error)}); retrying`);
    }
  };
  const timer = setInterval(
    () => {
      renewing = renew();
    },
    Math.max(50, Math.floor(options.ttlMs / 4)),
  );
  timer.unref();
  return {
    holderId,
    async release() {
      clearInterval(timer);
      await renewing;
      if (lost) return;
      try {
        await access.use((warehouse) => warehouse.ledger.releaseLease(pipelineLease, holderId));
      } catch (error) {
        options.log(
          `could not give the lease up (${error instanceof Error ? error.message : String(error)}); it expires on its own`,
        );
      }
    },
  };
}
