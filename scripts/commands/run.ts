/**
 * `genesys-etl run` and `backfill`: extract → stage → load for [from, to) in windows, then dbt build.
 * `run` without --from continues from the last completed window minus the look-back; `backfill`
 * prints its plan (`--dry-run` stops there) and skips the windows earlier runs completed.
 * The warehouse is reached through a WarehouseAccess, so a scheduler running this beside its
 * backfill and its lease renewal shares one DuckDB instance and closes it before dbt.
 */
import { ConfigError } from '../../contract/errors.ts';
import { parseDuration } from '../../contract/window.ts';
import type { GenesysClient } from '../../extract/genesys/client.ts';
import { formatLoadJobEstimate } from '../../pipeline/load-batch.ts';
import { formatPlan, planRun as planFromLedger, type RunPlan } from '../../pipeline/plan.ts';
import type { PipelineResult } from '../../pipeline/run-pipeline.ts';
import { requireCredentials, requirePseudonymisationKey, type Config } from '../config.ts';
import { createProgress, type Progress } from '../progress.ts';
import { warehouseAccess, type WarehouseAccess } from '../warehouse-access.ts';
import { buildModels, clientFor, extractAndLoad, openWarehouse } from './shared.ts';

export interface RunOptions {
  readonly command: 'run' | 'backfill';
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly window: string;
  readonly parallel: number;
  readonly dryRun: boolean;
  readonly skipDbt: boolean;
  /** dbt build --full-refresh: the incremental models rebuilt from all history (default false). */
  readonly fullRefresh?: boolean | undefined;
  readonly now?: Date;
  /** Aborting it interrupts the run: windows being committed finish, the others are abandoned. */
  readonly signal?: AbortSignal | undefined;
  /** The process's access to the warehouse (a scheduler shares one); a new one by default. */
  readonly access?: WarehouseAccess | undefined;
  /** Progress output (stderr by default) and where the plan is printed (stdout by default). */
  readonly progress?: Progress | undefined;
  readonly out?: ((text: string) => void) | undefined;
  /** The OAuth clients to extract with (a scheduler's, on its shared budget); made from the config by default. */
  readonly clients?: ((progress: Progress) => readonly [GenesysClient, ...GenesysClient[]]) | undefined;
}

export interface RunResult {
  readonly plan: RunPlan;
  /** Undefined for a dry run. */
  readonly pipeline: PipelineResult | undefined;
  readonly dbtBuilt: boolean;
}

/** A WarehouseAccess opening the configured warehouse (exclusion for dbt only on a local DuckDB file). */
export const accessFor = (config: Config): WarehouseAccess =>
  warehouseAccess(() => openWarehouse(config), { exclusion: config.warehouse.kind === 'duckdb' });

/** The windows a command will extract, and which of them earlier runs completed (asked of the ledger). */
export function planRun(config: Config, options: RunOptions): Promise<RunPlan> {
  const stepMs = parseDuration(options.window, '--window');
  const access = options.access ?? accessFor(config);
  return access.use((warehouse) =>
    planFromLedger(warehouse.ledger, {
      from: options.from,
      to: options.to,
      stepMs,
      lookbackMs: config.lookbackMs,
      now: options.now ?? new Date(),
    }),
  );
}

export async function run(config: Config, options: RunOptions): Promise<RunResult> {
  if (options.command === 'backfill' && (options.from === undefined || options.to === undefined)) {
    throw new ConfigError('backfill needs --from and --to (ISO dates, e.g. --from 2026-11-01 --to 2026-11-15)');
  }
  if (!Number.isInteger(options.parallel) || options.parallel < 1 || options.parallel > 16) {
    throw new ConfigError(`--parallel must be a whole number from 1 to 16, got ${options.parallel}`);
  }
  const access = options.access ?? accessFor(config);
  const plan = await planRun(config, { ...options, access });
  const out =
    options.out ??
    ((text: string) => {
      process.stdout.write(text);
    });
  out(formatPlan(plan, options.command));
  if (config.warehouse.kind === 'bigquery' && plan.windows.length > 0) {
    out(formatLoadJobEstimate(plan.windows.length, config.bigqueryLoadBatching));
  }
  if (options.dryRun) return { plan, pipeline: undefined, dbtBuilt: false };
  const [first, ...others] = requireCredentials(config);
  const key = requirePseudonymisationKey(config);
  const progress = options.progress ?? createProgress();
  const clients = options.clients?.(progress) ?? [
    clientFor(config, first, progress),
    ...others.map((credentials) => clientFor(config, credentials, progress)),
  ];
  const pipeline = await access.use((warehouse) =>
    extractAndLoad(config, {
      command: options.command,
      clients,
      windows: plan.windows,
      pseudonymisationKey: key,
      progress,
      // Every OAuth client gets at least one window at a time.
      parallel: Math.max(options.parallel, others.length + 1),
      skipCompleted: options.command === 'backfill',
      signal: options.signal,
      now: options.now,
      warehouse,
    }),
  );
  if (options.skipDbt) return { plan, pipeline, dbtBuilt: false };
  options.signal?.throwIfAborted();
  await access.exclusive(() => buildModels(config, progress, { fullRefresh: options.fullRefresh === true }));
  return { plan, pipeline, dbtBuilt: true };
}
