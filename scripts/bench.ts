/**
 * `npm run bench [-- --scenario NAME] [--days N] [--rate-limit 600] [--client-rate-limit N] [--duration 60] [--json]`
 *
 * 1. Throughput: extract → stage → load of the scenario's days against the in-process sandbox
 *    with the rate limit off: conversations per second, API requests per conversation, peak RSS.
 * 2. Rate limit: the sandbox enforces --rate-limit requests a minute per token and the client is
 *    configured with the same budget (or --client-rate-limit, to see it adapt to a smaller real
 *    budget than configured); after --duration seconds the run is stopped and the bench reports
 *    the share of the allowed budget used and the 429s received. `--rate-limit 0` skips it.
 * With --json the last line is one JSON object holding every figure.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createGenesysClient } from '../extract/genesys/client.ts';
import { loadScenario, startSandbox, type Scenario } from '../sandbox/index.ts';
import { sandboxClient, sandboxGateway, scenarioWindows } from './commands/sandbox-wiring.ts';
import { extractAndLoad } from './commands/shared.ts';
import { parseConfig, type Config } from './config.ts';
import type { Progress } from './progress.ts';

const quiet: Progress = { update: () => undefined, log: () => undefined };
const key = 'bench-key-not-a-secret';

async function withWorkspace<T>(work: (config: Config) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-bench-'));
  try {
    return await work(
      parseConfig(
        {
          STAGE_URI: `file://${dir}/stage`,
          WAREHOUSE_URI: `duckdb://${dir}/warehouse.duckdb`,
          GENESYS_RECORDING_CONCURRENCY: '16',
        },
        dir,
      ),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function throughput(scenario: Scenario, days: number) {
  const sandbox = await startSandbox({
    scenario: { ...scenario, limits: { ...scenario.limits, requestsPerMinute: 0 } },
  });
  try {
    return await withWorkspace(async (config) => {
      const started = performance.now();
      const result = await extractAndLoad(config, {
        command: 'bench',
        clients: [sandboxClient(config, sandbox, quiet, 0)],
        windows: scenarioWindows(scenario, days),
        pseudonymisationKey: key,
        progress: quiet,
        jobPollMs: 10,
      });
      const seconds = (performance.now() - started) / 1000;
      const conversations = result.reconciliation.find((line) => line.stream === 'conversations')?.received ?? 0;
      return {
        conversations,
        seconds: Number(seconds.toFixed(2)),
        conversationsPerSecond: Number((conversations / seconds).toFixed(1)),
        apiRequests: result.apiRequests,
        requestsPerConversation: Number((result.apiRequests / Math.max(1, conversations)).toFixed(3)),
      };
    });
  } finally {
    await sandbox.close();
  }
}

async function rateLimited(
  scenario: Scenario,
  requestsPerMinute: number,
  clientRequestsPerMinute: number,
  durationSeconds: number,
) {
  const sandbox = await startSandbox({ scenario: { ...scenario, limits: { ...scenario.limits, requestsPerMinute } } });
  const stop = new AbortController();
  try {
    return await withWorkspace(async (config) => {
      const client = createGenesysClient({
        regionHost: config.genesys.regionHost,
        gateway: sandboxGateway(sandbox),
        clientId: sandbox.clientId,
        clientSecret: sandbox.clientSecret,
        requestsPerMinute: clientRequestsPerMinute,
        signal: stop.signal,
      });
      const timer = setTimeout(() => {
        stop.abort(new Error('bench duration reached'));
      }, durationSeconds * 1000);
      const run = extractAndLoad(config, {
        command: 'bench',
        clients: [client],
        windows: scenarioWindows(scenario),
        pseudonymisationKey: key,
        progress: quiet,
        jobPollMs: 500,
      }).catch((error: unknown) => {
        if (!stop.signal.aborted) throw error;
      });
      await run;
      clearTimeout(timer);
      const sent = client.stats.requests;
      const allowed = (requestsPerMinute * durationSeconds) / 60;
      return {
        requestsPerMinute,
        clientRequestsPerMinute,
        durationSeconds,
        requestsSent: sent,
        requestsAccepted: sent - client.stats.rateLimited,
        budgetShareUsed: Number(((sent - client.stats.rateLimited) / allowed).toFixed(3)),
        responses429: client.stats.rateLimited,
      };
    });
  } finally {
    await sandbox.close();
  }
}

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'default' },
    days: { type: 'string', default: '3' },
    'rate-limit': { type: 'string', default: '600' },
    'client-rate-limit': { type: 'string' },
    duration: { type: 'string', default: '60' },
    json: { type: 'boolean', default: false },
  },
});
const scenario = await loadScenario(values.scenario);
const days = Math.min(scenario.days, Number(values.days));
const limit = Number(values['rate-limit']);
const clientLimit = Number(values['client-rate-limit'] ?? limit);
const duration = Number(values.duration);

const fast = await throughput(scenario, days);
process.stdout.write(
  [
    `throughput: scenario ${scenario.name}, ${days} day(s), rate limit off`,
    `  conversations:            ${fast.conversations}`,
    `  end to end:               ${fast.seconds} s (${fast.conversationsPerSecond} conversations/s)`,
    `  API requests:             ${fast.apiRequests} (${fast.requestsPerConversation} per conversation)`,
    '',
  ].join('\n'),
);
const limited = limit > 0 ? await rateLimited(scenario, limit, clientLimit, duration) : null;
if (limited !== null) {
  process.stdout.write(
    [
      `rate limit: ${limited.requestsPerMinute} requests/min for ${limited.durationSeconds} s` +
        ` (client configured for ${limited.clientRequestsPerMinute})`,
      `  requests sent:            ${limited.requestsSent} (${limited.requestsAccepted} accepted)`,
      `  share of budget used:     ${(limited.budgetShareUsed * 100).toFixed(1)}%`,
      `  429 responses:            ${limited.responses429}`,
      '',
    ].join('\n'),
  );
}
const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`peak RSS: ${peakRssMiB} MiB\n`);
if (values.json) {
  process.stdout.write(
    `${JSON.stringify({ scenario: scenario.name, days, throughput: fast, rateLimit: limited, peakRssMiB })}\n`,
  );
}
