/**
 * `genesys-etl demo` (what `npm start` runs): the whole pipeline on the embedded default. The
 * sandbox starts in-process on a free loopback port, the scenario's days are extracted through
 * the real SDK, staged as Parquet, loaded into DuckDB, dbt builds the marts, and a summary read
 * from the marts is printed; it ends by writing the report (genesys-etl report) beside the
 * warehouse and printing its path.
 */
import { dirname, join } from 'node:path';
import { loadScenario, startSandbox } from '../../sandbox/index.ts';
import type { Config } from '../config.ts';
import { createProgress } from '../progress.ts';
import { formatSummary, readSummary } from '../summary.ts';
import { sandboxClient, scenarioWindows } from './sandbox-wiring.ts';
import { writeReport } from './report.ts';
import { buildModels, extractAndLoad } from './shared.ts';

/** Used only when PSEUDONYMISATION_KEY is unset: the sandbox's data is synthetic. */
const demoKey = 'genesys-etl-demo-key-synthetic-data-only';

export async function demo(config: Config, options: { scenario: string }): Promise<void> {
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
  await buildModels({ ...config, orgTimezone: scenario.orgTimeZone }, progress);
  const marts = config.dbtSchemas.marts;
  process.stdout.write(formatSummary(await readSummary(config.warehousePath, marts), config.warehousePath, marts));
  const report = await writeReport(config, { out: join(dirname(config.warehousePath), 'report.html') });
  process.stdout.write(`Report (open it in a browser): ${report.path}\n`);
  progress.log(`demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
