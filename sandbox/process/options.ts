/**
 * Options of a sandbox served in its own process (`node sandbox/process/serve.ts ...`), their
 * command-line form, and the scenario overrides both processes apply (a slice of a scenario,
 * a rate limit), so the parent and the child see the same org.
 */
import { z } from 'zod';
import type { Scenario } from '../scenario.ts';

const count = z.coerce.number().int().min(0);

export const ServeOptionsSchema = z.strictObject({
  /** A scenario name (`default`, `large`) or a scenario JSON file. */
  scenario: z.string().min(1).default('default'),
  port: count.max(65_535).default(0),
  host: z.string().min(1).default('127.0.0.1'),
  /** Wall-time milliseconds added to every response. */
  latencyMs: count.default(0),
  /** Overrides the scenario's per-token requests a minute (0 = off). */
  rateLimit: count.optional(),
  /** OAuth clients accepted. */
  clients: count.min(1).default(1),
  /** Overrides the scenario's days (a slice of it). */
  days: count.min(1).optional(),
  /** Overrides the scenario's calls per day. */
  callsPerDay: count.min(1).optional(),
});

export type ServeOptions = z.infer<typeof ServeOptionsSchema>;
export type ServeOptionsInput = z.input<typeof ServeOptionsSchema>;

const flags = {
  scenario: '--scenario',
  port: '--port',
  host: '--host',
  latencyMs: '--latency-ms',
  rateLimit: '--rate-limit',
  clients: '--clients',
  days: '--days',
  callsPerDay: '--calls-per-day',
} as const satisfies Record<keyof ServeOptions, string>;

/** The command-line arguments that make serve.ts parse back to `options`. */
export function serveArgs(input: ServeOptionsInput): string[] {
  const options = ServeOptionsSchema.parse(input);
  return Object.entries(flags).flatMap(([key, flag]) => {
    const value = options[key as keyof ServeOptions];
    return value === undefined ? [] : [flag, String(value)];
  });
}

/** Parses serve.ts's arguments (`--latency-ms 30 --clients 2 ...`); throws a ZodError on bad values. */
export function parseServeArgs(args: readonly string[]): ServeOptions {
  const input: Record<string, string> = {};
  const byFlag = new Map<string, string>(Object.entries(flags).map(([key, flag]) => [flag, key]));
  for (let i = 0; i < args.length; i += 2) {
    const key = byFlag.get(args[i] ?? '');
    const value = args[i + 1];
    if (key === undefined || value === undefined) throw new Error(`unknown or incomplete option ${args[i] ?? ''}`);
    input[key] = value;
  }
  return ServeOptionsSchema.parse(input);
}

/** The scenario with the slice and rate limit of `options` applied. */
export function applyOverrides(
  scenario: Scenario,
  options: Pick<ServeOptions, 'rateLimit' | 'days' | 'callsPerDay'>,
): Scenario {
  return {
    ...scenario,
    days: options.days ?? scenario.days,
    callsPerDay: options.callsPerDay ?? scenario.callsPerDay,
    limits: { ...scenario.limits, requestsPerMinute: options.rateLimit ?? scenario.limits.requestsPerMinute },
  };
}
