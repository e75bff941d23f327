/**
 * Steady state: what a daily `run` costs once history has piled up. Against an in-process sandbox
 * whose clock the caller drives (rate limit off), a backfill loads `historyDays` days at 03:00Z
 * after the last of them, the clock moves on one day and a daily `run` (no --from: the last
 * completed window minus the look-back) extracts the new day. Requests are counted by the
 * sandbox itself, per route, separately for the backfill and the daily run.
 *
 * The look-back is one day (EXTRACT_LOOKBACK=P1D), so a daily run after only one day of history
 * has as full a look-back as one after fourteen; with the default P2D the first has less data to
 * re-read, which says nothing about history. The scenario gets two days more than the longest
 * history, so every daily run finds a whole new day.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Window } from '../../contract/window.ts';
import { startSandbox, type Scenario } from '../../sandbox/index.ts';
import { planRun } from '../commands/run.ts';
import { sandboxClient, scenarioWindows } from '../commands/sandbox-wiring.ts';
import { extractAndLoad } from '../commands/shared.ts';
import { parseConfig, type Config } from '../config.ts';
import type { Progress } from '../progress.ts';

const dayMs = 86_400_000;
const quiet: Progress = { update: () => undefined, log: () => undefined };
const retentionRoute = 'recordings.retention.query';

/** One run as the sandbox saw it. */
export interface RunCost {
  readonly windows: number;
  readonly conversations: number;
  /** Requests the sandbox answered during the run (token requests included). */
  readonly sandboxRequests: number;
  /** Requests the pipeline's client counted. */
  readonly apiRequests: number;
  readonly requestsPerConversation: number;
  /** Pages of the recording retention query (the sweep of every recording). */
  readonly retentionQueryRequests: number;
  readonly byRoute: Readonly<Record<string, number>>;
  readonly seconds: number;
}

export interface SteadyStateRun {
  readonly historyDays: number;
  readonly backfill: RunCost;
  readonly daily: RunCost;
}

export interface SteadyStateFigures {
  readonly scenario: string;
  readonly lookback: string;
  readonly retentionSweepEvery: string;
  readonly runs: readonly SteadyStateRun[];
  /** Requests of the daily run after the longest history over those after the shortest. */
  readonly dailyRequestsRatio: number;
}

/** A workspace config pointing at the sandbox: P1D look-back, the default retention sweep schedule. */
export function steadyStateConfig(dir: string, overrides: Record<string, string> = {}): Config {
  return parseConfig(
    {
      STAGE_URI: `file://${dir}/stage`,
      WAREHOUSE_URI: `duckdb://${dir}/warehouse.duckdb`,
      GENESYS_RECORDING_CONCURRENCY: '16',
      PSEUDONYMISATION_KEY: 'bench-key-not-a-secret',
      EXTRACT_LOOKBACK: 'P1D',
      ...overrides,
    },
    dir,
  );
}

/**
 * Backfills `historyDays` days of `scenario` into the workspace `config` names, then runs one
 * daily `run` a day later; the warehouse stays in the workspace for the caller to inspect.
 */
export async function backfillThenDaily(
  scenario: Scenario,
  historyDays: number,
  config: Config,
  dailyRuns = 1,
): Promise<{ backfill: RunCost; daily: RunCost[]; now: number }> {
  const history = scenarioWindows(scenario, historyDays);
  const end = Date.parse(history.at(-1)?.end ?? scenario.startDate);
  let now = end + 3 * 3_600_000;
  const sandbox = await startSandbox({
    scenario: { ...scenario, limits: { ...scenario.limits, requestsPerMinute: 0 } },
    clock: () => now,
  });
  try {
    const measure = async (command: 'backfill' | 'run', windows: readonly Window[]): Promise<RunCost> => {
      const before = sandbox.stats();
      const started = performance.now();
      const result = await extractAndLoad(config, {
        command,
        clients: [sandboxClient(config, sandbox, quiet, 0)],
        windows,
        pseudonymisationKey: config.pseudonymisationKey ?? null,
        progress: quiet,
        jobPollMs: 10,
        parallel: 2,
        skipCompleted: command === 'backfill',
        now: new Date(now),
      });
      const seconds = (performance.now() - started) / 1000;
      const after = sandbox.stats();
      const byRoute: Record<string, number> = {};
      for (const [route, count] of Object.entries(after.byRoute)) {
        const delta = count - (before.byRoute[route] ?? 0);
        if (delta > 0) byRoute[route] = delta;
      }
      const conversations = result.reconciliation.find((line) => line.stream === 'conversations')?.received ?? 0;
      const sandboxRequests = after.requests - before.requests;
      return {
        windows: windows.length,
        conversations,
        sandboxRequests,
        apiRequests: result.apiRequests,
        requestsPerConversation: Number((sandboxRequests / Math.max(1, conversations)).toFixed(4)),
        retentionQueryRequests: byRoute[retentionRoute] ?? 0,
        byRoute,
        seconds: Number(seconds.toFixed(1)),
      };
    };
    const backfill = await measure('backfill', history);
    const daily: RunCost[] = [];
    for (let run = 0; run < dailyRuns; run++) {
      now += dayMs;
      const plan = await planRun(config, {
        command: 'run',
        from: undefined,
        to: undefined,
        window: 'P1D',
        parallel: 2,
        dryRun: false,
        skipDbt: true,
        now: new Date(now),
      });
      daily.push(await measure('run', plan.windows));
    }
    return { backfill, daily, now };
  } finally {
    await sandbox.close();
  }
}

/**
 * The daily run after each of `histories` days of history, each in a fresh workspace; `env`
 * overrides the workspace config (e.g. GENESYS_RETENTION_SWEEP_EVERY=P1D, a sweep at every run).
 */
export async function steadyStatePhase(
  base: Scenario,
  histories: readonly number[] = [1, 14],
  env: Record<string, string> = {},
): Promise<SteadyStateFigures> {
  const longest = Math.max(...histories);
  const scenario: Scenario = { ...base, days: Math.max(base.days, longest + 2) };
  const runs: SteadyStateRun[] = [];
  let sweepEveryMs = 0;
  for (const historyDays of histories) {
    const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-steady-'));
    try {
      const config = steadyStateConfig(dir, env);
      sweepEveryMs = config.genesys.retentionSweepEveryMs;
      const { backfill, daily } = await backfillThenDaily(scenario, historyDays, config);
      const [first] = daily;
      if (first !== undefined) runs.push({ historyDays, backfill, daily: first });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  const shortest = runs[0]?.daily.sandboxRequests ?? 0;
  const last = runs.at(-1)?.daily.sandboxRequests ?? 0;
  return {
    scenario: scenario.name,
    lookback: 'P1D',
    retentionSweepEvery: `${sweepEveryMs / 3_600_000} h`,
    runs,
    dailyRequestsRatio: Number((last / Math.max(1, shortest)).toFixed(4)),
  };
}

export function formatSteadyState(figures: SteadyStateFigures): string[] {
  return [
    `steady state: scenario ${figures.scenario}, daily run a day after a backfill, look-back ${figures.lookback}, ` +
      `retention sweep every ${figures.retentionSweepEvery} (requests counted by the sandbox)`,
    ...figures.runs.flatMap((run) => [
      `  after ${run.historyDays} day(s): backfill ${run.backfill.conversations} conversations, ` +
        `${run.backfill.sandboxRequests} requests (${run.backfill.requestsPerConversation}/conversation, ` +
        `${run.backfill.retentionQueryRequests} retention-query pages)`,
      `    daily run: ${run.daily.windows} window(s), ${run.daily.conversations} conversations, ` +
        `${run.daily.sandboxRequests} requests (${run.daily.requestsPerConversation}/conversation, ` +
        `${run.daily.retentionQueryRequests} retention-query pages), ${run.daily.seconds} s`,
    ]),
    `  daily requests, longest over shortest history: ${figures.dailyRequestsRatio}`,
    '',
  ];
}
