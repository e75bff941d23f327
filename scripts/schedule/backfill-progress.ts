/**
 * How far a scheduler's background backfill is (`genesys-etl status`, and its log line per
 * window): the target range's windows done out of all, the rate over the recent past and the
 * time left at that rate. Computed from the ledger's target (etl_backfills) and the windows
 * completed as final in the range (a window extracted in parts is done once its parts cover it).
 */
import { planWindows, windowKey } from '../../contract/window.ts';
import type { BackfillTarget, FinishedWindow } from '../../load/warehouse.ts';
import { remainingParts } from '../../pipeline/plan.ts';

/** The name the scheduler's backfill is recorded under in etl_backfills. */
export const backfillName = 'schedule';

/** The rate is measured over the windows done in this much of the recent past (or since the backfill started, if later). */
export const recentPastMs = 3_600_000;

export interface BackfillProgress {
  readonly from: string;
  readonly to: string;
  readonly share: number;
  readonly windowsDone: number;
  readonly windowsTotal: number;
  /** windowsDone / windowsTotal, in percent, one decimal. */
  readonly percentDone: number;
  /** Rows of conversations loaded by the windows done. */
  readonly conversationsLoaded: number;
  /** Windows done per hour over the recent past; null before the first window of this drain. */
  readonly windowsPerHour: number | null;
  /** When the last window should be done at that rate; null when done or unknown. */
  readonly eta: string | null;
  /** ms from now to the eta; null as eta is. */
  readonly etaMs: number | null;
  readonly finishedAt: string | null;
  readonly done: boolean;
}

export function backfillProgress(
  target: BackfillTarget,
  loaded: readonly FinishedWindow[],
  now: Date,
): BackfillProgress {
  const finished = loaded.filter((window) => window.final);
  const windows = planWindows(target.from, target.to, target.windowMs);
  const done = new Set(finished.map(windowKey));
  const finishedAt = (window: { start: string; end: string }): number =>
    Math.max(
      ...finished
        .filter((part) => part.start >= window.start && part.end <= window.end)
        .map((part) => Date.parse(part.finishedAt)),
    );
  const doneWindows = windows.filter((window) => remainingParts(window, done).length === 0);
  const windowsDone = doneWindows.length;
  const remaining = windows.length - windowsDone;
  const conversationsLoaded = finished.reduce((sum, part) => sum + part.loaded, 0);
  const since = Math.max(now.getTime() - recentPastMs, Date.parse(target.startedAt));
  const recent = doneWindows.filter((window) => finishedAt(window) >= since).length;
  const hours = (now.getTime() - since) / 3_600_000;
  const windowsPerHour = recent === 0 || hours <= 0 ? null : recent / hours;
  const etaMs =
    remaining === 0 || windowsPerHour === null ? null : Math.round((remaining / windowsPerHour) * 3_600_000);
  return {
    from: target.from,
    to: target.to,
    share: target.share,
    windowsDone,
    windowsTotal: windows.length,
    percentDone: windows.length === 0 ? 100 : Math.floor((windowsDone / windows.length) * 1000) / 10,
    conversationsLoaded,
    windowsPerHour: windowsPerHour === null ? null : Math.round(windowsPerHour * 10) / 10,
    eta: etaMs === null ? null : new Date(now.getTime() + etaMs).toISOString(),
    etaMs,
    finishedAt: target.finishedAt,
    done: remaining === 0,
  };
}

/** One line: `12/30 windows (40.0%), 1,234 conversations, 6.0 windows/h, ETA 2026-11-05T03:00:00.000Z (in 3h0m)`. */
export function formatBackfillProgress(progress: BackfillProgress, formatDuration: (ms: number) => string): string {
  const head =
    `${progress.windowsDone}/${progress.windowsTotal} windows (${progress.percentDone.toFixed(1)}%), ` +
    `${progress.conversationsLoaded} conversations`;
  if (progress.done) return `${head}, done${progress.finishedAt === null ? '' : ` at ${progress.finishedAt}`}`;
  const rate = progress.windowsPerHour === null ? 'no window done recently' : `${progress.windowsPerHour} windows/h`;
  const eta =
    progress.eta === null || progress.etaMs === null
      ? 'ETA unknown'
      : `ETA ${progress.eta} (in ${formatDuration(progress.etaMs)})`;
  return `${head}, ${rate}, ${eta}`;
}
