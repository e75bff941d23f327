/**
 * Recording bulk jobs: POST a RecordingJobsQuery (PENDING), poll to READY (totals counted),
 * PUT {state:'PROCESSING'} (200), poll to FULFILLED. DELETE before processing
 * cancels. Failed recordings page by pageNumber, or by cursor with includeTotal=false. At most
 * 2 jobs per org may be PENDING or PROCESSING. Jobs do not change the recordings (the sandbox's
 * recordings follow their planned lifecycle only). Beside the caller's jobs, the org admin's
 * bulk export jobs of the scenario (custody.bulkExportDays) appear once the clock reaches their
 * creation, PROCESSING until their completion and FULFILLED after it.
 */
import { z } from 'zod';
import { bulkExportJobPlans, bulkExportOutcome } from '../generator/bulk-export-jobs.ts';
import { iso } from '../generator/iso.ts';
import { deterministicUuid } from '../generator/ids.ts';
import { candidateRange, overlappingPage } from '../generator/overlap.ts';
import { recordingViews } from '../generator/recording-metadata.ts';
import { decodeCursor, encodeCursor, pageSizeParam } from '../http/cursor.ts';
import { badRequest, errorReply, notFound } from '../http/errors.ts';
import { listingPage } from '../http/listing.ts';
import type { Reply, Route, RouteContext } from '../http/types.ts';
import type { RecordingJob } from '../state/store.ts';
import { parseInterval } from './interval.ts';

const MAX_ACTIVE = 2;
const BASE = String.raw`^/api/v2/recording/jobs`;

const JobsQuerySchema = z.looseObject({
  action: z.enum(['ARCHIVE', 'DELETE', 'EXPORT']),
  actionDate: z.string().optional(),
  actionAge: z.int().optional(),
  integrationId: z.string().optional(),
  includeScreenRecordings: z.boolean().optional(),
  conversationQuery: z.looseObject({ interval: z.string() }),
});

/** Every caller is the scenario's one OAuth client, so every job has the same user. */
function userRef(seed: number): Record<string, string> {
  const id = deterministicUuid(seed, 'oauth-client-user', 0);
  return { id, selfUri: `/api/v2/users/${id}` };
}

function jobJson(job: RecordingJob, seed: number): Record<string, unknown> {
  const t = job.totals;
  const processed = job.state === 'FULFILLED' && t !== null ? t.recordings - t.skipped - t.failed : 0;
  return {
    id: job.id,
    state: job.state,
    recordingJobsQuery: job.query,
    dateCreated: iso(job.createdMs),
    ...(t === null
      ? {}
      : {
          totalConversations: t.conversations,
          totalRecordings: t.recordings,
          totalSkippedRecordings: t.skipped,
          totalFailedRecordings: job.state === 'FULFILLED' ? t.failed : 0,
          totalProcessedRecordings: processed,
          percentProgress: job.state === 'FULFILLED' ? 100 : 0,
        }),
    ...(job.state === 'FAILED' ? { errorMessage: 'The job failed to process' } : {}),
    failedRecordings: `/api/v2/recording/jobs/${job.id}/failedrecordings`,
    user: job.userId === undefined ? userRef(seed) : { id: job.userId, selfUri: `/api/v2/users/${job.userId}` },
    selfUri: `/api/v2/recording/jobs/${job.id}`,
  };
}

function count(ctx: RouteContext, job: RecordingJob): void {
  const interval = parseInterval((job.query['conversationQuery'] as { interval: string }).interval);
  if (typeof interval === 'string') return;
  const range = candidateRange(ctx.scenario, interval.startMs, interval.endMs);
  const includeScreens = job.query['includeScreenRecordings'] !== false;
  const totals = { conversations: 0, recordings: 0, skipped: 0, failed: 0 };
  const failed: RecordingJob['failedRecordings'] = [];
  let from = range.from;
  for (;;) {
    const page = overlappingPage(ctx.scenario, range, from, 1000, ctx.now - 48 * 3_600_000);
    for (const plan of page.plans) {
      const views = recordingViews(ctx.scenario, plan, ctx.now, ctx.state.protection.get(plan.conversationId)).filter(
        (v) => includeScreens || v.lifecycle.media === 'audio',
      );
      if (views.length === 0) continue;
      totals.conversations++;
      for (const v of views) {
        totals.recordings++;
        if (v.fileState === 'DELETED' || v.fileState === 'UPLOADING') totals.skipped++;
        else if (v.fileState === 'ERROR') {
          totals.failed++;
          failed.push({ conversationId: plan.conversationId, recordingId: v.lifecycle.recordingId });
        }
      }
    }
    if (page.next === null) break;
    from = page.next;
  }
  job.totals = totals;
  job.failedRecordings = failed;
}

/** Brings the org admin's bulk export jobs up to the clock: listed once created, FULFILLED once done. */
function syncOrgJobs(ctx: RouteContext): void {
  for (const plan of bulkExportJobPlans(ctx.scenario)) {
    if (ctx.now < plan.createdMs) continue;
    let job = ctx.state.recordingJobs.get(plan.id);
    if (job === undefined) {
      const outcome = bulkExportOutcome(ctx.scenario, plan);
      job = {
        id: plan.id,
        serial: -1 - plan.day,
        query: {
          action: 'EXPORT',
          actionDate: iso(plan.actionMs),
          integrationId: plan.integrationId,
          includeScreenRecordings: true,
          conversationQuery: { interval: `${iso(plan.intervalStartMs)}/${iso(plan.intervalEndMs)}` },
        },
        action: 'EXPORT',
        createdMs: plan.createdMs,
        token: '',
        userId: plan.userId,
        completesAtMs: plan.completedMs,
        state: 'PROCESSING',
        polls: 0,
        totals: {
          conversations: outcome.conversations,
          recordings: outcome.recordings,
          skipped: outcome.skipped,
          failed: outcome.failed.length,
        },
        failedRecordings: [...outcome.failed],
      };
      ctx.state.recordingJobs.set(job.id, job);
    }
    if (job.state === 'PROCESSING' && ctx.now >= plan.completedMs) job.state = 'FULFILLED';
  }
}

const active = (ctx: RouteContext): number =>
  [...ctx.state.recordingJobs.values()].filter((j) => j.state === 'PENDING' || j.state === 'PROCESSING').length;

function create(ctx: RouteContext): Reply {
  syncOrgJobs(ctx);
  const parsed = JobsQuerySchema.safeParse(ctx.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return badRequest(`Invalid query: ${issue?.path.map(String).join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  const query = parsed.data;
  if (query.action === 'EXPORT' && query.integrationId === undefined) {
    return badRequest('integrationId is required for EXPORT jobs');
  }
  if (query.actionDate === undefined && query.actionAge === undefined) {
    return badRequest('One of actionDate or actionAge is required');
  }
  const interval = parseInterval(query.conversationQuery.interval);
  if (typeof interval === 'string') return badRequest(interval);
  if (active(ctx) >= MAX_ACTIVE) {
    return errorReply(
      400,
      'recording.job.limit.exceeded',
      `Only ${MAX_ACTIVE} recording jobs may be PENDING or PROCESSING at a time`,
    );
  }
  const serial = ctx.state.recordingJobSerial++;
  const job: RecordingJob = {
    id: deterministicUuid(ctx.scenario.seed, 'recording-job', serial),
    serial,
    query,
    action: query.action,
    createdMs: ctx.now,
    token: ctx.token,
    state: 'PENDING',
    polls: 0,
    totals: null,
    failedRecordings: [],
  };
  ctx.state.recordingJobs.set(job.id, job);
  return { status: 202, body: jobJson(job, ctx.scenario.seed) };
}

function jobOf(ctx: RouteContext): RecordingJob | null {
  syncOrgJobs(ctx);
  return ctx.state.recordingJobs.get(ctx.params['jobId'] ?? '') ?? null;
}

const jobNotFound = (ctx: RouteContext): Reply => notFound(`Recording job ${ctx.params['jobId'] ?? ''} not found`);

function get(ctx: RouteContext): Reply {
  const job = jobOf(ctx);
  if (job === null) return jobNotFound(ctx);
  const polls = ctx.scenario.jobs.pollsBeforeFulfilled;
  if (job.completesAtMs === undefined && (job.state === 'PENDING' || job.state === 'PROCESSING')) {
    job.polls++;
    if (job.polls > polls) {
      if (job.state === 'PENDING') {
        count(ctx, job);
        job.state = 'READY';
      } else {
        job.state = ctx.state.failNextRecordingJob ? 'FAILED' : 'FULFILLED';
        ctx.state.failNextRecordingJob = false;
      }
      job.polls = 0;
    }
  }
  return { status: 200, body: jobJson(job, ctx.scenario.seed) };
}

function execute(ctx: RouteContext): Reply {
  const job = jobOf(ctx);
  if (job === null) return jobNotFound(ctx);
  const parsed = z.looseObject({ state: z.literal('PROCESSING') }).safeParse(ctx.body);
  if (!parsed.success) return badRequest('state must be PROCESSING');
  if (job.state !== 'READY') return badRequest(`Job ${job.id} is ${job.state}; only a READY job can be executed`);
  if (active(ctx) >= MAX_ACTIVE) {
    return errorReply(
      400,
      'recording.job.limit.exceeded',
      `Only ${MAX_ACTIVE} recording jobs may be PENDING or PROCESSING`,
    );
  }
  job.state = 'PROCESSING';
  job.polls = 0;
  // The PUT answers 200 with the RecordingJob (the POST answers 202).
  return { status: 200, body: jobJson(job, ctx.scenario.seed) };
}

function cancel(ctx: RouteContext): Reply {
  const job = jobOf(ctx);
  if (job === null) return jobNotFound(ctx);
  if (job.state === 'PROCESSING') return badRequest(`Job ${job.id} is PROCESSING and cannot be cancelled`);
  if (job.state === 'PENDING' || job.state === 'READY') job.state = 'CANCELLED';
  return { status: 204 };
}

function list(ctx: RouteContext): Reply {
  syncOrgJobs(ctx);
  const state = ctx.query.get('state');
  const jobType = ctx.query.get('jobType');
  const mine = ctx.query.get('showOnlyMyJobs') === 'true';
  const jobs = [...ctx.state.recordingJobs.values()]
    .filter((j) => (state === null || j.state === state) && (jobType === null || j.action === jobType))
    .filter((j) => !mine || j.token === ctx.token)
    .map((j) => jobJson(j, ctx.scenario.seed));
  return { status: 200, body: listingPage(jobs, ctx.query, '/api/v2/recording/jobs') };
}

/**
 * With includeTotal=false (Genesys's recommendation) the listing pages by cursor: no total or
 * pageCount, and the next page's cursor inside nextUri (FailedRecordingEntityListing has no
 * cursor field), absent on the last page.
 */
function cursorListing(ctx: RouteContext, entities: readonly unknown[], basePath: string): Record<string, unknown> {
  const pageSize = pageSizeParam(ctx.query, 25, 100);
  const cursor = ctx.query.get('cursor');
  const [from = 0] = cursor === null || cursor === '' ? [0] : decodeCursor('failedrecordings', cursor, 1);
  const base = `${basePath}?pageSize=${pageSize}&includeTotal=false`;
  const next = from + pageSize < entities.length ? encodeCursor('failedrecordings', [from + pageSize]) : null;
  return {
    entities: entities.slice(from, from + pageSize),
    pageSize,
    selfUri: cursor === null || cursor === '' ? base : `${base}&cursor=${cursor}`,
    ...(next === null ? {} : { nextUri: `${base}&cursor=${next}` }),
  };
}

function failedRecordings(ctx: RouteContext): Reply {
  const job = jobOf(ctx);
  if (job === null) return jobNotFound(ctx);
  pageSizeParam(ctx.query, 25, 100);
  const entities = (job.state === 'FULFILLED' ? job.failedRecordings : []).map((f) => ({
    conversation: { id: f.conversationId, selfUri: `/api/v2/conversations/${f.conversationId}` },
    recording: {
      id: f.recordingId,
      selfUri: `/api/v2/conversations/${f.conversationId}/recordings/${f.recordingId}`,
    },
  }));
  const basePath = `/api/v2/recording/jobs/${job.id}/failedrecordings`;
  const byCursor = ctx.query.get('includeTotal') === 'false' || ctx.query.has('cursor');
  return {
    status: 200,
    body: byCursor ? cursorListing(ctx, entities, basePath) : listingPage(entities, ctx.query, basePath),
  };
}

export const recordingJobRoutes: readonly Route[] = [
  { method: 'POST', name: 'recording.jobs.create', pattern: new RegExp(`${BASE}$`), handle: create },
  { method: 'GET', name: 'recording.jobs.list', pattern: new RegExp(`${BASE}$`), handle: list },
  {
    method: 'GET',
    name: 'recording.jobs.failedRecordings',
    pattern: new RegExp(`${BASE}/(?<jobId>[^/]+)/failedrecordings$`),
    handle: failedRecordings,
  },
  { method: 'GET', name: 'recording.jobs.get', pattern: new RegExp(`${BASE}/(?<jobId>[^/]+)$`), handle: get },
  { method: 'PUT', name: 'recording.jobs.execute', pattern: new RegExp(`${BASE}/(?<jobId>[^/]+)$`), handle: execute },
  { method: 'DELETE', name: 'recording.jobs.delete', pattern: new RegExp(`${BASE}/(?<jobId>[^/]+)$`), handle: cancel },
];
