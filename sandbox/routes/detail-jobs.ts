/**
 * Async conversation detail jobs: POST a query, poll its status to FULFILLED (202 while it is
 * QUEUED or PENDING, 200 once it has ended), page the results by cursor (absent on the last
 * page) up to the result cap. Only job results carry participant attributes.
 */
import { z } from 'zod';
import { scenarioEndMs } from '../generator/arrivals.ts';
import { renderConversation } from '../generator/conversation-payload.ts';
import { iso } from '../generator/iso.ts';
import { overlappingPage } from '../generator/overlap.ts';
import { visibleToClient } from '../generator/plan.ts';
import { hashUnit } from '../generator/random.ts';
import { badRequest, errorReply, notFound } from '../http/errors.ts';
import { parseQuery, ReplyError } from '../http/query.ts';
import type { Reply, Route, RouteContext } from '../http/types.ts';
import type { Scenario } from '../scenario.ts';
import type { DetailJob } from '../state/jobs.ts';
import { parseInterval } from './interval.ts';

const JobQuerySchema = z.looseObject({
  interval: z.string(),
  order: z.enum(['asc', 'desc', 'unordered']).optional(),
  orderBy: z.enum(['conversationStart', 'conversationEnd', 'segmentStart', 'segmentEnd']).optional(),
});

const ResultsQuerySchema = z.object({
  cursor: z.string().optional(),
  pageSize: z.coerce.number().int().min(1).optional(),
});

/** Default results pageSize when the caller sends none. */
const DEFAULT_PAGE_SIZE = 100;
const BASE = String.raw`^/api/v2/analytics/conversations/details/jobs`;

/**
 * How far the data lake is complete at `now`: the end of the scenario's last local day plus one
 * hour, or `now` minus the availability lag if that is earlier.
 */
export function dataAvailabilityMs(scenario: Scenario, now = Date.now()): number {
  return Math.min(scenarioEndMs(scenario) + 3_600_000, now - scenario.timeline.availabilityLagMinutes * 60_000);
}

export function dataAvailabilityDate(scenario: Scenario, now = Date.now()): string {
  return iso(dataAvailabilityMs(scenario, now));
}

function createJob(ctx: RouteContext): Reply {
  const parsed = JobQuerySchema.safeParse(ctx.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return badRequest(`Invalid query: ${issue?.path.map(String).join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  const { interval, order, orderBy } = parsed.data;
  if (order === 'desc') return badRequest('The sandbox supports order asc (or unordered) only');
  if (orderBy !== undefined && orderBy !== 'conversationStart') {
    return badRequest('The sandbox supports orderBy conversationStart only');
  }
  const range = parseInterval(interval);
  if (typeof range === 'string') return badRequest(range);
  const job = ctx.jobs.create(range.startMs, range.endMs, ctx.now, dataAvailabilityMs(ctx.scenario, ctx.now));
  return { status: 202, body: { jobId: job.id } };
}

function statusBody(job: DetailJob) {
  return {
    state: job.state,
    ...(job.errorMessage === null ? {} : { errorMessage: job.errorMessage }),
    submissionDate: iso(job.submissionMs),
    ...(job.completionMs === null ? {} : { completionDate: iso(job.completionMs) }),
    expirationDate: iso(job.expirationMs),
  };
}

/** 202 "Accepted - Running query asynchronously" while the job runs, 200 once it has ended. */
function jobStatus(ctx: RouteContext): Reply {
  const job = ctx.jobs.poll(ctx.params['jobId'] ?? '', ctx.now);
  if (job === undefined) return jobNotFound(ctx);
  const running = job.state === 'QUEUED' || job.state === 'PENDING';
  return { status: running ? 202 : 200, body: statusBody(job) };
}

const jobNotFound = (ctx: RouteContext): Reply => notFound(`Job ${ctx.params['jobId'] ?? ''} not found`);

/** A cursor: the next candidate index, and how many results the pages before it served (`n`). */
const encodeCursor = (job: DetailJob, index: number, served: number): string =>
  Buffer.from(JSON.stringify({ j: job.id.slice(0, 8), i: index, n: served })).toString('base64url');

function decodeCursor(job: DetailJob, cursor: string): { index: number; served: number } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const parsed = z
      .object({ j: z.literal(job.id.slice(0, 8)), i: z.int().min(0), n: z.int().min(0).default(0) })
      .parse(value);
    return { index: parsed.i, served: parsed.n };
  } catch {
    throw new ReplyError(badRequest(`Invalid cursor [${cursor}] for job ${job.id}`));
  }
}

/** With the shortPageRate fault, some pages hold fewer conversations than asked for. */
function shortened(scenario: Scenario, job: DetailJob, from: number, pageSize: number): number {
  const { shortPageRate } = scenario.faults;
  if (shortPageRate === 0 || pageSize < 2) return pageSize;
  if (hashUnit(scenario.seed, from, 'short-page', job.serial) >= shortPageRate) return pageSize;
  return 1 + Math.floor(hashUnit(scenario.seed, from, 'short-page-size', job.serial) * (pageSize - 1));
}

function jobResults(ctx: RouteContext): Reply {
  const job = ctx.jobs.get(ctx.params['jobId'] ?? '', ctx.now);
  if (job === undefined) return jobNotFound(ctx);
  if (job.state !== 'FULFILLED')
    return badRequest(`Job ${job.id} is ${job.state}; results are available once it is FULFILLED`);
  const query = parseQuery(ResultsQuerySchema, ctx.query);
  const pageSize = Math.min(query.pageSize ?? DEFAULT_PAGE_SIZE, ctx.scenario.limits.detailJobPageSizeMax);
  const { index: from, served } =
    query.cursor === undefined || query.cursor === ''
      ? { index: job.range.from, served: 0 }
      : decodeCursor(job, query.cursor);
  const page = overlappingPage(
    ctx.scenario,
    job.range,
    from,
    shortened(ctx.scenario, job, from, pageSize),
    job.availabilityMs,
  );
  const cap = ctx.scenario.limits.detailJobResultCap;
  if (served + page.plans.length > cap) {
    return errorReply(400, 'bad.request', `Pagination may not exceed ${cap} results`, { messageParams: {} });
  }
  // Serialising each conversation on its own keeps the page's object graph short-lived, which
  // roughly halves the time per 1000-conversation page compared with one JSON.stringify.
  // Results hold only conversations in the OAuth client's divisions (so a page may come up short).
  const conversations = page.plans
    .filter((plan) => visibleToClient(ctx.scenario, plan))
    .map((plan) => JSON.stringify(renderConversation(ctx.scenario, plan, true, job.submissionMs)));
  const next = page.next === null ? null : encodeCursor(job, page.next, served + page.plans.length);
  const cursor = next === null ? '' : `,"cursor":${JSON.stringify(next)}`;
  const availability = JSON.stringify(iso(job.availabilityMs));
  return {
    status: 200,
    rawBody: `{"conversations":[${conversations.join(',')}]${cursor},"dataAvailabilityDate":${availability}}`,
  };
}

export const detailJobRoutes: readonly Route[] = [
  {
    method: 'GET',
    name: 'analytics.detailJobs.availability',
    pattern: new RegExp(`${BASE}/availability$`),
    handle: (ctx) => ({ status: 200, body: { dataAvailabilityDate: dataAvailabilityDate(ctx.scenario, ctx.now) } }),
  },
  { method: 'POST', name: 'analytics.detailJobs.create', pattern: new RegExp(`${BASE}$`), handle: createJob },
  {
    method: 'GET',
    name: 'analytics.detailJobs.results',
    pattern: new RegExp(`${BASE}/(?<jobId>[^/]+)/results$`),
    handle: jobResults,
  },
  {
    method: 'GET',
    name: 'analytics.detailJobs.status',
    pattern: new RegExp(`${BASE}/(?<jobId>[^/]+)$`),
    handle: jobStatus,
  },
  {
    method: 'DELETE',
    name: 'analytics.detailJobs.delete',
    pattern: new RegExp(`${BASE}/(?<jobId>[^/]+)$`),
    handle: (ctx) => (ctx.jobs.delete(ctx.params['jobId'] ?? '', ctx.now) ? { status: 204 } : jobNotFound(ctx)),
  },
];
