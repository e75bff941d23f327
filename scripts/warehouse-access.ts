/**
 * One process's access to its warehouse, shared by everything in it that needs the warehouse at
 * the same time (a scheduled run, the background backfill, the lease renewal). DuckDB admits one
 * instance per file, and dbt (another process) may open the file only once this process has
 * closed it. So: `use` opens the warehouse when nobody in the process has it open and closes it
 * when the last user is done (it is never held open between runs); `exclusive` (dbt) waits until
 * it is closed and holds new users back until it is done; `ifAvailable` runs at once or not at
 * all (a lease renewal during dbt is skipped). A remote warehouse (BigQuery) needs no exclusion.
 */
import type { Warehouse } from '../load/warehouse.ts';

export interface WarehouseAccess {
  /** Runs `work` with the warehouse open (shared with the process's other users). */
  use<T>(work: (warehouse: Warehouse) => Promise<T>): Promise<T>;
  /** Runs `work` while this process has the warehouse closed (for dbt). */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Runs `work` now with the warehouse, or returns undefined when `exclusive` work holds it. */
  ifAvailable<T>(work: (warehouse: Warehouse) => Promise<T>): Promise<T | undefined>;
}

interface Opened {
  readonly warehouse: Promise<Warehouse>;
  users: number;
}

export function warehouseAccess(open: () => Promise<Warehouse>, { exclusion = true } = {}): WarehouseAccess {
  let current: Opened | undefined;
  let closing = false;
  let exclusiveRunning = false;
  let exclusiveWaiting = 0;
  const waiters = new Set<() => void>();
  const changed = (): void => {
    const woken = [...waiters];
    waiters.clear();
    for (const wake of woken) wake();
  };
  const next = (): Promise<void> =>
    new Promise((resolve) => {
      waiters.add(resolve);
    });

  const join = async <T>(entry: Opened, work: (warehouse: Warehouse) => Promise<T>): Promise<T> => {
    entry.users += 1;
    let warehouse: Warehouse;
    try {
      warehouse = await entry.warehouse;
    } catch (error) {
      entry.users -= 1;
      if (current === entry && entry.users === 0) current = undefined;
      changed();
      throw error;
    }
    try {
      return await work(warehouse);
    } finally {
      entry.users -= 1;
      if (entry.users === 0 && current === entry) {
        current = undefined;
        closing = true;
        try {
          await warehouse.close();
        } finally {
          closing = false;
          changed();
        }
      }
    }
  };

  const use = async <T>(work: (warehouse: Warehouse) => Promise<T>): Promise<T> => {
    // dbt waiting goes first, so a stream of short users cannot starve it.
    while (closing || exclusiveRunning || (exclusiveWaiting > 0 && current === undefined)) await next();
    current ??= { warehouse: open(), users: 0 };
    return join(current, work);
  };

  return {
    use,
    async exclusive(work) {
      if (!exclusion) return work();
      exclusiveWaiting += 1;
      try {
        while (current !== undefined || closing || exclusiveRunning) await next();
      } finally {
        exclusiveWaiting -= 1;
      }
      exclusiveRunning = true;
      try {
        return await work();
      } finally {
        exclusiveRunning = false;
        changed();
      }
    },
    async ifAvailable(work) {
      if (current !== undefined) return join(current, work);
      if (closing || exclusiveRunning || exclusiveWaiting > 0) return undefined;
      return use(work);
    },
  };
}
