/**
 * `genesys-etl run` and `backfill`: extract → stage → load for [from, to) in windows, then dbt build.
 * `run` without --from continues from the last completed window minus the look-back; `backfill`
 * prints its plan (`--dry-run` stops there) and skips the windows earlier runs completed.
 */
import { ConfigError } from '../../contract/errors.ts';
import { parseDuration } from '../../contract/window.ts';
import { formatLoadJobEstimate } from '../../pipeline/load-batch.ts';
import { formatPlan, planRun as planFromLedger, type RunPlan } from '../../pipeline/plan.ts';
import { requireCredentials, requirePseudonymisationKey, type Config } from '../config.ts';
import { createProgress } from '../progress.ts';
import { buildModels, clientFor, extractAndLoad, withWarehouse } from './shared.ts';

export interface RunOptions {
  readonly command: 'run' | 'backfill';
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly window: string;
  readonly parallel: number;
  readonly dryRun: boolean;
  readonly skipDbt: boolean;
  readonly now?: Date;
  /** Aborting it interrupts the run: windows being committed finish, the others are abandoned. */
  readonly signal?: AbortSignal | undefined;
}

/** The windows a command will extract, and which of them earlier runs completed (asked of the ledger). */
export function planRun(config: Config, options: RunOptions): Promise<RunPlan> {
  const stepMs = parseDuration(options.window, '--window');
  return withWarehouse(config, (warehouse) =>
    planFromLedger(warehouse.ledger, {
      from: options.from,
      to: options.to,
      stepMs,
      lookbackMs: config.lookbackMs,
      now: options.now ?? new Date(),
    }),
  );
}

export async function run(config: Config, options: RunOptions): Promise<void> {
  if (options.command === 'backfill' && (options.from === undefined || options.to === undefined)) {
    throw new ConfigError('backfill needs --from and --to (ISO dates, e.g. --from 2026-11-01 --to 2026-11-15)');
  }
  if (!Number.isInteger(options.parallel) || options.parallel < 1 || options.parallel > 16) {
    throw new ConfigError(`--parallel must be a whole number from 1 to 16, got ${options.parallel}`);
  }
  const plan = await planRun(config, options);
  process.stdout.write(formatPlan(plan, options.command));
  if (config.warehouse.kind === 'bigquery' && plan.windows.length > 0) {
    process.stdout.write(formatLoadJobEstimate(plan.windows.length, config.bigqueryLoadBatching));
  }
  if (options.dryRun) return;
  const [first, ...others] = requireCredentials(config);
  const key = requirePseudonymisationKey(config);
  const progress = createProgress();
  await extractAndLoad(config, {
    command: options.command,
    clients: [
      clientFor(config, first, progress),
      ...others.map((credentials) => clientFor(config, credentials, progress)),
    ],
    windows: plan.windows,
    pseudonymisationKey: key,
    progress,
    // Every OAuth client gets at least one window at a time.
    parallel: Math.max(options.parallel, others.length + 1),
    skipCompleted: options.command === 'backfill',
    signal: options.signal,
    now: options.now,
  });
  if (!options.skipDbt) await buildModels(config, progress);
}
