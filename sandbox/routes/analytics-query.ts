/**
 * The synchronous conversation details query (pageNumber paging, no attributes, conversations
 * that started on a UTC day the interval touches), conversation details by id, and the data
 * action aggregates query (executions of ScreenPop_ScreenRec per interval by responseStatus).
 */
import { z } from 'zod';
import { conversationCount, firstIndexStartingAtOrAfter } from '../generator/arrivals.ts';
import { renderConversation } from '../generator/conversation-payload.ts';
import { actionExecutionOf, dataActionsOf } from '../generator/data-actions.ts';
import { iso } from '../generator/iso.ts';
import { planConversation, visibleToClient } from '../generator/plan.ts';
import { badRequest, notFound } from '../http/errors.ts';
import type { Reply, Route, RouteContext } from '../http/types.ts';
import { parseInterval } from './interval.ts';
import { planOfPath } from './recordings.ts';

const DAY_MS = 86_400_000;
/** Deep paging limit (a third party observed this 400). */
const MAX_RESULTS = 100_000;

const SyncQuerySchema = z.looseObject({
  interval: z.string(),
  order: z.enum(['asc', 'desc']).optional(),
  paging: z.looseObject({ pageSize: z.int().min(1).optional(), pageNumber: z.int().min(1).optional() }).optional(),
});

function invalid(error: z.ZodError): Reply {
  const issue = error.issues[0];
  return badRequest(`Invalid query: ${issue?.path.map(String).join('.') ?? ''} ${issue?.message ?? ''}`.trim());
}

function syncQuery(ctx: RouteContext): Reply {
  const parsed = SyncQuerySchema.safeParse(ctx.body);
  if (!parsed.success) return invalid(parsed.error);
  const { interval, order, paging } = parsed.data;
  if (order === 'desc') return badRequest('The sandbox supports order asc only');
  const range = parseInterval(interval);
  if (typeof range === 'string') return badRequest(range);
  const pageSize = paging?.pageSize ?? 25;
  const pageNumber = paging?.pageNumber ?? 1;
  const cap = ctx.scenario.limits.syncQueryPageSizeMax;
  if (pageSize > cap) return badRequest(`paging.pageSize [${pageSize}] must not exceed ${cap}`);
  if (pageSize * pageNumber > MAX_RESULTS) return badRequest('Pagination may not exceed 100000 results.');
  // Conversations that started on any UTC day the interval touches by now, those still in
  // progress included (without conversationEnd, their open segments without segmentEnd).
  const dayStart = Math.floor(range.startMs / DAY_MS) * DAY_MS;
  const dayEnd = (Math.floor((range.endMs - 1) / DAY_MS) + 1) * DAY_MS;
  const from = firstIndexStartingAtOrAfter(ctx.scenario, dayStart);
  const to = firstIndexStartingAtOrAfter(ctx.scenario, Math.min(dayEnd, ctx.now + 1));
  const conversations: string[] = [];
  const first = from + (pageNumber - 1) * pageSize;
  for (let i = first; i < Math.min(to, first + pageSize); i++) {
    const plan = planConversation(ctx.scenario, i);
    if (!visibleToClient(ctx.scenario, plan)) continue; // outside the client's divisions
    conversations.push(JSON.stringify(renderConversation(ctx.scenario, plan, false, ctx.now)));
  }
  const totalHits = to - from;
  if (conversations.length === 0) return { status: 200, body: { totalHits } };
  return { status: 200, rawBody: `{"conversations":[${conversations.join(',')}],"totalHits":${totalHits}}` };
}

function detailsById(ctx: RouteContext): Reply {
  const plan = planOfPath(ctx);
  if (plan === null || plan.startMs > ctx.now || !visibleToClient(ctx.scenario, plan)) {
    return notFound(`Conversation ${ctx.params['conversationId'] ?? ''} not found`);
  }
  return { status: 200, body: renderConversation(ctx.scenario, plan, false, ctx.now) };
}

const ActionQuerySchema = z.looseObject({
  interval: z.string(),
  granularity: z.string().optional(),
  groupBy: z.array(z.string()).optional(),
  metrics: z.array(z.string()).min(1),
  filter: z.unknown().optional(),
});

const GROUPABLE = new Set([
  'actionCategory',
  'actionId',
  'actionName',
  'errorType',
  'integrationId',
  'integrationName',
  'responseStatus',
]);

/** PT{n}M, PT{n}H, P{n}D, P{n}W → ms; null if unsupported. */
function granularityMs(granularity: string): number | null {
  const match = /^P(?:(\d+)W|(\d+)D|T(?:(\d+)H)?(?:(\d+)M)?)$/.exec(granularity);
  if (match === null) return null;
  const [, w, d, h, m] = match;
  const ms =
    Number(w ?? 0) * 7 * DAY_MS + Number(d ?? 0) * DAY_MS + Number(h ?? 0) * 3_600_000 + Number(m ?? 0) * 60_000;
  return ms > 0 ? ms : null;
}

function actionAggregates(ctx: RouteContext): Reply {
  const parsed = ActionQuerySchema.safeParse(ctx.body);
  if (!parsed.success) return invalid(parsed.error);
  const { interval, granularity, groupBy = [], metrics } = parsed.data;
  const range = parseInterval(interval);
  if (typeof range === 'string') return badRequest(range);
  const bad = groupBy.find((g) => !GROUPABLE.has(g));
  if (bad !== undefined) return badRequest(`groupBy [${bad}] is not a valid action aggregation dimension`);
  if (metrics.some((m) => m !== 'tTotalExecution'))
    return badRequest('The sandbox supports metric tTotalExecution only');
  const step = granularity === undefined ? range.endMs - range.startMs : granularityMs(granularity);
  if (step === null) return badRequest(`Unsupported granularity [${granularity ?? ''}]`);
  const action = dataActionsOf(ctx.scenario)[0];
  if (action === undefined) return { status: 200, body: {} };
  // group key → bucket start → stats
  const groups = new Map<string, { group: Record<string, string>; buckets: Map<number, number[]> }>();
  const from = firstIndexStartingAtOrAfter(ctx.scenario, range.startMs - 3_600_000);
  const to = Math.min(conversationCount(ctx.scenario), firstIndexStartingAtOrAfter(ctx.scenario, range.endMs));
  for (let i = from; i < to; i++) {
    const exec = actionExecutionOf(ctx.scenario, planConversation(ctx.scenario, i));
    if (exec.atMs < range.startMs || exec.atMs >= range.endMs || exec.atMs > ctx.now) continue;
    const dims: Record<string, string> = {
      actionCategory: action.category,
      actionId: action.id,
      actionName: action.name,
      integrationId: action.integrationId,
      integrationName: action.integrationName,
      responseStatus: String(exec.status),
      ...(exec.errorType === null ? {} : { errorType: exec.errorType }),
    };
    const group: Record<string, string> = {};
    for (const g of groupBy) if (dims[g] !== undefined) group[g] = dims[g];
    const key = JSON.stringify(group);
    let entry = groups.get(key);
    if (entry === undefined) {
      entry = { group, buckets: new Map() };
      groups.set(key, entry);
    }
    const bucket = range.startMs + Math.floor((exec.atMs - range.startMs) / step) * step;
    const stats = entry.buckets.get(bucket) ?? [0, 0, Number.POSITIVE_INFINITY, 0];
    stats[0] = (stats[0] ?? 0) + exec.durationMs;
    stats[1] = (stats[1] ?? 0) + 1;
    stats[2] = Math.min(stats[2] ?? Number.POSITIVE_INFINITY, exec.durationMs);
    stats[3] = Math.max(stats[3] ?? 0, exec.durationMs);
    entry.buckets.set(bucket, stats);
  }
  const results = [...groups.values()].map(({ group, buckets }) => ({
    group,
    data: [...buckets.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([start, [sum = 0, count = 0, min = 0, max = 0]]) => ({
        interval: `${iso(start)}/${iso(Math.min(start + step, range.endMs))}`,
        metrics: [{ metric: 'tTotalExecution', stats: { max, min, count, sum } }],
      })),
  }));
  return { status: 200, body: results.length === 0 ? {} : { results } };
}

export const analyticsQueryRoutes: readonly Route[] = [
  {
    method: 'POST',
    name: 'analytics.conversations.detailsQuery',
    pattern: /^\/api\/v2\/analytics\/conversations\/details\/query$/,
    handle: syncQuery,
  },
  {
    method: 'GET',
    name: 'analytics.conversations.details',
    pattern: /^\/api\/v2\/analytics\/conversations\/(?<conversationId>[^/]+)\/details$/,
    handle: detailsById,
  },
  {
    method: 'POST',
    name: 'analytics.actions.aggregatesQuery',
    pattern: /^\/api\/v2\/analytics\/actions\/aggregates\/query$/,
    handle: actionAggregates,
  },
];
