/**
 * Honest reconciliation (DESIGN decision 4). Per window and stream three counts are measured
 * apart: `received` from what the API returned (counted by the extractor before validation),
 * `quarantined` by validation, and `loaded` by the warehouse from the rows it inserted per file.
 * They must satisfy received = loaded + quarantined; each file must also hold, as loaded, the
 * rows the stage wrote into it, and the quarantine files the rows validation rejected.
 */
import type { Batch } from '../contract/batch.ts';
import { ReconciliationError } from '../contract/errors.ts';
import type { StreamName } from '../contract/tables.ts';
import type { FileLoad } from '../load/warehouse.ts';

export interface StreamTally {
  received: number;
  quarantined: number;
}

/** What the extractors reported for one window, per counted stream. */
export type Tallies = Map<StreamName, StreamTally>;

export interface StreamReconciliation {
  readonly stream: StreamName;
  readonly received: number;
  readonly loaded: number;
  readonly quarantined: number;
}

/** Tallies that start with these streams at zero (an empty window is recorded, too). */
export const newTallies = (streams: readonly StreamName[] = []): Tallies =>
  new Map(streams.map((stream) => [stream, { received: 0, quarantined: 0 }]));

export function addBatch(tallies: Tallies, batch: Batch): void {
  const entry = tallies.get(batch.stream) ?? { received: 0, quarantined: 0 };
  entry.received += batch.received;
  entry.quarantined += batch.quarantined.length;
  tallies.set(batch.stream, entry);
}

const fileList = (loads: readonly FileLoad[]): string =>
  loads.length === 0 ? 'no file' : loads.map((load) => `${load.file.path} (${load.rowsLoaded})`).join(', ');

/** Checks one window's counts (`label` names it in errors); throws a ReconciliationError listing every mismatch. */
export function reconcileWindow(label: string, tallies: Tallies, loads: readonly FileLoad[]): StreamReconciliation[] {
  const problems: string[] = [];
  for (const load of loads) {
    if (load.rowsLoaded !== load.file.rowCount) {
      problems.push(
        `file ${load.file.path}: the stage wrote ${load.file.rowCount} rows but the warehouse loaded ${load.rowsLoaded}`,
      );
    }
  }
  const loadsOf = (stream: string): FileLoad[] => loads.filter((load) => load.file.stream === stream);
  const rowsIn = (files: readonly FileLoad[]): number => files.reduce((sum, load) => sum + load.rowsLoaded, 0);

  const result: StreamReconciliation[] = [];
  for (const [stream, tally] of tallies) {
    const files = loadsOf(stream);
    const loaded = rowsIn(files);
    if (loaded + tally.quarantined !== tally.received) {
      problems.push(
        `stream ${stream}: the API returned ${tally.received} records and validation quarantined ${tally.quarantined}, ` +
          `so ${tally.received - tally.quarantined} rows were due, but the warehouse loaded ${loaded} from ${fileList(files)}`,
      );
    }
    result.push({ stream, received: tally.received, loaded, quarantined: tally.quarantined });
  }
  const quarantineFiles = loadsOf('quarantine');
  const quarantined = [...tallies.values()].reduce((sum, tally) => sum + tally.quarantined, 0);
  if (rowsIn(quarantineFiles) !== quarantined) {
    problems.push(
      `quarantine: validation rejected ${quarantined} records but the warehouse loaded ${rowsIn(quarantineFiles)} ` +
        `into etl_quarantine from ${fileList(quarantineFiles)}`,
    );
  }
  if (problems.length > 0) {
    throw new ReconciliationError(
      `${label} does not reconcile (received must equal loaded + quarantined):\n  ${problems.join('\n  ')}\n` +
        'Its rows stay as observations, but the window is recorded as failed and is extracted again by the next run. ' +
        'A repeated mismatch is a bug: report it with this message.',
    );
  }
  return result;
}

/** Adds one window's reconciliation into the run's totals. */
export function addReconciliation(
  totals: Map<StreamName, StreamReconciliation>,
  lines: readonly StreamReconciliation[],
): void {
  for (const line of lines) {
    const sum = totals.get(line.stream);
    totals.set(
      line.stream,
      sum === undefined
        ? line
        : {
            stream: line.stream,
            received: sum.received + line.received,
            loaded: sum.loaded + line.loaded,
            quarantined: sum.quarantined + line.quarantined,
          },
    );
  }
}
