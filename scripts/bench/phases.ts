/**
 * The bench's phases. Throughput: extract → stage → load of the planned windows with the rate
 * limit off, run to completion. Budget: the sandbox enforces the rate limit per token, the
 * clients (one per OAuth client) are configured for it, and after the planned duration the run
 * is stopped; the figure is the share of the combined budget used and the share of 429s.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import type { Window } from '../../contract/window.ts';
import { createGenesysClient, type GenesysClient } from '../../extract/genesys/client.ts';
import type { Scenario, ServeOptions } from '../../sandbox/index.ts';
import { sandboxGateway } from '../commands/sandbox-wiring.ts';
import type { PipelineResult } from '../../pipeline/run-pipeline.ts';
import type { DuckdbResources } from '../../load/duckdb/settings.ts';
import type { Stage } from '../../load/stage.ts';
import { extractAndLoad } from '../commands/shared.ts';
import { parseConfig, type Config } from '../config.ts';
import type { Progress } from '../progress.ts';
import { budgetFigures, mib, throughputFigures, type BudgetFigures, type ThroughputFigures } from './figures.ts';
import { sampleMemory, type MemoryFigures } from './memory.ts';
import type { BenchPlan } from './options.ts';
import { openBenchSandbox, type BenchSandbox, type BenchSandboxReport } from './sandbox.ts';

const quiet: Progress = { update: () => undefined, log: () => undefined };
const key = 'bench-key-not-a-secret';

export interface PhaseContext {
  readonly plan: BenchPlan;
  readonly scenario: Scenario;
  readonly overrides: Pick<ServeOptions, 'days' | 'callsPerDay'>;
  readonly windows: readonly Window[];
}

export interface ProcessFigures {
  /** CPU seconds (user + system) of the bench process, i.e. the pipeline (plus an in-process sandbox). */
  readonly cpuSeconds: number;
  /** Peak RSS of the bench process so far (the pipeline alone when the sandbox is a child process). */
  readonly peakRssMiB: number;
  readonly sandbox: BenchSandboxReport;
}

/** The resource settings the bench takes from the environment, as the CLI does (the rest is fixed). */
const resourceVariables = [
  'DUCKDB_MEMORY_LIMIT',
  'DUCKDB_THREADS',
  'DUCKDB_LOAD_MEMORY_LIMIT',
  'DUCKDB_REOPEN_AFTER_MB',
] as const;

async function withWorkspace<T>(plan: BenchPlan, work: (config: Config) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-bench-'));
  const resources = Object.fromEntries(
    resourceVariables.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])),
  ) as Record<string, string>;
  try {
    return await work(
      parseConfig(
        {
          ...resources,
          STAGE_URI: `file://${dir}/stage`,
          WAREHOUSE_URI: `duckdb://${dir}/warehouse.duckdb`,
          GENESYS_RECORDING_CONCURRENCY: String(plan.recordingConcurrency),
        },
        dir,
      ),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function clientsFor(
  config: Config,
  sandbox: BenchSandbox,
  count: number,
  requestsPerMinute: number,
  signal?: AbortSignal,
): [GenesysClient, ...GenesysClient[]] {
  const make = (i: number): GenesysClient => {
    const credentials = sandbox.credentials[i] ?? sandbox;
    return createGenesysClient({
      regionHost: config.genesys.regionHost,
      gateway: sandboxGateway(sandbox),
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      requestsPerMinute,
      timeoutMs: config.genesys.timeoutMs,
      transport: config.genesys.transport,
      ...(signal === undefined ? {} : { signal }),
    });
  };
  return [make(0), ...Array.from({ length: count - 1 }, (_, i) => make(i + 1))];
}

/** One pipeline run over the planned windows with the bench's fixed options. */
function runWindows(
  context: PhaseContext,
  config: Config,
  clients: [GenesysClient, ...GenesysClient[]],
  signal?: AbortSignal,
  wrapStage?: (stage: Stage) => Stage,
): Promise<PipelineResult> {
  return extractAndLoad(config, {
    command: 'bench',
    clients,
    windows: context.windows,
    pseudonymisationKey: key,
    progress: quiet,
    jobPollMs: context.plan.pollMs,
    parallel: context.plan.parallel,
    signal,
    ...(wrapStage === undefined ? {} : { wrapStage }),
  });
}

async function measured<T>(
  context: PhaseContext,
  rateLimit: number,
  work: (sandbox: BenchSandbox) => Promise<T>,
): Promise<T & ProcessFigures> {
  const { plan } = context;
  const sandbox = await openBenchSandbox({
    place: plan.sandbox,
    scenarioName: plan.scenario,
    scenario: context.scenario,
    overrides: { ...context.overrides, rateLimit },
    latencyMs: plan.latencyMs,
    clients: plan.clients,
  });
  const cpu = process.cpuUsage();
  let result: T;
  try {
    result = await work(sandbox);
  } catch (error) {
    await sandbox.close().catch(() => undefined);
    throw error;
  }
  const used = process.cpuUsage(cpu);
  const report = await sandbox.close();
  return {
    ...result,
    cpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(1)),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    sandbox: report,
  };
}

export function throughputPhase(
  context: PhaseContext,
): Promise<ThroughputFigures & ProcessFigures & { readonly memory: MemoryFigures; readonly duckdb: DuckdbResources }> {
  const { plan } = context;
  return measured(context, 0, (sandbox) =>
    withWorkspace(plan, async (config) => {
      const clients = clientsFor(config, sandbox, plan.clients, 0);
      const memory = sampleMemory(mib(getHeapStatistics().heap_size_limit));
      const started = performance.now();
      const result = await runWindows(context, config, clients, undefined, (stage) => memory.wrap(stage));
      return {
        ...throughputFigures({
          conversations: result.reconciliation.find((line) => line.stream === 'conversations')?.received ?? 0,
          milliseconds: performance.now() - started,
          apiRequests: result.apiRequests,
        }),
        memory: memory.stop(),
        duckdb: config.duckdb,
      };
    }),
  );
}

export interface BudgetPhaseFigures extends BudgetFigures {
  readonly requestsPerMinute: number;
  readonly clientRequestsPerMinute: number;
  readonly clients: number;
  readonly seconds: number;
  /** Whether the windows were all done before the duration ran out (the tail then counts too). */
  readonly completed: boolean;
  /** Per client as the sandbox counted them (per token), the ground truth for `perClient`. */
  readonly sandboxPerClient: BudgetFigures['perClient'];
}

export async function budgetPhase(context: PhaseContext): Promise<BudgetPhaseFigures & ProcessFigures> {
  const { plan } = context;
  const result = await measuredBudget(context);
  const counted = result.sandbox.perClient.map((c) => ({ requests: c.requests, rateLimited: c.responses429 }));
  return { ...result, sandboxPerClient: budgetFigures(counted, plan.rateLimit, result.seconds).perClient };
}

function measuredBudget(context: PhaseContext): Promise<Omit<BudgetPhaseFigures, 'sandboxPerClient'> & ProcessFigures> {
  const { plan } = context;
  return measured(context, plan.rateLimit, (sandbox) =>
    withWorkspace(plan, async (config) => {
      const stop = new AbortController();
      const clients = clientsFor(config, sandbox, plan.clients, plan.clientRateLimit, stop.signal);
      const started = performance.now();
      const timer = setTimeout(() => {
        stop.abort(new Error('bench duration reached'));
      }, plan.durationSeconds * 1000);
      let completed = false;
      try {
        await runWindows(context, config, clients, stop.signal);
        completed = true;
      } catch (error) {
        if (!stop.signal.aborted) throw error;
      } finally {
        clearTimeout(timer);
      }
      const seconds = Math.min(plan.durationSeconds, (performance.now() - started) / 1000);
      return {
        requestsPerMinute: plan.rateLimit,
        clientRequestsPerMinute: plan.clientRateLimit,
        clients: clients.length,
        seconds: Number(seconds.toFixed(1)),
        completed,
        ...budgetFigures(
          clients.map((client) => client.stats),
          plan.rateLimit,
          seconds,
        ),
      };
    }),
  );
}
