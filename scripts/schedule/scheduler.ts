/**
 * The tick loop of `genesys-etl schedule`: node-cron fires on SCHEDULE_CRON in SCHEDULE_TIMEZONE;
 * each tick runs the work once. Ticks never overlap: a tick that fires while the previous one
 * (or its retries) still runs is skipped and logged, and the next tick continues from the
 * ledger, so nothing is lost. A failed tick is retried after SCHEDULE_RETRY_DELAY, doubling
 * each time, SCHEDULE_RETRIES times, then reported (onFailed) and left to the next tick. One
 * line per tick is logged. Stopping (the signal) stops the cron task and waits for the tick in
 * flight, whose work sees the same signal (windows being committed finish).
 */
import { abortablePause } from '../../contract/concurrency.ts';
import { schedule as cronSchedule } from 'node-cron';

export interface SchedulerOptions {
  readonly cron: string;
  readonly timezone: string;
  readonly retries: number;
  readonly retryDelayMs: number;
  /** Stops the scheduler; the tick in flight sees it too. */
  readonly signal: AbortSignal;
  /** One run; resolves to a one-line summary. */
  readonly tick: (signal: AbortSignal) => Promise<string>;
  /** A tick failed for good (after its retries). Must not throw. */
  readonly onFailed: (error: unknown, tick: number) => Promise<void>;
  readonly log: (line: string) => void;
}

/** Read through a call, so the check after an await is not narrowed away. */
const stopped = (signal: AbortSignal): boolean => signal.aborted;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Runs until `signal` aborts and the tick in flight has settled. */
export async function runScheduler(options: SchedulerOptions): Promise<void> {
  const { signal, log } = options;
  let ticks = 0;
  let inFlight: { readonly tick: number; readonly done: Promise<void> } | undefined;

  const runTick = async (tick: number): Promise<void> => {
    const started = Date.now();
    for (let attempt = 0; ; attempt += 1) {
      try {
        const summary = await options.tick(signal);
        log(`tick ${tick} succeeded in ${seconds(Date.now() - started)}: ${summary}`);
        return;
      } catch (error) {
        if (signal.aborted) {
          log(`tick ${tick} interrupted after ${seconds(Date.now() - started)}: windows being committed finished`);
          return;
        }
        if (attempt >= options.retries) {
          log(
            `tick ${tick} failed after ${attempt + 1} attempt(s) in ${seconds(Date.now() - started)}: ${messageOf(error)}`,
          );
          await options.onFailed(error, tick);
          return;
        }
        const delay = options.retryDelayMs * 2 ** attempt;
        log(`tick ${tick} attempt ${attempt + 1} failed (${messageOf(error)}); retrying in ${seconds(delay)}`);
        await abortablePause(delay, signal);
        if (stopped(signal)) {
          log(`tick ${tick} stopped before its retry`);
          return;
        }
      }
    }
  };

  const fire = (): void => {
    if (signal.aborted) return;
    ticks += 1;
    if (inFlight !== undefined) {
      log(`tick ${ticks} skipped: tick ${inFlight.tick} is still running (the next tick continues from the ledger)`);
      return;
    }
    const tick = ticks;
    const done = runTick(tick).finally(() => {
      inFlight = undefined;
    });
    inFlight = { tick, done };
  };

  const task = cronSchedule(options.cron, fire, {
    timezone: options.timezone,
    name: 'genesys-etl schedule',
    suppressMissedWarning: true,
  });
  const next = task.getNextRun();
  log(
    `scheduled "${options.cron}" (${options.timezone}); next tick at ${next === null ? 'never' : next.toISOString()}`,
  );
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else
      signal.addEventListener(
        'abort',
        () => {
          resolve();
        },
        { once: true },
      );
  });
  await task.stop();
  await task.destroy();
  await inFlight?.done;
}
