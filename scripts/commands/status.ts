/**
 * `genesys-etl status`: how fresh the warehouse is and how the last run ended, read from the
 * window ledger, for a person (text) or a monitor (`--json`). The exit code says whether the
 * pipeline is healthy (0) or not (3): no run yet, the last run failed or was interrupted, or
 * some stream's last loaded window ended longer ago than `--max-lag` (default PT36H).
 */
import { LeaseHeldError } from '../../contract/errors.ts';
import type { Ledger, LedgerReport, RunSummary, StreamStatus, WindowStatus } from '../../load/warehouse.ts';
import { windowStream } from '../../pipeline/plan.ts';
import {
  backfillName,
  backfillProgress,
  formatBackfillProgress,
  type BackfillProgress,
} from '../schedule/backfill-progress.ts';
import {
  holderHasItOpen,
  readStatusSnapshot,
  snapshotLedger,
  type StatusLedger,
  type StatusSnapshot,
} from '../status-snapshot.ts';

export const DEFAULT_MAX_LAG = 'PT36H';
export const EXIT_UNHEALTHY = 3;

export interface StreamEvaluation {
  readonly stream: string;
  readonly lastCompletedWindow: StreamStatus['lastCompletedWindow'];
  readonly lastLoadedWindowEnd: string | null;
  /** now − lastLoadedWindowEnd (never negative); null when nothing was loaded. */
  readonly lagMs: number | null;
  /** lagMs, human readable (`5h12m`); null when nothing was loaded. */
  readonly lag: string | null;
  readonly windows: Readonly<Record<WindowStatus, number>>;
}

export interface StatusEvaluation {
  readonly healthy: boolean;
  /** Why it is unhealthy, one sentence each; empty when healthy. */
  readonly problems: readonly string[];
  readonly checkedAt: string;
  readonly maxLagMs: number;
  readonly maxLag: string;
  readonly lastRun: RunSummary | null;
  readonly streams: readonly StreamEvaluation[];
  /** The background backfill of `schedule --backfill-from` (informational; never unhealthy); null when none. */
  readonly backfill: BackfillProgress | null;
}

/** Whole minutes, rounded down: `45m`, `5h12m`, `36h` under two days; `2d3h` from two days on. */
export function formatLag(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  const hours = Math.floor(minutes / 60);
  const parts: [number, string][] =
    hours < 48
      ? [
          [hours, 'h'],
          [minutes % 60, 'm'],
        ]
      : [
          [Math.floor(hours / 24), 'd'],
          [hours % 24, 'h'],
        ];
  const shown = parts.filter(([value]) => value > 0).map(([value, unit]) => `${value}${unit}`);
  return shown.length === 0 ? '0m' : shown.join('');
}

/**
 * `runningIsDead`: this process holds the warehouse alone (DuckDB: one writer at a time), so a
 * run still marked running was killed or crashed; the next run marks it interrupted.
 */
export function evaluateStatus(
  report: LedgerReport,
  now: Date,
  maxLagMs: number,
  {
    runningIsDead = false,
    backfill = null,
  }: { readonly runningIsDead?: boolean; readonly backfill?: BackfillProgress | null } = {},
): StatusEvaluation {
  const problems: string[] = [];
  const maxLag = formatLag(maxLagMs);
  const { lastRun } = report;
  if (lastRun === null) {
    problems.push('no run has been recorded yet: run `genesys-etl run` or `genesys-etl backfill` first');
  } else if (lastRun.status === 'failed' || lastRun.status === 'interrupted') {
    const reason = lastRun.errorMessage === null ? '' : `: ${lastRun.errorMessage}`;
    problems.push(
      `the last run (${lastRun.runId}, ${lastRun.command}) ${lastRun.status === 'failed' ? 'failed' : 'was interrupted'}${reason}`,
    );
  } else if (lastRun.status === 'running' && runningIsDead) {
    problems.push(
      `the last run (${lastRun.runId}, ${lastRun.command}) ended without finishing (killed or crashed); ` +
        'it is still marked running until the next run starts',
    );
  }
  if (lastRun !== null && report.streams.length === 0) problems.push('no window has been recorded yet');

  const streams = report.streams.map((status): StreamEvaluation => {
    const lagMs =
      status.lastLoadedWindowEnd === null ? null : Math.max(0, now.getTime() - Date.parse(status.lastLoadedWindowEnd));
    if (lagMs === null) {
      problems.push(`${status.stream}: no window has been loaded yet`);
    } else if (lagMs > maxLagMs) {
      problems.push(
        `${status.stream}: the last loaded window ended ${formatLag(lagMs)} ago, more than the ${maxLag} allowed`,
      );
    }
    return {
      stream: status.stream,
      lastCompletedWindow: status.lastCompletedWindow,
      lastLoadedWindowEnd: status.lastLoadedWindowEnd,
      lagMs,
      lag: lagMs === null ? null : formatLag(lagMs),
      windows: status.windows,
    };
  });

  return {
    healthy: problems.length === 0,
    problems,
    checkedAt: now.toISOString(),
    maxLagMs,
    maxLag,
    lastRun,
    streams,
    backfill,
  };
}

const shownStatuses: readonly WindowStatus[] = ['succeeded', 'provisional', 'failed', 'running', 'interrupted'];

export function formatStatus(evaluation: StatusEvaluation): string {
  const lines: string[] = [
    `Pipeline ${evaluation.healthy ? 'healthy' : 'UNHEALTHY'} at ${evaluation.checkedAt} (max lag ${evaluation.maxLag})`,
    ...evaluation.problems.map((problem) => `  - ${problem}`),
    '',
  ];
  const run = evaluation.lastRun;
  if (run === null) {
    lines.push('Last run: none');
  } else {
    lines.push(`Last run: ${run.runId} (${run.command}) ${run.status}`);
    lines.push(`  started ${run.startedAt}${run.finishedAt === null ? '' : `, finished ${run.finishedAt}`}`);
    if (run.errorMessage !== null) lines.push(`  error: ${run.errorMessage}`);
  }
  for (const stream of evaluation.streams) {
    const completed = stream.lastCompletedWindow;
    lines.push(
      '',
      stream.stream,
      `  last completed  ${completed === null ? 'none' : `${completed.start} → ${completed.end}`}`,
      `  loaded until    ${stream.lastLoadedWindowEnd === null ? 'nothing loaded' : `${stream.lastLoadedWindowEnd} (lag ${stream.lag ?? '?'})`}`,
      `  windows         ${shownStatuses.map((status) => `${stream.windows[status]} ${status}`).join(', ')}`,
    );
  }
  const { backfill } = evaluation;
  if (backfill !== null) {
    lines.push(
      '',
      `backfill (schedule --backfill-from, ${Math.round(backfill.share * 100)}% of the request budget)`,
      `  range           ${backfill.from} → ${backfill.to}`,
      `  progress        ${formatBackfillProgress(backfill, formatLag)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export interface StatusOptions {
  readonly json: boolean;
  readonly maxLagMs: number;
  /** The clock, for tests. */
  readonly now?: Date;
  /** No other process can be running a pipeline on this warehouse (see evaluateStatus). */
  readonly runningIsDead?: boolean;
  /** Where the report goes (stdout by default). */
  readonly out?: (text: string) => void;
  /** The background backfill's progress, if the ledger records one. */
  readonly backfill?: BackfillProgress | null;
  /** Read from the snapshot the warehouse's holder wrote (at `path`), not from the ledger itself. */
  readonly snapshot?: { readonly path: string; readonly writtenAt: string; readonly holder: string } | undefined;
}

/** Prints the status of `report` and returns the exit code: 0 healthy, 3 unhealthy. */
export function printStatus(report: LedgerReport, options: StatusOptions): number {
  const evaluation = evaluateStatus(report, options.now ?? new Date(), options.maxLagMs, {
    runningIsDead: options.runningIsDead ?? false,
    backfill: options.backfill ?? null,
  });
  const out =
    options.out ??
    ((text: string) => {
      process.stdout.write(text);
    });
  const { snapshot } = options;
  const source =
    snapshot === undefined
      ? ''
      : `Read from ${snapshot.path}, written ${formatLag(Date.parse(evaluation.checkedAt) - Date.parse(snapshot.writtenAt))} ` +
        `ago (${snapshot.writtenAt}) by ${snapshot.holder}: the warehouse is in use.\n`;
  out(
    options.json
      ? `${JSON.stringify({ ...evaluation, snapshot: snapshot ?? null }, null, 2)}\n`
      : `${formatStatus(evaluation)}${source}`,
  );
  return evaluation.healthy ? 0 : EXIT_UNHEALTHY;
}

/** Prints the ledger's status and returns the exit code: 0 healthy, 3 unhealthy. */
export async function statusCommand(ledger: StatusLedger, options: StatusOptions): Promise<number> {
  const target = await ledger.backfillTarget(backfillName);
  const backfill =
    target === null
      ? null
      : backfillProgress(
          target,
          await ledger.finishedWindows(windowStream, target.from, target.to),
          options.now ?? new Date(),
        );
  return printStatus(await ledger.report(), { ...options, backfill });
}

/**
 * The status of a DuckDB warehouse, which one process at a time may open: from the snapshot its
 * holder writes (scripts/status-snapshot.ts) while that holder, a live process of this host, has
 * it open; else from the ledger (`withLedger` opens the file); else, when something else holds
 * the file (dbt, a DuckDB shell), from the last snapshot. Without a snapshot, the
 * LeaseHeldError stands (exit 4).
 */
export async function duckdbStatusCommand(
  withLedger: (work: (ledger: Ledger) => Promise<number>) => Promise<number>,
  snapshotPath: string,
  options: StatusOptions,
): Promise<number> {
  const fromSnapshot = (snapshot: StatusSnapshot): Promise<number> =>
    statusCommand(snapshotLedger(snapshot), {
      ...options,
      snapshot: { path: snapshotPath, writtenAt: snapshot.writtenAt, holder: snapshot.holder },
    });
  const snapshot = await readStatusSnapshot(snapshotPath);
  if (snapshot !== null && holderHasItOpen(snapshot)) return fromSnapshot(snapshot);
  try {
    // Holding the DuckDB file means no run is writing to it: a run still marked running is dead.
    return await withLedger((ledger) => statusCommand(ledger, { ...options, runningIsDead: true }));
  } catch (error) {
    if (!(error instanceof LeaseHeldError) || snapshot === null) throw error;
    return fromSnapshot(snapshot);
  }
}
