/**
 * `genesys-etl demo` (what `npm start` runs): the whole pipeline on the embedded default. The
 * sandbox starts in-process on a free loopback port, the scenario's days are extracted through
 * the real SDK, staged as Parquet, loaded into DuckDB, the scenario's billing file is written and
 * loaded (load-billing), dbt builds the marts, and a summary read from the marts is printed; it
 * ends by writing the report (genesys-etl report) beside the warehouse and printing its path.
 */
import { dirname, join } from 'node:path';
import { ConfigError } from '../../contract/errors.ts';
import { loadScenario, startSandbox, writeBillingFile } from '../../sandbox/index.ts';
import type { Config } from '../config.ts';
import { createProgress } from '../progress.ts';
import { formatSummary, readSummary } from '../summary.ts';
import { sandboxClient, scenarioWindows } from './sandbox-wiring.ts';
import { formatBillingLoad, loadBillingCommand } from './load-billing.ts';
import { writeReport } from './report.ts';
import { buildModels, extractAndLoad } from './shared.ts';

/** Used only when PSEUDONYMISATION_KEY is unset: the sandbox's data is synthetic. */
const demoKey = 'genesys-etl-demo-key-synthetic-data-only';

/**
 * The demo runs on the embedded path only: its summary reads the marts from the DuckDB file, and a
 * synthetic org's rows do not belong in a production dataset. Checked before anything runs.
 */
export function checkDemoWarehouse(config: Config): void {
  if (config.warehouse.kind === 'duckdb') return;
  throw new ConfigError(
    `demo runs on the embedded DuckDB warehouse only (its closing summary reads the marts from the DuckDB file, ` +
      `and the sandbox's synthetic data does not belong in a production dataset), but WAREHOUSE_URI is ` +
      `bigquery://${config.warehouse.projectId}/${config.warehouse.dataset}. Run the demo without WAREHOUSE_URI and ` +
      'STAGE_URI (the defaults); on BigQuery use `genesys-etl run` or `backfill`, `genesys-etl status` for the ' +
      `ledger, and the queries in scripts/summary.ts against the dataset ${config.dbtSchemas.marts}.`,
  );
}

export async function demo(config: Config, options: { scenario: string }): Promise<void> {
  checkDemoWarehouse(config);
  const progress = createProgress();
  const started = Date.now();
  const scenario = await loadScenario(options.scenario);
  const sandbox = await startSandbox({ scenario });
  progress.log(
    `sandbox "${scenario.name}" listening on ${sandbox.url} (${scenario.days} days, org ${scenario.regionHost})`,
  );
  try {
    const result = await extractAndLoad(config, {
      command: 'demo',
      clients: [sandboxClient(config, sandbox, progress, scenario.limits.requestsPerMinute)],
      windows: scenarioWindows(scenario),
      pseudonymisationKey: config.pseudonymisationKey === undefined ? demoKey : config.pseudonymisationKey,
      progress,
      jobPollMs: 50,
    });
    for (const line of result.reconciliation) {
      progress.log(
        `  ${line.stream.padEnd(20)} received ${String(line.received).padStart(7)} = loaded ${String(line.loaded).padStart(7)} + quarantined ${line.quarantined}`,
      );
    }
  } finally {
    await sandbox.close();
  }
  // Finance's side: the scenario's billing file, loaded as `genesys-etl load-billing` would.
  const billingPath = join(dirname(config.stageDir), 'billing', `billing-${scenario.name}.csv`);
  await writeBillingFile(scenario, billingPath);
  progress.log(`billing file ${billingPath} written; loading it`);
  const billing = await loadBillingCommand(config, { path: billingPath, build: false, print: false });
  progress.log(`  ${formatBillingLoad(billing).trimEnd()}`);
  await buildModels({ ...config, orgTimezone: scenario.orgTimeZone }, progress);
  const marts = config.dbtSchemas.marts;
  process.stdout.write(
    formatSummary(await readSummary(config.warehousePath, marts, config.duckdb), config.warehousePath, marts),
  );
  const report = await writeReport(config, { out: join(dirname(config.warehousePath), 'report.html') });
  process.stdout.write(`Report (open it in a browser): ${report.path}\n`);
  progress.log(`demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
