/**
 * `npm run bench [-- --scenario NAME] [--days N] [--json]`: end-to-end throughput of
 * extract → stage → load against the in-process sandbox with the rate limit off. Prints
 * conversations per second, API requests per conversation and peak RSS; with --json the last
 * line is one JSON object with every figure.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadScenario, startSandbox } from '../sandbox/index.ts';
import { sandboxClient, scenarioWindows } from './commands/sandbox-wiring.ts';
import { extractAndLoad } from './commands/shared.ts';
import { parseConfig } from './config.ts';
import type { Progress } from './progress.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'small' },
      days: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const scenario = await loadScenario(values.scenario);
  const days = values.days === undefined ? scenario.days : Math.min(scenario.days, Number(values.days));
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-bench-'));
  const sandbox = await startSandbox({
    scenario: { ...scenario, limits: { ...scenario.limits, requestsPerMinute: 0 } },
  });
  const quiet: Progress = { update: () => undefined, log: () => undefined };
  try {
    const config = parseConfig(
      {
        STAGE_URI: `file://${dir}/stage`,
        WAREHOUSE_URI: `duckdb://${dir}/warehouse.duckdb`,
        GENESYS_RECORDING_CONCURRENCY: '16',
      },
      dir,
    );
    const client = sandboxClient(config, sandbox, quiet, 0);
    const windows = scenarioWindows(scenario, days);
    const started = performance.now();
    const result = await extractAndLoad(config, {
      command: 'bench',
      client,
      windows,
      pseudonymisationKey: 'bench-key-not-a-secret',
      progress: quiet,
      jobPollMs: 10,
    });
    const seconds = (performance.now() - started) / 1000;
    const conversations = result.counts.conversations?.received ?? 0;
    const figures = {
      scenario: scenario.name,
      days,
      conversations,
      seconds: Number(seconds.toFixed(2)),
      conversationsPerSecond: Number((conversations / seconds).toFixed(1)),
      apiRequests: result.apiRequests,
      requestsPerConversation: Number((result.apiRequests / Math.max(1, conversations)).toFixed(3)),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    process.stdout.write(
      [
        `scenario ${figures.scenario}, ${days} day(s), rate limit off`,
        `  conversations:            ${figures.conversations}`,
        `  end to end:               ${figures.seconds} s (${figures.conversationsPerSecond} conversations/s)`,
        `  API requests:             ${figures.apiRequests} (${figures.requestsPerConversation} per conversation)`,
        `  peak RSS:                 ${figures.peakRssMiB} MiB`,
        '',
      ].join('\n'),
    );
    if (values.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
