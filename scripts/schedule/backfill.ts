/**
 * The background backfill of `genesys-etl schedule --backfill-from`: drains [from, to) window by
 * window beside the ticks, newest window first (the history analysts look at first lands first,
 * and what is loaded stays one contiguous stretch back from the incremental history). Each window
 * is one `backfill` run of its own (committed and recorded in the ledger as `backfill` does, so a
 * restarted scheduler resumes, skipping the windows done), on the backfill's share of each OAuth
 * client's budget (budget.ts), without the run-level streams (the ticks extract them) and without
 * dbt (the next tick's dbt build covers its windows; dbt's exclusive access waits for the window
 * in flight, whose run holds the warehouse). The range is recorded in the ledger (etl_backfills)
 * so `status` shows its progress. A stop (SIGTERM) lets the window being committed finish. A
 * failed window is retried after SCHEDULE_RETRY_DELAY, doubling, SCHEDULE_RETRIES times; then
 * the backfill alerts and stops for this process (the scheduler goes on; a restart resumes it).
 */
import { abortablePause } from '../../contract/concurrency.ts';
import { ConfigError, InterruptedError } from '../../contract/errors.ts';
import { planWindows, type Window } from '../../contract/window.ts';
import type { BackfillTarget } from '../../load/warehouse.ts';
import { remainingParts, windowStream } from '../../pipeline/plan.ts';
import { extractAndLoad } from '../commands/shared.ts';
import type { Config } from '../config.ts';
import type { Progress } from '../progress.ts';
import type { WarehouseAccess } from '../warehouse-access.ts';
import { backfillName, backfillProgress, formatBackfillProgress } from './backfill-progress.ts';
import type { ScheduleBudget } from './budget.ts';

export interface BackfillOptions {
  readonly config: Config;
  readonly access: WarehouseAccess;
  readonly budget: ScheduleBudget;
  /** --backfill-from; --backfill-to (default: where the incremental history starts). */
  readonly from: string;
  readonly to: string | undefined;
  readonly share: number;
  readonly windowMs: number;
  readonly pseudonymisationKey: string | null;
  readonly retries: number;
  readonly retryDelayMs: number;
  /** Stops the backfill; the window being committed finishes. */
  readonly signal: AbortSignal;
  readonly log: (line: string) => void;
  /** The backfill gave up (after its retries). Must not throw. */
  readonly onFailed: (error: unknown, what: string) => Promise<void>;
  /** Formats a duration for the log (the status command's). */
  readonly formatDuration: (ms: number) => string;
}

/** An end no window reaches, to ask the ledger for every window from some start on. */
const farFuture = '9999-12-31T00:00:00.000Z';
const silent: Progress = { update: () => undefined, log: () => undefined };
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const stopped = (signal: AbortSignal): boolean => signal.aborted;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

/** A backfill budget share: a number in (0, 1]. */
export function parseShare(value: string): number {
  const share = /^\d*\.?\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(share > 0 && share <= 1)) {
    throw new ConfigError(
      `--backfill-share must be a number above 0 and at most 1 (the share of each OAuth client's request budget the backfill may use), got "${value}"`,
    );
  }
  return share;
}

/** A date or UTC timestamp given to `option`, as ISO-8601 UTC. */
export function parseInstant(value: string, option: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || !(/(Z|[+-]\d\d:?\d\d)$/.test(value) || /^\d{4}-\d{2}-\d{2}$/.test(value))) {
    throw new ConfigError(
      `${option} must be an ISO-8601 date or UTC timestamp (e.g. 2026-11-02 or 2026-11-02T00:00:00Z), got "${value}"`,
    );
  }
  return new Date(ms).toISOString();
}

/**
 * Where the incremental history starts: the start of the contiguous stretch of loaded windows
 * (final or provisional: the newest are often not final yet) that ends with the latest one; null
 * when none is loaded.
 */
export function historyStart(loaded: readonly Window[]): string | null {
  const byEndDescending = loaded
    .map((window) => [Date.parse(window.start), Date.parse(window.end)] as const)
    .sort(([, a], [, b]) => b - a);
  let start: number | undefined;
  for (const [spanStart, spanEnd] of byEndDescending) {
    if (start === undefined) start = spanStart;
    else if (spanEnd >= start) start = Math.min(start, spanStart);
    else break;
  }
  return start === undefined ? null : new Date(start).toISOString();
}

/** The range to drain: the recorded one when this is the same backfill resumed, else a new one. */
async function resolveTarget(options: BackfillOptions, now: Date): Promise<BackfillTarget | null> {
  const { access, share, windowMs } = options;
  const from = parseInstant(options.from, '--backfill-from');
  const to = options.to === undefined ? undefined : parseInstant(options.to, '--backfill-to');
  return access.use(async ({ ledger }) => {
    const recorded = await ledger.backfillTarget(backfillName);
    const resumed =
      recorded !== null &&
      recorded.from === from &&
      recorded.windowMs === windowMs &&
      (to === undefined || recorded.to === to);
    const end = resumed
      ? recorded.to
      : (to ?? historyStart(await ledger.finishedWindows(windowStream, from, farFuture)));
    if (end === null || Date.parse(end) <= Date.parse(from)) return null;
    const target: BackfillTarget = {
      from,
      to: end,
      windowMs,
      share,
      startedAt: now.toISOString(),
      finishedAt: resumed ? recorded.finishedAt : null,
    };
    await ledger.setBackfillTarget(backfillName, target);
    return target;
  });
}

/** Drains the backfill until it is done, stopped, or gave up; never throws. */
export async function runBackfill(options: BackfillOptions): Promise<void> {
  const { access, log, signal } = options;
  let target: BackfillTarget | null;
  try {
    target = await resolveTarget(options, new Date());
  } catch (error) {
    log(`backfill not started: ${messageOf(error)}`);
    await options.onFailed(error, 'the background backfill');
    return;
  }
  if (target === null) {
    log(
      `backfill: nothing to do, the incremental history starts at or before --backfill-from ${options.from}` +
        ' (or there is none yet and no --backfill-to was given)',
    );
    return;
  }
  const windows = planWindows(target.from, target.to, target.windowMs).reverse();
  let todo: Window[];
  try {
    const done = await access.use(({ ledger }) => ledger.completedWindows(windowStream));
    todo = windows.filter((window) => remainingParts(window, done).length > 0);
  } catch (error) {
    log(`backfill not started: ${messageOf(error)}`);
    await options.onFailed(error, 'the background backfill');
    return;
  }
  const already = windows.length - todo.length;
  log(
    `backfill ${target.from} → ${target.to}: ${windows.length} window(s), newest first` +
      (already > 0 ? ` (${already} already done)` : '') +
      `, on ${Math.round(target.share * 100)}% of each OAuth client's request budget`,
  );
  const progressLine = async (): Promise<string> => {
    const found = await access.use(({ ledger }) => ledger.finishedWindows(windowStream, target.from, target.to));
    return formatBackfillProgress(backfillProgress(target, found, new Date()), options.formatDuration);
  };
  for (const [index, window] of todo.entries()) {
    if (stopped(signal)) break;
    const outcome = await drainWindow(options, window, `backfill window ${index + 1}/${todo.length}`);
    if (outcome.kind === 'stopped') {
      log(`backfill stopped at ${window.start} → ${window.end}; the next scheduler resumes it`);
      return;
    }
    if (outcome.kind === 'gave up') return;
    if (outcome.kind === 'done') log(`${outcome.line}; ${await progressLine().catch(messageOf)}`);
  }
  if (stopped(signal)) {
    log('backfill stopped; the next scheduler resumes it');
    return;
  }
  const finished = { ...target, finishedAt: target.finishedAt ?? new Date().toISOString() };
  await access.use(({ ledger }) => ledger.setBackfillTarget(backfillName, finished)).catch(() => undefined);
  log(`backfill ${target.from} → ${target.to} done: ${await progressLine().catch(messageOf)}`);
}

/** How draining one window ended: done (with its log line), already done, stopped, or given up on. */
type WindowOutcome =
  { readonly kind: 'done'; readonly line: string } | { readonly kind: 'skipped' | 'stopped' | 'gave up' };

/** One window, retried. */
async function drainWindow(options: BackfillOptions, window: Window, label: string): Promise<WindowOutcome> {
  const { access, config, signal, log } = options;
  const started = Date.now();
  for (let attempt = 0; ; attempt += 1) {
    try {
      const result = await access.use(async (warehouse) => {
        const done = await warehouse.ledger.completedWindows(windowStream);
        if (remainingParts(window, done).length === 0) return undefined;
        return extractAndLoad(config, {
          command: 'backfill',
          clients: options.budget.backfill(silent),
          windows: [window],
          pseudonymisationKey: options.pseudonymisationKey,
          progress: silent,
          parallel: 1,
          skipCompleted: true,
          runLevelStreams: false,
          signal,
          warehouse,
        });
      });
      if (result === undefined) return { kind: 'skipped' };
      const conversations = result.reconciliation.find((line) => line.stream === windowStream)?.loaded ?? 0;
      return {
        kind: 'done',
        line:
          `${label} ${window.start} → ${window.end} done in ${seconds(Date.now() - started)}: ` +
          `${conversations} conversations, ${result.apiRequests} API requests, run ${result.runId}`,
      };
    } catch (error) {
      if (signal.aborted || error instanceof InterruptedError) return { kind: 'stopped' };
      if (attempt >= options.retries) {
        log(`${label} ${window.start} → ${window.end} failed after ${attempt + 1} attempt(s): ${messageOf(error)}`);
        log('backfill gave up; the scheduler goes on, and the next scheduler resumes the backfill');
        await options.onFailed(error, `the background backfill (window ${window.start} → ${window.end})`);
        return { kind: 'gave up' };
      }
      const delay = options.retryDelayMs * 2 ** attempt;
      log(`${label} attempt ${attempt + 1} failed (${messageOf(error)}); retrying in ${seconds(delay)}`);
      await abortablePause(delay, signal);
      if (stopped(signal)) return { kind: 'stopped' };
    }
  }
}
