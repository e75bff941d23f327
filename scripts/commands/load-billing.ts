/**
 * `genesys-etl load-billing FILE.csv`: validates finance's billing file, quarantines its bad lines
 * with reasons and loads the others into raw_finance__billed_interactions, through the stage and
 * warehouse the configuration names (DuckDB or BigQuery). The same file loads once.
 */
import { loadBillingFile, type BillingLoadResult } from '../../pipeline/load-billing.ts';
import { newRunId } from '../../pipeline/run-pipeline.ts';
import type { Config } from '../config.ts';
import { createProgress } from '../progress.ts';
import { buildModels, openStage, withWarehouse } from './shared.ts';

export interface LoadBillingOptions {
  readonly path: string;
  /** Run dbt build after the load, so the marts show the file. */
  readonly build: boolean;
  /** Print the outcome on stdout (default true). */
  readonly print?: boolean;
}

export function formatBillingLoad(result: BillingLoadResult): string {
  const counts = `${result.read} lines read = ${result.loaded} loaded + ${result.quarantined} quarantined`;
  if (result.alreadyLoaded) {
    return (
      `${result.fileName}: already loaded by run ${result.runId} at ${result.loadedAt} (sha256 ${result.sha256.slice(0, 12)}…, ` +
      `${counts}); nothing loaded again.\n`
    );
  }
  const quarantine =
    result.quarantined > 0
      ? `\n  the quarantined lines and their reasons: select record_key, reason from etl_quarantine where stream = 'billed_interactions' and record_key like '${result.fileName}:%'`
      : '';
  return `${result.fileName}: ${counts} (run ${result.runId}, sha256 ${result.sha256.slice(0, 12)}…)${quarantine}\n`;
}

export async function loadBillingCommand(config: Config, options: LoadBillingOptions): Promise<BillingLoadResult> {
  const runId = newRunId();
  const result = await withWarehouse(config, (warehouse) =>
    loadBillingFile({
      runId,
      path: options.path,
      warehouse,
      openStage: () => openStage(config, runId, warehouse.parquetConverter),
    }),
  );
  if (options.print !== false) process.stdout.write(formatBillingLoad(result));
  if (options.build) await buildModels(config, createProgress());
  return result;
}
