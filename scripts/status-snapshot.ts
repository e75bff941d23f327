/**
 * What `status` reads while another process has the DuckDB warehouse open (DuckDB admits one
 * process per file, and a run or a scheduler's backfill holds it for hours): the holder writes
 * what `status` would read from the ledger to `<warehouse>.status.json` after each change of
 * its ledger, and once more, marked closed, when it closes the warehouse. `status` reads it
 * instead of the file while its holder (a live process of this host) has the file open, and when
 * the file is locked by something else (dbt, a DuckDB shell); otherwise it reads the ledger itself.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Ledger, Warehouse } from '../load/warehouse.ts';
import { windowStream } from '../pipeline/plan.ts';
import { isLocalHolderGone, localHolderPid, newHolderId } from './lease.ts';
import { backfillName } from './schedule/backfill-progress.ts';

/** The ledger reads `status` makes. */
export type StatusLedger = Pick<Ledger, 'report' | 'backfillTarget' | 'finishedWindows'>;

const windowCounts = z.object({
  running: z.number(),
  succeeded: z.number(),
  provisional: z.number(),
  failed: z.number(),
  interrupted: z.number(),
});

const snapshotSchema = z.object({
  writtenAt: z.string(),
  /** The process that wrote it, as a lease holder id (`warehouse@host:pid:random`). */
  holder: z.string(),
  /** False once the holder closed the warehouse. */
  open: z.boolean(),
  report: z.object({
    streams: z
      .array(
        z.object({
          stream: z.string(),
          lastCompletedWindow: z.object({ start: z.string(), end: z.string() }).nullable(),
          lastLoadedWindowEnd: z.string().nullable(),
          windows: windowCounts,
        }),
      )
      .readonly(),
    lastRun: z
      .object({
        runId: z.string(),
        command: z.string(),
        status: z.enum(['running', 'succeeded', 'failed', 'interrupted']),
        startedAt: z.string(),
        finishedAt: z.string().nullable(),
        errorMessage: z.string().nullable(),
      })
      .nullable(),
  }),
  /** The scheduler's backfill range and its windows loaded; null when none was recorded. */
  backfill: z
    .object({
      target: z.object({
        from: z.string(),
        to: z.string(),
        windowMs: z.number(),
        share: z.number(),
        startedAt: z.string(),
        finishedAt: z.string().nullable(),
      }),
      windows: z.array(
        z.object({
          start: z.string(),
          end: z.string(),
          finishedAt: z.string(),
          loaded: z.number(),
          final: z.boolean(),
        }),
      ),
    })
    .nullable(),
});

export type StatusSnapshot = z.infer<typeof snapshotSchema>;

export const statusSnapshotPath = (warehousePath: string): string => `${warehousePath}.status.json`;

/** The ledger as `status` reads it, now. */
export async function captureStatus(
  ledger: StatusLedger,
  holder: string,
  open: boolean,
  now = new Date(),
): Promise<StatusSnapshot> {
  const target = await ledger.backfillTarget(backfillName);
  return {
    writtenAt: now.toISOString(),
    holder,
    open,
    report: await ledger.report(),
    backfill:
      target === null ? null : { target, windows: await ledger.finishedWindows(windowStream, target.from, target.to) },
  };
}

/** A snapshot read back as the ledger `status` reads. */
export function snapshotLedger(snapshot: StatusSnapshot): StatusLedger {
  const { backfill } = snapshot;
  return {
    report: () => Promise.resolve(snapshot.report),
    backfillTarget: (name) => Promise.resolve(name === backfillName ? (backfill?.target ?? null) : null),
    finishedWindows: (stream, from, to) =>
      Promise.resolve(
        stream === windowStream && backfill !== null
          ? backfill.windows.filter((window) => window.start >= from && window.end <= to)
          : [],
      ),
  };
}

/** The snapshot at `path`; null when there is none or it cannot be read (it is only ever a convenience). */
export async function readStatusSnapshot(path: string): Promise<StatusSnapshot | null> {
  try {
    const parsed = snapshotSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Whether the snapshot's writer is a live process of this host that has the warehouse open now. */
export const holderHasItOpen = (snapshot: StatusSnapshot): boolean =>
  snapshot.open && localHolderPid(snapshot.holder) !== undefined && !isLocalHolderGone(snapshot.holder);

/**
 * The warehouse, its ledger writing the status snapshot at `path` after each change (one write
 * at a time, changes meanwhile coalesced into the next), and marked closed before the warehouse
 * closes. A snapshot that cannot be written is skipped: the ledger stays the truth.
 */
export function withStatusSnapshots(warehouse: Warehouse, path: string): Warehouse {
  const inner = warehouse.ledger;
  const holder = newHolderId('warehouse');
  let written: Promise<void> = Promise.resolve();
  let queued = false;
  let changed = false;
  const write = (open: boolean): Promise<void> => {
    written = written.then(async () => {
      queued = false;
      try {
        const temporary = `${path}.${process.pid}.partial`;
        await writeFile(temporary, JSON.stringify(await captureStatus(inner, holder, open)));
        await rename(temporary, path);
      } catch {
        // Skipped: the next change writes it again.
      }
    });
    return written;
  };
  const after = async (change: Promise<void>): Promise<void> => {
    await change;
    changed = true;
    if (queued) return;
    queued = true;
    void write(true);
  };
  const ledger: Ledger = {
    ...inner,
    startRun: (run) => after(inner.startRun(run)),
    finishRun: (runId, outcome) => after(inner.finishRun(runId, outcome)),
    recordWindow: (record) => after(inner.recordWindow(record)),
    recordWindows: (records, states) => after(inner.recordWindows(records, states)),
    setBackfillTarget: (name, target) => after(inner.setBackfillTarget(name, target)),
  };
  return {
    ...warehouse,
    ledger,
    async close() {
      if (changed) await write(false);
      await warehouse.close();
    },
  };
}
