/**
 * The bench's options: a mode (`loopback`, today's; `realistic`, the production-like one) sets
 * the defaults, and every flag overrides one of them. The resolved plan is printed in --json.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { isDuckdbMemorySize } from '../../load/duckdb/settings.ts';
import { defaultDbtDuckdbResources } from '../config.ts';

export const MODES = ['loopback', 'realistic'] as const;
export type Mode = (typeof MODES)[number];
export const SANDBOX_PLACES = ['in-process', 'process'] as const;

const whole = z.coerce.number().int().min(0);

const PlanSchema = z.strictObject({
  mode: z.enum(MODES),
  scenario: z.string().min(1),
  /** Scenario days extracted (one-day windows); null = the scenario's days (or what --conversations needs). */
  days: whole.min(1).nullable(),
  /** A slice of the scenario of about this many conversations (e.g. `large`); null = whole days. */
  conversations: whole.min(1).nullable(),
  /** `in-process` (loopback on the bench's own event loop) or `process` (a child process). */
  sandbox: z.enum(SANDBOX_PLACES),
  latencyMs: whole,
  /** Detail-job and audit-query poll interval. */
  pollMs: whole.min(1),
  /** Per-token requests a minute the sandbox enforces in the budget phase; 0 skips that phase. */
  rateLimit: whole,
  /** What the clients are configured for (default = rateLimit). */
  clientRateLimit: whole,
  clients: whole.min(1),
  /** Windows extracted at once (each leases the least loaded client; recording reads spread over all). */
  parallel: whole.min(1),
  recordingConcurrency: whole.min(1),
  /** Length of the budget phase. */
  durationSeconds: z.coerce.number().positive(),
  /** Whether the throughput phase (rate limit off, run to completion) runs. */
  throughput: z.boolean(),
  json: z.boolean(),
  /** `--dbt-warehouse FILE`: only the dbt phase, `dbt build` over a copy of this loaded warehouse. */
  dbtWarehouse: z.string().min(1).nullable(),
  /** memory_limit and threads of dbt's DuckDB in the dbt phase (default: DBT_DUCKDB_*'s defaults). */
  dbtMemoryLimit: z.string().refine(isDuckdbMemorySize, 'must be a size such as 512MB or 1GiB'),
  dbtThreads: z.coerce.number().int().min(1).max(64),
});

export type BenchPlan = z.infer<typeof PlanSchema>;

const modeDefaults: Record<
  Mode,
  Omit<
    BenchPlan,
    'mode' | 'scenario' | 'days' | 'conversations' | 'json' | 'dbtWarehouse' | 'dbtMemoryLimit' | 'dbtThreads'
  >
> = {
  loopback: {
    sandbox: 'in-process',
    latencyMs: 0,
    pollMs: 10,
    rateLimit: 600,
    clientRateLimit: 600,
    clients: 1,
    parallel: 1,
    recordingConcurrency: 16,
    durationSeconds: 60,
    throughput: true,
  },
  realistic: {
    sandbox: 'process',
    latencyMs: 30,
    pollMs: 2000,
    rateLimit: 300,
    clientRateLimit: 300,
    clients: 2,
    parallel: 2,
    recordingConcurrency: 16,
    durationSeconds: 120,
    throughput: false,
  },
};

/** Parses `npm run bench -- ...` arguments into a plan; throws on unknown flags or bad values. */
export function parseBenchArgs(args: readonly string[]): BenchPlan {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      mode: { type: 'string', default: 'loopback' },
      scenario: { type: 'string', default: 'default' },
      days: { type: 'string' },
      conversations: { type: 'string' },
      sandbox: { type: 'string' },
      'latency-ms': { type: 'string' },
      'poll-ms': { type: 'string' },
      'rate-limit': { type: 'string' },
      'client-rate-limit': { type: 'string' },
      clients: { type: 'string' },
      parallel: { type: 'string' },
      'recording-concurrency': { type: 'string' },
      duration: { type: 'string' },
      json: { type: 'boolean', default: false },
      'dbt-warehouse': { type: 'string' },
      'dbt-memory-limit': { type: 'string', default: defaultDbtDuckdbResources.memoryLimit },
      'dbt-threads': { type: 'string', default: String(defaultDbtDuckdbResources.threads) },
    },
  });
  const mode = z.enum(MODES).parse(values.mode);
  const base = modeDefaults[mode];
  const slice = values.conversations !== undefined;
  const rateLimit = values['rate-limit'] ?? (slice && mode === 'loopback' ? 0 : base.rateLimit);
  const clients = values.clients ?? base.clients;
  return PlanSchema.parse({
    ...base,
    mode,
    scenario: values.scenario,
    days: values.days ?? (slice || mode === 'realistic' ? null : 3),
    conversations: values.conversations ?? null,
    // A slice measures the pipeline's memory: the sandbox runs in its own process.
    sandbox: values.sandbox ?? (slice ? 'process' : base.sandbox),
    latencyMs: values['latency-ms'] ?? base.latencyMs,
    pollMs: values['poll-ms'] ?? base.pollMs,
    rateLimit,
    clientRateLimit: values['client-rate-limit'] ?? rateLimit,
    clients,
    parallel: values.parallel ?? (mode === 'realistic' ? clients : base.parallel),
    recordingConcurrency: values['recording-concurrency'] ?? base.recordingConcurrency,
    durationSeconds: values.duration ?? base.durationSeconds,
    json: values.json,
    dbtWarehouse: values['dbt-warehouse'] ?? null,
    dbtMemoryLimit: values['dbt-memory-limit'],
    dbtThreads: values['dbt-threads'],
  });
}
