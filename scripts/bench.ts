/**
 * `npm run bench -- [--mode loopback|realistic] [--scenario NAME] [--days N | --conversations N]
 *   [--sandbox in-process|process] [--latency-ms N] [--poll-ms N] [--rate-limit N]
 *   [--client-rate-limit N] [--clients N] [--parallel N] [--duration S] [--json]`
 *
 * Modes (every flag overrides the mode's default; see scripts/bench/options.ts):
 * - loopback (default, today's): the throughput phase (rate limit off, 10 ms polls, run to the
 *   end: conversations/s, API requests per conversation), then the budget phase (600
 *   requests/min per token for 60 s; `--rate-limit 0` skips it). Sandbox in-process unless
 *   `--sandbox process`.
 * - realistic: sandbox in its own process, 30 ms latency on every response, 2 s job polls, 300
 *   requests/min per token, 2 OAuth clients, windows in parallel over them; the budget phase
 *   for 120 s: share of the combined budget used, share of 429s.
 * - `--conversations N` (e.g. `--scenario large --conversations 200000`): a slice of the scenario
 *   with one-day windows, sandbox in its own process, throughput phase only: the pipeline's
 *   peak RSS.
 * - `--dbt-warehouse FILE [--dbt-memory-limit 512MB] [--dbt-threads 2]`: only the dbt phase, the
 *   real `dbt build` over a copy of a loaded warehouse (e.g. a `backfill --skip-dbt` of the
 *   `large` scenario): seconds and the dbt process's peak RSS.
 * With --json the last line is one JSON object holding every figure and the resolved plan.
 */
import { z } from 'zod';
import { loadScenario } from '../sandbox/index.ts';
import { parseHeapLimits } from './config.ts';
import { relaunchWithHeapLimits } from './heap-limit.ts';
import { scenarioSlice } from './bench/figures.ts';
import { parseBenchArgs } from './bench/options.ts';
import { dbtPhase } from './bench/dbt-phase.ts';
import { budgetPhase, throughputPhase, type PhaseContext } from './bench/phases.ts';
import { formatSteadyState, steadyStatePhase } from './bench/steady-state.ts';
import { scenarioWindows } from './commands/sandbox-wiring.ts';

const usage = `Usage: npm run bench -- [--mode loopback|realistic] [--scenario NAME] [--days N | --conversations N]
  [--sandbox in-process|process] [--latency-ms N] [--poll-ms N] [--rate-limit N] [--client-rate-limit N]
  [--clients N] [--parallel N] [--recording-concurrency N] [--duration S] [--json]
       npm run bench -- --dbt-warehouse FILE [--dbt-memory-limit 512MB] [--dbt-threads 2] [--json]
Modes and figures: README.md, section "Benchmark".
`;
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(usage);
  process.exit(0);
}
const plan = (() => {
  try {
    return parseBenchArgs(args);
  } catch (error) {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
    process.stderr.write(`bench: ${message}\n${usage}`);
    return process.exit(2);
  }
})();
// The pipeline is measured under the CLI's heap limits (NODE_MAX_OLD_SPACE_MB, NODE_MAX_SEMI_SPACE_MB).
const relaunch = relaunchWithHeapLimits(parseHeapLimits(process.env));
if (relaunch !== null) process.exit(await relaunch);
const out = (lines: string[]): void => {
  process.stdout.write(`${lines.join('\n')}\n`);
};
if (plan.dbtWarehouse !== null) {
  const duckdb = { memoryLimit: plan.dbtMemoryLimit, threads: plan.dbtThreads };
  out([
    `bench: dbt build over a copy of ${plan.dbtWarehouse}, DuckDB ${duckdb.memoryLimit}, ${duckdb.threads} thread(s)`,
  ]);
  const dbt = await dbtPhase({
    warehouse: plan.dbtWarehouse,
    duckdb,
    log: (line) => {
      out([`  ${line}`]);
    },
  });
  out([
    `  conversations:            ${dbt.conversations} (${dbt.agentSessions} agent sessions in fct_recording_compliance)`,
    `  dbt build:                ${dbt.seconds} s, peak RSS of dbt ${dbt.peakRssMiB ?? 'n/a'} MiB`,
  ]);
  if (plan.json) out([JSON.stringify({ mode: 'dbt', options: plan, dbt })]);
  process.exit(0);
}
const loaded = await loadScenario(plan.scenario);
const overrides =
  plan.conversations === null
    ? { days: Math.min(loaded.days, plan.days ?? loaded.days) }
    : scenarioSlice(loaded, plan.conversations);
const scenario = { ...loaded, ...overrides };
const context: PhaseContext = { plan, scenario, overrides, windows: scenarioWindows(scenario, scenario.days) };
const where = `sandbox ${plan.sandbox}, latency ${plan.latencyMs} ms, polls ${plan.pollMs} ms`;
out([
  `bench: mode ${plan.mode}, scenario ${scenario.name}, ${scenario.days} day(s) × ${scenario.callsPerDay} calls, ` +
    `${context.windows.length} one-day window(s), ${where}`,
]);

const throughput = plan.throughput ? await throughputPhase(context) : null;
if (throughput !== null) {
  out([
    `throughput: rate limit off, ${plan.clients} client(s), parallel ${plan.parallel}`,
    `  conversations:            ${throughput.conversations}`,
    `  end to end:               ${throughput.seconds} s (${throughput.conversationsPerSecond} conversations/s)`,
    `  API requests:             ${throughput.apiRequests} (${throughput.requestsPerConversation} per conversation)`,
    `  pipeline process:         ${throughput.cpuSeconds} CPU s, peak RSS ${throughput.peakRssMiB} MiB` +
      (plan.sandbox === 'process' ? '' : ' (sandbox included: in-process)'),
    `  pipeline peak RSS (MiB):   ${throughput.memory.windows.map((sample) => `${sample.at.slice(0, 10)} ${sample.peakRssMiB}`).join(', ')}`,
    `                            growth ${(throughput.memory.growth * 100).toFixed(1)}% over the commits, ` +
      `V8 heap limit ${throughput.memory.heapLimitMiB} MiB, DuckDB ${throughput.duckdb.memoryLimit} × ${throughput.duckdb.threads} threads (loads ${throughput.duckdb.loadMemoryLimit ?? throughput.duckdb.memoryLimit})`,
    ...(throughput.sandbox.peakRssMiB === undefined
      ? []
      : [
          `  sandbox process:          ${throughput.sandbox.cpuSeconds} CPU s, peak RSS ${throughput.sandbox.peakRssMiB} MiB`,
        ]),
    '',
  ]);
}

// Steady state (loopback mode, whole scenarios): a daily run after 1 and after 14 days of history.
const steadyState = plan.mode === 'loopback' && plan.conversations === null ? await steadyStatePhase(loaded) : null;
if (steadyState !== null) out(formatSteadyState(steadyState));

const budget = plan.rateLimit > 0 ? await budgetPhase(context) : null;
if (budget !== null) {
  out([
    `budget: ${budget.requestsPerMinute} requests/min per token × ${budget.clients} client(s) for ${budget.seconds} s` +
      ` (clients configured for ${budget.clientRequestsPerMinute}${budget.completed ? '; run completed first' : ''})`,
    `  requests sent:            ${budget.requestsSent} (${budget.requestsAccepted} accepted)`,
    `  share of budget used:     ${(budget.budgetShareUsed * 100).toFixed(1)}% ` +
      `(per client: ${budget.perClient.map((c) => `${(c.budgetShareUsed * 100).toFixed(1)}%`).join(', ')})`,
    `  429 responses:            ${budget.responses429} (${(budget.share429 * 100).toFixed(2)}% of requests;` +
      ` sandbox counted ${budget.sandbox.byStatus['429'] ?? 0})`,
    `  sandbox, per token:       ${budget.sandboxPerClient
      .map((c) => `${c.requestsSent} requests, ${c.responses429} × 429, ${(c.budgetShareUsed * 100).toFixed(1)}%`)
      .join('; ')}`,
    '',
  ]);
}
const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
out([`peak RSS of the bench process: ${peakRssMiB} MiB`]);
if (plan.json) {
  out([
    JSON.stringify({
      mode: plan.mode,
      scenario: scenario.name,
      days: scenario.days,
      callsPerDay: scenario.callsPerDay,
      windows: context.windows.length,
      options: plan,
      throughput,
      budget,
      steadyState,
      peakRssMiB,
    }),
  ]);
}
