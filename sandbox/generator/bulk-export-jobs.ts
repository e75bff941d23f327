/**
 * Recording EXPORT bulk jobs an org admin ran before the pipeline looked (scenario
 * `custody.bulkExportDays`): one job per listed local day, over the conversations that overlap
 * that day (as a RecordingJobsQuery's conversationQuery interval selects them), created the next
 * morning, executed an hour later and FULFILLED half an hour after that. Its failed recordings
 * are the ones in ERROR when it ran (Genesys cannot export a recording whose media failed). They
 * are a pure function of the scenario, like the conversations: the sandbox lists them once the
 * clock has passed their creation, and the ground truth names the same failures.
 */
import { dayWallMs } from './arrivals.ts';
import { deterministicUuid } from './ids.ts';
import { fileStateAt, lifecyclesOf } from './lifecycle.ts';
import { orgOf } from './org.ts';
import { candidateRange, overlappingPage } from './overlap.ts';
import { zonedWallToUtc } from './time-zone.ts';
import type { Scenario } from '../scenario.ts';

const HOUR_MS = 3_600_000;

export interface BulkExportFailure {
  readonly conversationId: string;
  readonly recordingId: string;
}

export interface BulkExportJobPlan {
  readonly id: string;
  readonly day: number;
  readonly intervalStartMs: number;
  readonly intervalEndMs: number;
  readonly createdMs: number;
  /** The job's actionDate. */
  readonly actionMs: number;
  readonly completedMs: number;
  readonly integrationId: string;
  /** The admin who created it (the org's QA lead). */
  readonly userId: string;
}

export interface BulkExportOutcome {
  readonly conversations: number;
  readonly recordings: number;
  readonly skipped: number;
  readonly failed: readonly BulkExportFailure[];
}

/** The S3 integration the scenario's bulk exports write to. */
export const exportIntegrationId = (scenario: Scenario): string =>
  deterministicUuid(scenario.seed, 'export-integration', 0);

export function bulkExportJobPlans(scenario: Scenario): BulkExportJobPlan[] {
  const org = orgOf(scenario);
  const admin = org.users.find((u) => u.role === 'qa') ?? org.users[0];
  return scenario.custody.bulkExportDays.map((day) => {
    const intervalStartMs = zonedWallToUtc(scenario.orgTimeZone, dayWallMs(scenario, day));
    const intervalEndMs = zonedWallToUtc(scenario.orgTimeZone, dayWallMs(scenario, day + 1));
    const createdMs = intervalEndMs + 8 * HOUR_MS;
    return {
      id: deterministicUuid(scenario.seed, 'bulk-export-job', day),
      day,
      intervalStartMs,
      intervalEndMs,
      createdMs,
      actionMs: createdMs + HOUR_MS,
      completedMs: createdMs + HOUR_MS + 30 * 60_000,
      integrationId: exportIntegrationId(scenario),
      userId: admin?.id ?? deterministicUuid(scenario.seed, 'org-admin', 0),
    };
  });
}

/** What the job did when it ran: every recording of the conversations it selected, ERROR ones failed. */
export function bulkExportOutcome(scenario: Scenario, job: BulkExportJobPlan): BulkExportOutcome {
  const range = candidateRange(scenario, job.intervalStartMs, job.intervalEndMs);
  const { plans } = overlappingPage(scenario, range, range.from, Number.MAX_SAFE_INTEGER, job.actionMs);
  let conversations = 0;
  let recordings = 0;
  let skipped = 0;
  const failed: BulkExportFailure[] = [];
  for (const plan of plans) {
    const lifecycles = lifecyclesOf(scenario, plan);
    if (lifecycles.length === 0) continue;
    conversations++;
    for (const l of lifecycles) {
      recordings++;
      const state = fileStateAt(l, job.actionMs);
      if (state === 'DELETED' || state === 'UPLOADING') skipped++;
      else if (state === 'ERROR') failed.push({ conversationId: plan.conversationId, recordingId: l.recordingId });
    }
  }
  return { conversations, recordings, skipped, failed };
}

/** The bulk jobs whose failures a reader at `now` can see (FULFILLED by then), with them. */
export function fulfilledBulkExports(
  scenario: Scenario,
  now: number,
): { readonly job: BulkExportJobPlan; readonly outcome: BulkExportOutcome }[] {
  return bulkExportJobPlans(scenario)
    .filter((job) => job.completedMs <= now)
    .map((job) => ({ job, outcome: bulkExportOutcome(scenario, job) }));
}
