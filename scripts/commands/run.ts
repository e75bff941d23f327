/**
 * `genesys-etl run` and `backfill`: extract → stage → load for [from, to) in windows, then dbt build.
 * `run` without --from continues from the last completed window minus the look-back; `backfill`
 * prints its plan (`--dry-run` stops there) and skips the windows earlier runs completed.
 */
import { ConfigError } from '../../contract/errors.ts';
import { parseDuration, planWindows, type Window } from '../../contract/window.ts';
import { openDuckdbWarehouse } from '../../load/duckdb-warehouse.ts';
import { requireCredentials, requirePseudonymisationKey, type Config } from '../config.ts';
import { createProgress } from '../progress.ts';
import { conversationWindowStream } from '../run-pipeline.ts';
import { buildModels, clientFor, extractAndLoad } from './shared.ts';

export interface RunOptions {
  readonly command: 'run' | 'backfill';
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly window: string;
  readonly parallel: number;
  readonly dryRun: boolean;
  readonly skipDbt: boolean;
  readonly now?: Date;
}

export interface RunPlan {
  readonly windows: readonly Window[];
  readonly done: ReadonlySet<string>;
}

/** The windows a command will extract, and which of them earlier runs completed. */
export async function planRun(config: Config, options: RunOptions): Promise<RunPlan> {
  const step = parseDuration(options.window, '--window');
  const warehouse = await openDuckdbWarehouse(config.warehousePath);
  try {
    const now = (options.now ?? new Date()).getTime();
    const to = options.to ?? new Date(Math.floor(now / step) * step).toISOString();
    let from = options.from;
    if (from === undefined) {
      const lastEnd = await warehouse.lastSucceededWindowEnd(conversationWindowStream);
      const base = lastEnd === null ? Date.parse(to) - step : Date.parse(lastEnd) - config.lookbackMs;
      from = new Date(Math.floor(base / step) * step).toISOString();
    }
    const done = await warehouse.succeededWindows(conversationWindowStream);
    return { windows: planWindows(from, to, step), done };
  } finally {
    warehouse.close();
  }
}

export function formatPlan(plan: RunPlan, command: RunOptions['command']): string {
  const lines = plan.windows.map((window) => {
    const finished = plan.done.has(`${window.start}|${window.end}`);
    const action = finished ? (command === 'backfill' ? 'skip (done)' : 're-extract (look-back)') : 'extract';
    return `  ${window.start} → ${window.end}  ${action}`;
  });
  return `${command} plan: ${plan.windows.length} window(s)\n${lines.join('\n')}\n`;
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
    skipSucceeded: options.command === 'backfill',
  });
  if (!options.skipDbt) await buildModels(config, progress);
}
