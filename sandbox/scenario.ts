/**
 * A sandbox scenario: everything the synthetic Genesys org is derived from. The org is a pure
 * function of (scenario, conversation index), so the scenario is the whole state of the world.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';

const probability = z.number().min(0).max(1);
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a local date YYYY-MM-DD');

const QueueSchema = z.strictObject({
  name: z.string().min(1),
  /** Share of inbound calls routed to this queue; shares are normalised, so they need not sum to 1. */
  share: z.number().positive(),
  /** Whether the "Always Record" policy covers the queue (and so starts screen recordings). */
  coveredByPolicy: z.boolean(),
});

const defaultQueues = [
  { name: 'Inbound Sales', share: 0.6, coveredByPolicy: true },
  { name: 'Customer Service', share: 0.2, coveredByPolicy: true },
  { name: 'Billing', share: 0.12, coveredByPolicy: true },
  { name: 'Internal Helpdesk', share: 0.08, coveredByPolicy: false },
];

const ScreenFailureSchema = z.strictObject({
  /** Failure probability per covered agent session outside the peak hours. */
  baseRate: probability.default(0.07),
  /** Failure probability per covered agent session inside the peak hours. */
  peakRate: probability.default(0.4),
  /** Local hour (org time zone) the peak starts, inclusive. */
  peakStartHour: z.int().min(0).max(23).default(14),
  /** Local hour the peak ends, exclusive. */
  peakEndHour: z.int().min(1).max(24).default(16),
  /** Relative weights of the failure modes. */
  modes: z
    .strictObject({
      error: z.number().min(0).default(0.5),
      missing: z.number().min(0).default(0.25),
      truncated: z.number().min(0).default(0.25),
    })
    .prefault({}),
  /** P(data action ScreenPop_ScreenRec reports timeout/408 | a screen recording of the call failed). */
  timeoutGivenFailure: probability.default(0.9),
  /** P(timeout/408 | no screen recording failed). */
  timeoutGivenSuccess: probability.default(0.02),
});

export const ScenarioSchema = z
  .strictObject({
    name: z.string().min(1).default('default'),
    seed: z.int().default(20261102),
    regionHost: z.string().min(1).default('mypurecloud.ie'),
    orgTimeZone: z.string().refine(isKnownTimeZone, 'unknown IANA time zone').default('Europe/Berlin'),
    /** First local day (org time zone) of traffic. */
    startDate: localDate.default('2026-11-02'),
    days: z.int().min(1).default(14),
    callsPerDay: z.int().min(1).default(3000),
    agents: z.int().min(1).default(60),
    queues: z.array(QueueSchema).min(1).default(defaultQueues),
    /** Share of calls the customer abandons in queue (no agent). */
    abandonRate: probability.default(0.05),
    /** Share of handled calls transferred to a second agent. */
    transferRate: probability.default(0.03),
    screenFailure: ScreenFailureSchema.prefault({}),
    /** Share of handled calls whose audio recording is ERROR or missing (split evenly). */
    audioFailureRate: probability.default(0.01),
    /** Share of conversations the API returns in a shape that fails validation. */
    malformedRate: probability.default(0.0005),
    credentials: z
      .strictObject({
        clientId: z.string().min(1).default('sandbox-client'),
        clientSecret: z.string().min(1).default('sandbox-secret'),
      })
      .prefault({}),
    limits: z
      .strictObject({
        /** Per-token request budget per 60 s; 0 disables the limit. */
        requestsPerMinute: z.int().min(0).default(0),
        detailJobPageSizeMax: z.int().min(1).default(1000),
        tokenTtlSeconds: z.int().min(1).default(86400),
      })
      .prefault({}),
    jobs: z
      .strictObject({
        /** Status polls answered QUEUED/PENDING before a detail job is FULFILLED. */
        pollsBeforeFulfilled: z.int().min(0).default(2),
      })
      .prefault({}),
    faults: z
      .strictObject({
        /** Share of API requests answered 503 (decided by a hash of the request counter). */
        http5xxRate: probability.default(0),
        /** Share of API requests answered 429. */
        http429Rate: probability.default(0),
        /** Share of injected 429s that carry no Retry-After header (the real API sometimes omits it). */
        http429WithoutRetryAfterShare: probability.default(0.25),
      })
      .prefault({}),
    /** Headline figures the scenario is designed to produce; informational, for tests and docs. */
    expected: z.record(z.string(), z.number()).optional(),
  })
  .superRefine((scenario, ctx) => {
    const { peakStartHour, peakEndHour } = scenario.screenFailure;
    if (peakEndHour <= peakStartHour) {
      ctx.addIssue({ code: 'custom', path: ['screenFailure', 'peakEndHour'], message: 'must be after peakStartHour' });
    }
    const { error, missing, truncated } = scenario.screenFailure.modes;
    if (error + missing + truncated <= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['screenFailure', 'modes'],
        message: 'at least one mode weight must be > 0',
      });
    }
    const names = new Set<string>();
    scenario.queues.forEach((queue, i) => {
      if (names.has(queue.name)) {
        ctx.addIssue({ code: 'custom', path: ['queues', i, 'name'], message: `duplicate queue name "${queue.name}"` });
      }
      names.add(queue.name);
    });
    if (scenario.faults.http5xxRate + scenario.faults.http429Rate > 1) {
      ctx.addIssue({ code: 'custom', path: ['faults'], message: 'http5xxRate + http429Rate must be <= 1' });
    }
  });

/** A parsed scenario (all defaults applied). */
export type Scenario = z.infer<typeof ScenarioSchema>;
/** What a scenario file may contain (defaults not yet applied). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;

export class ScenarioError extends Error {
  override name = 'ScenarioError' as const;
}

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const scenariosDir = join(import.meta.dirname, 'scenarios');

/** `default` → sandbox/scenarios/default.json; anything with a slash or `.json` is a path. */
export function resolveScenarioPath(pathOrName: string): string {
  if (pathOrName.includes('/') || pathOrName.includes('\\') || pathOrName.endsWith('.json')) {
    return isAbsolute(pathOrName) ? pathOrName : join(process.cwd(), pathOrName);
  }
  return join(scenariosDir, `${pathOrName}.json`);
}

/** Parses a scenario object, throwing a ScenarioError that names every bad field. */
export function parseScenario(input: unknown, source = 'scenario'): Scenario {
  const result = ScenarioSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const path = issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
    return `  ${path}: ${issue.message}`;
  });
  throw new ScenarioError(`Invalid ${source}:\n${issues.join('\n')}`);
}

/** Loads and validates a scenario by name (`default`, `small`, `faulty`) or by file path. */
export async function loadScenario(pathOrName: string): Promise<Scenario> {
  const path = resolveScenarioPath(pathOrName);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new ScenarioError(`Cannot read scenario ${path}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ScenarioError(`Scenario ${path} is not valid JSON`, { cause });
  }
  return parseScenario(json, `scenario ${path}`);
}
