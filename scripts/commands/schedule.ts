/**
 * `genesys-etl schedule`: a long-running process that runs `run` on SCHEDULE_CRON (ticks:
 * scripts/schedule/scheduler.ts). It holds the warehouse lease for its lifetime, so a second
 * scheduler or a manual run on the same warehouse is refused (exit 4) while it lives; the lease
 * is renewed through the process's warehouse access (a DuckDB file is opened only while a tick
 * or a renewal needs it, and closed before dbt). Each tick continues from the ledger, so the
 * first tick after downtime catches up. On SIGTERM the window being committed finishes and the
 * process exits 0. Alerts (ALERT_WEBHOOK_URL) fire on a tick that failed for good, on stale
 * streams and on a compliance gap after dbt.
 *
 * With --backfill-from it also drains a backfill in the background (scripts/schedule/backfill.ts),
 * on at most --backfill-share of each OAuth client's request budget (scripts/schedule/budget.ts;
 * the ticks use the rest), starting once the incremental history exists (at once when the ledger
 * has some, else after the first tick that succeeded), so that it never runs ahead of the tick
 * whose history it ends at.
 */
import { InterruptedError, LeaseHeldError } from '../../contract/errors.ts';
import { parseDuration } from '../../contract/window.ts';
import { windowStream } from '../../pipeline/plan.ts';
import { alertAfterRun } from '../alerts/after-run.ts';
import { failureAlert } from '../alerts/checks.ts';
import { createAlerter } from '../alerts/webhook.ts';
import { requireCredentials, requirePseudonymisationKey, type Config } from '../config.ts';
import { takeLease } from '../lease.ts';
import type { Progress } from '../progress.ts';
import { runBackfill } from '../schedule/backfill.ts';
import { scheduleBudget } from '../schedule/budget.ts';
import { runScheduler } from '../schedule/scheduler.ts';
import { formatLag } from './status.ts';
import { accessFor, run, type RunResult } from './run.ts';

export interface ScheduleOptions {
  readonly window: string;
  readonly parallel: number;
  readonly skipDbt: boolean;
  /** Where the first tick starts when the ledger has no completed window yet (else: the run default). */
  readonly from: string | undefined;
  /** Aborted on SIGTERM / SIGINT: the tick in flight lets its committing windows finish. */
  readonly signal: AbortSignal;
  /** Where the log lines go (stdout, one timestamped line each, by default). */
  readonly log?: (line: string) => void;
  /** A backfill to drain in the background (--backfill-from, --backfill-to, --backfill-share). */
  readonly backfill?: { readonly from: string; readonly to: string | undefined; readonly share: number } | undefined;
}

const silent: Progress = { update: () => undefined, log: () => undefined };

function summarise(result: RunResult): string {
  const { windows } = result.plan;
  const pipeline = result.pipeline;
  const first = windows[0];
  const last = windows.at(-1);
  const range = first === undefined || last === undefined ? 'no window' : `${first.start} → ${last.end}`;
  if (pipeline === undefined) return `${windows.length} window(s) ${range}`;
  const loaded = pipeline.reconciliation.reduce((sum, line) => sum + line.loaded, 0);
  const quarantined = pipeline.reconciliation.reduce((sum, line) => sum + line.quarantined, 0);
  return (
    `${windows.length} window(s) ${range}, ${pipeline.windowsExtracted} extracted, ${loaded} rows loaded, ` +
    `${quarantined} quarantined, ${pipeline.apiRequests} API requests, run ${pipeline.runId}` +
    (result.dbtBuilt ? ', dbt build done' : '')
  );
}

export async function scheduleCommand(config: Config, options: ScheduleOptions): Promise<void> {
  const log =
    options.log ??
    ((line: string) => {
      process.stdout.write(`${new Date().toISOString()} ${line}\n`);
    });
  // Fail at start, not at the first tick, when credentials or the key are missing (exit 2).
  requireCredentials(config);
  const key = requirePseudonymisationKey(config);
  const windowMs = parseDuration(options.window, '--window');
  const access = accessFor(config);
  // One budget per OAuth client for the process: the ticks' and the backfill's requests share it.
  const budget = scheduleBudget(config, options.backfill?.share ?? 1);
  const alerter = createAlerter(config.alerts, config.warehousePath, log);
  const stop = new AbortController();
  const forward = (): void => {
    stop.abort(new InterruptedError('the scheduler was stopped'));
  };
  if (options.signal.aborted) forward();
  options.signal.addEventListener('abort', forward, { once: true });
  let lost: LeaseHeldError | undefined;
  const lease = await takeLease(access, {
    role: 'schedule',
    ttlMs: config.leaseTtlMs,
    log,
    onLost(message) {
      lost = new LeaseHeldError(message);
      stop.abort(new InterruptedError('the scheduler lost its lease'));
    },
  });
  log(`holding the warehouse lease as ${lease.holderId} (LEASE_TTL ${config.leaseTtlMs / 1000}s)`);
  let backfill: Promise<void> = Promise.resolve();
  let startBackfill: (() => void) | undefined;
  try {
    const wanted = options.backfill;
    if (wanted !== undefined) {
      const start = (): void => {
        backfill = runBackfill({
          config,
          access,
          budget,
          ...wanted,
          windowMs,
          pseudonymisationKey: key,
          retries: config.schedule.retries,
          retryDelayMs: config.schedule.retryDelayMs,
          signal: stop.signal,
          log,
          onFailed: async (error, what) => {
            await alerter.fire(failureAlert(error, what));
          },
          formatDuration: formatLag,
        });
      };
      const hasHistory =
        (await access.use((warehouse) => warehouse.ledger.lastCompletedWindowEnd(windowStream))) !== null;
      if (hasHistory) start();
      else {
        log('backfill: starts once the first tick has loaded the incremental history it ends at');
        startBackfill = start;
      }
    }
    await runScheduler({
      ...config.schedule,
      signal: stop.signal,
      log,
      tick: async (signal) => {
        const now = new Date();
        const hasHistory =
          (await access.use((warehouse) => warehouse.ledger.lastCompletedWindowEnd(windowStream))) !== null;
        const result = await run(config, {
          command: 'run',
          from: hasHistory ? undefined : options.from,
          to: undefined,
          window: options.window,
          parallel: options.parallel,
          dryRun: false,
          skipDbt: options.skipDbt,
          signal,
          access,
          progress: silent,
          out: () => undefined,
          clients: (progress) => budget.incremental(progress),
        });
        if (startBackfill !== undefined) {
          startBackfill();
          startBackfill = undefined;
        }
        await alertAfterRun(config, access, alerter, { dbtBuilt: result.dbtBuilt, now, log });
        return summarise(result);
      },
      onFailed: async (error, tick) => {
        await alerter.fire(failureAlert(error, `scheduled tick ${tick}`));
      },
    });
  } finally {
    // The scheduler stopped: the backfill stops too, once its window being committed is in.
    if (!stop.signal.aborted) stop.abort(new InterruptedError('the scheduler stopped'));
    await backfill;
    options.signal.removeEventListener('abort', forward);
    await lease.release();
  }
  if (lost !== undefined) throw lost;
  log('stopped: the lease is released');
}
