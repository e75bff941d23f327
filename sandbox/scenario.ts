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
  /** The division (a name from `divisions`) the queue and its conversations belong to; default the first. */
  division: z.string().min(1).optional(),
});

const DivisionSchema = z.strictObject({ name: z.string().min(1) });

const timeOfDay = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'expected HH:MM');

/**
 * Conditions of an extra retention policy (sandbox/generator/policies.ts renders them in the
 * API's model). Queues and wrap-up codes by name, users by agent index, dates in hours from the
 * scenario start. The sandbox's conversations carry no requested language, so a `languages`
 * condition cannot be evaluated (policy_undetermined).
 */
const PolicyConditionsSchema = z.strictObject({
  directions: z.array(z.enum(['INBOUND', 'OUTBOUND'])).optional(),
  queues: z.array(z.string().min(1)).optional(),
  users: z.array(z.int().min(0)).optional(),
  wrapUpCodes: z.array(z.string().min(1)).optional(),
  languages: z.array(z.string().min(1)).optional(),
  dateRanges: z.array(z.strictObject({ fromHours: z.number(), toHours: z.number() })).optional(),
  timeAllowed: z
    .strictObject({
      timeZoneId: z.string().min(1),
      slots: z.array(z.strictObject({ day: z.int().min(1).max(7), start: timeOfDay, stop: timeOfDay })).min(1),
    })
    .optional(),
});

const ExtraPolicySchema = z.strictObject({
  name: z.string().min(1),
  enabled: z.boolean().default(true),
  order: z.int().min(0),
  /** The policy starts a screen recording (initiateScreenRecording). */
  screen: z.boolean().default(false),
  /** Creation, in hours from the scenario start (negative: before it). */
  createdHours: z.number().default(-2400),
  conditions: PolicyConditionsSchema,
  /**
   * A change mid-range: at `atHours` the conditions became `conditions`; before, they were
   * `before`. The policy's modifiedDate is the change, and an org audit Update event records
   * the old and new values of every condition that differs.
   */
  change: z.strictObject({ atHours: z.number(), before: PolicyConditionsSchema }).optional(),
});

/**
 * Ways the API can serve a conversation malformed. unknown_enum: originatingDirection outside
 * the enum (valid JSON the pipeline must keep and flag); unknown_segment_type / unknown_media_type:
 * an agent segment's segmentType / session's mediaType outside the documented enums; the
 * others break the shape (local timestamps, a wrong type, a missing field, null participants).
 */
export const MALFORMED_KINDS = [
  'local_timestamp',
  'wrong_type',
  'missing_field',
  'segment_local_timestamp',
  'unknown_enum',
  'null_participants',
  'unknown_segment_type',
  'unknown_media_type',
] as const;

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
  /**
   * P(the screen recording of a covered agent session never started): no recording exists and
   * analytics reports participant.screenRecording false or omits it (half each). Drawn before
   * the failure modes; 0 = never.
   */
  notStartedRate: probability.default(0),
  /** Local hour (org time zone) the peak starts, inclusive. */
  peakStartHour: z.int().min(0).max(23).default(14),
  /** Local hour the peak ends, exclusive; below peakStartHour it wraps past midnight (22 to 2). */
  peakEndHour: z.int().min(0).max(24).default(16),
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

const ArrivalsSchema = z.strictObject({
  /**
   * Relative call volume per local hour label (org time zone): a preset ('daytime' = 08:00 to
   * 20:00, the default; '24h'; 'night_shift' = 20:00 to 08:00) or 24 weights, hour 00 first.
   */
  profile: z
    .union([
      z.enum(['daytime', '24h', 'night_shift']),
      z
        .array(z.number().min(0))
        .length(24)
        .refine((weights) => weights.some((w) => w > 0), 'at least one hour weight must be > 0'),
    ])
    .default('daytime'),
});

const TimelineSchema = z.strictObject({
  /**
   * The analytics data lake lags the clock: dataAvailabilityDate = min(end of the last local day
   * + 1 h, now - lag). Detail jobs only see conversations that ended by then.
   */
  availabilityLagMinutes: z.number().min(0).default(90),
  /** A recording is UPLOADING from the end of the call until this much later, then AVAILABLE or ERROR. */
  settleMinutes: z.number().min(0).default(120),
  /** Extra settle delay per recording, uniform in [0, this). */
  settleJitterMinutes: z.number().min(0).default(0),
  /**
   * Minutes after the end of a call before its media statistics (mediaStatsMinConversationMos,
   * ...RFactor) appear in analytics: until then the conversation is served without them, so a
   * second extraction sees the record change. 0 = computed at once.
   */
  metricsDelayMinutes: z.number().min(0).default(0),
  /**
   * Whether recordings become ARCHIVED after archiveDate and DELETED after deleteDate (and the
   * Archive/Delete audit events happen). Off by default, so output does not change as days pass.
   */
  retentionTransitions: z.boolean().default(false),
  /**
   * Whether the audit APIs (audit log messages, audit query transactions) send timestamps without
   * milliseconds, as the real ones do (`2024-11-21T04:59:22Z`). Off by default: today's output.
   */
  auditTimestampsInSeconds: z.boolean().default(false),
});

const CustodySchema = z.strictObject({
  /** Share of recordings a policy exports to S3 (exportDate set); 0 = no export fields at all. */
  exportRate: probability.default(0),
  /** Days after the call the export is scheduled (exportDate). */
  exportDelayDays: z.number().min(0).default(2),
  /** Of the exported recordings: share whose export fails (no exportedDate; an Export Failure audit). */
  exportFailRate: probability.default(0),
  /** Of the exported recordings: share whose export never happens (no exportedDate, no audit). */
  exportNeverRate: probability.default(0),
  /** Share of recordings played back (Read) at least once, 1–3 days after the call. */
  readRate: probability.default(0),
  /** Share of recordings downloaded (Download). */
  downloadRate: probability.default(0),
  /** Share of reads/downloads done by a user outside QA (an agent or a supervisor). */
  outsideQaShare: probability.default(0),
  /** Share of conversations put under deletion protection (legal hold) a day after the call. */
  protectRate: probability.default(0),
  /** Of the protected conversations: share whose protection is revoked again. */
  revokeShare: probability.default(0),
  /** Share of recordings whose retention is shortened (UpdateRetention) so they are deleted early. */
  retentionShortenedRate: probability.default(0),
  /** Days after the call the shortened retention deletes the recording. */
  shortenedDeleteDays: z.number().min(0).default(5),
  /** Share of archived recordings restored (RestoreRequest, then RestoreComplete 4 h later). */
  restoreRate: probability.default(0),
  /**
   * Days (0-based, like the scenario's days) an org admin ran a recording EXPORT bulk job for
   * (sandbox/generator/bulk-export-jobs.ts): the job is listed by GET /api/v2/recording/jobs and
   * names the recordings it failed to export.
   */
  bulkExportDays: z.array(z.int().min(0)).default([]),
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
    /** When in the local day calls arrive. */
    arrivals: ArrivalsSchema.prefault({}),
    agents: z.int().min(1).default(60),
    queues: z.array(QueueSchema).min(1).default(defaultQueues),
    /** Share of calls the customer abandons in queue (no agent). */
    abandonRate: probability.default(0.05),
    /** Share of handled calls transferred to a second agent. */
    transferRate: probability.default(0.03),
    /**
     * Of the transferred calls: share transferred to another queue (the second agent is reached
     * through a new ACD participant for that queue). 0 = the second agent is in the same queue.
     */
    crossQueueTransferShare: probability.default(0),
    /** The org's divisions; queues name theirs. The default is today's single "Home" division. */
    divisions: z
      .array(DivisionSchema)
      .min(1)
      .default([{ name: 'Home' }]),
    screenFailure: ScreenFailureSchema.prefault({}),
    /** Share of handled calls whose audio recording is ERROR or missing (split evenly). */
    audioFailureRate: probability.default(0.01),
    /**
     * Share of handled calls whose audio recording never started: no recording exists and the
     * agent sessions report recording false or omit it (half each). Decided before the failures.
     */
    audioNotStartedRate: probability.default(0),
    /** Share of conversations the API returns in a shape that fails validation. */
    malformedRate: probability.default(0.0005),
    /**
     * The malformations drawn from (uniformly) for malformed conversations. The default is the
     * original three; adding kinds changes which kind each malformed conversation gets.
     */
    malformedKinds: z.array(z.enum(MALFORMED_KINDS)).min(1).default(['local_timestamp', 'wrong_type', 'missing_field']),
    /**
     * Share of conversations carrying fields the API model does not know (schema drift). They are
     * valid records: drift must be kept, not quarantined, so they are not counted malformed.
     */
    schemaDriftRate: probability.default(0),
    timeline: TimelineSchema.prefault({}),
    custody: CustodySchema.prefault({}),
    /**
     * Retention policies beside "Always Record" and the disabled legacy one, with conditions of
     * every kind and optionally a change mid-range. Absent: the org has only those two.
     */
    extraPolicies: z.array(ExtraPolicySchema).default([]),
    /** Recordings with no conversation, served by GET /api/v2/orphanrecordings. */
    orphanRecordings: z.int().min(0).default(0),
    /**
     * Characters of CRM context the flow writes into the customer's `CRM_Context` attribute of
     * every conversation (detail-job results only): large conversations, as orgs whose flows
     * store lookups in participant data have. 0: no such attribute.
     */
    flowAttributeChars: z.int().min(0).default(0),
    credentials: z
      .strictObject({
        clientId: z.string().min(1).default('sandbox-client'),
        clientSecret: z.string().min(1).default('sandbox-secret'),
        /**
         * Names of the divisions the OAuth client may see; analytics results only hold
         * conversations with a division among them. Default: every division.
         */
        divisions: z.array(z.string().min(1)).min(1).optional(),
      })
      .prefault({}),
    limits: z
      .strictObject({
        /** Per-token request budget per 60 s; 0 disables the limit. */
        requestsPerMinute: z.int().min(0).default(0),
        detailJobPageSizeMax: z.int().min(1).default(1000),
        tokenTtlSeconds: z.int().min(1).default(86400),
        /**
         * Largest `paging.pageSize` of the synchronous conversation details query: 200 (Genesys's
         * blog "Analytics conversations API behavior" uses 200 and calls it the maximum).
         */
        syncQueryPageSizeMax: z.int().min(1).default(200),
        /**
         * Results of one detail job the API pages through; the page that would go past it answers
         * 400 "Pagination may not exceed 400000 results" (seen by a production ETL).
         */
        detailJobResultCap: z.int().min(1).default(400_000),
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
        /** Once a 5xx is injected, this many consecutive API requests get one (a burst). */
        http5xxBurst: z.int().min(1).default(1),
        /** The 5xx statuses injected, picked per burst by hash. */
        http5xxStatuses: z
          .array(z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]))
          .min(1)
          .default([503]),
        /** Share of API requests answered only after `slowMs` (wall time, not the sandbox clock). */
        slowRate: probability.default(0),
        /** Delay of slow responses; above the SDK's 16 000 ms default timeout by default. */
        slowMs: z.int().min(0).default(20_000),
        /** Share of detail-job result pages shorter than asked for (a cursor still follows). */
        shortPageRate: probability.default(0),
        /** Shares of detail jobs that end FAILED, CANCELLED or EXPIRED instead of usable results. */
        detailJobFailedRate: probability.default(0),
        detailJobCancelledRate: probability.default(0),
        detailJobExpiredRate: probability.default(0),
        /** Share of GET /conversations/{id}/recordings answered 202 with an empty body. */
        recordingsEmpty202Rate: probability.default(0),
      })
      .prefault({}),
    /** Headline figures the scenario is designed to produce; informational, for tests and docs. */
    expected: z.record(z.string(), z.number()).optional(),
  })
  .superRefine((scenario, ctx) => {
    const { peakStartHour, peakEndHour } = scenario.screenFailure;
    if (peakEndHour === peakStartHour) {
      ctx.addIssue({
        code: 'custom',
        path: ['screenFailure', 'peakEndHour'],
        message: 'must differ from peakStartHour',
      });
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
    const divisions = new Set(scenario.divisions.map((d) => d.name));
    if (divisions.size !== scenario.divisions.length) {
      ctx.addIssue({ code: 'custom', path: ['divisions'], message: 'duplicate division name' });
    }
    scenario.queues.forEach((queue, i) => {
      if (queue.division !== undefined && !divisions.has(queue.division)) {
        ctx.addIssue({
          code: 'custom',
          path: ['queues', i, 'division'],
          message: `unknown division "${queue.division}"`,
        });
      }
    });
    scenario.credentials.divisions?.forEach((name, i) => {
      if (!divisions.has(name)) {
        ctx.addIssue({ code: 'custom', path: ['credentials', 'divisions', i], message: `unknown division "${name}"` });
      }
    });
    scenario.extraPolicies.forEach((policy, i) => {
      for (const [key, conditions] of [
        ['conditions', policy.conditions],
        ['change.before', policy.change?.before],
      ] as const) {
        conditions?.queues?.forEach((name, j) => {
          if (!names.has(name)) {
            ctx.addIssue({
              code: 'custom',
              path: ['extraPolicies', i, ...key.split('.'), 'queues', j],
              message: `unknown queue "${name}"`,
            });
          }
        });
        conditions?.users?.forEach((agent, j) => {
          if (agent >= scenario.agents) {
            ctx.addIssue({
              code: 'custom',
              path: ['extraPolicies', i, ...key.split('.'), 'users', j],
              message: `agent index ${agent} is not below agents (${scenario.agents})`,
            });
          }
        });
        conditions?.timeAllowed?.slots.forEach((slot, j) => {
          if (slot.stop <= slot.start && slot.stop !== '00:00') {
            ctx.addIssue({
              code: 'custom',
              path: ['extraPolicies', i, ...key.split('.'), 'timeAllowed', 'slots', j],
              message: 'stop must be after start (00:00 for midnight)',
            });
          }
        });
      }
    });
    const jobs = scenario.faults;
    if (jobs.detailJobFailedRate + jobs.detailJobCancelledRate + jobs.detailJobExpiredRate > 1) {
      ctx.addIssue({ code: 'custom', path: ['faults'], message: 'detail job failure rates must sum to <= 1' });
    }
    if (scenario.custody.exportFailRate + scenario.custody.exportNeverRate > 1) {
      ctx.addIssue({ code: 'custom', path: ['custody'], message: 'exportFailRate + exportNeverRate must be <= 1' });
    }
    for (const day of scenario.custody.bulkExportDays) {
      if (day >= scenario.days) {
        ctx.addIssue({
          code: 'custom',
          path: ['custody', 'bulkExportDays'],
          message: `day ${day} is outside the scenario's ${scenario.days} days (0-based)`,
        });
      }
    }
    if (scenario.faults.http5xxRate + scenario.faults.http429Rate > 1) {
      ctx.addIssue({ code: 'custom', path: ['faults'], message: 'http5xxRate + http429Rate must be <= 1' });
    }
  });

export type ExtraPolicy = z.infer<typeof ExtraPolicySchema>;
export type ExtraPolicyConditions = z.infer<typeof PolicyConditionsSchema>;

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
