/**
 * Audit queries: the quality (interaction) audit trail of recordings and the org-wide audit log.
 * Both are transactions: POST a query (Queued), poll it (Running, then Succeeded), page the
 * results by cursor (absent on the last page). Results hold events up to the submission time.
 */
import { z } from 'zod';
import { conversationCount, firstIndexStartingAtOrAfter } from '../generator/arrivals.ts';
import { auditDaysOf } from '../generator/audit-days.ts';
import { auditDate, orgAuditEvents, orgAuditJson, qualityAuditJson } from '../generator/audit-log.ts';
import { conversationIdOf, deterministicUuid, indexOfConversationId } from '../generator/ids.ts';
import { lifecyclesWith } from '../generator/lifecycle.ts';
import type { AuditEvent, RecordingLifecycle } from '../generator/lifecycle.ts';
import { planConversation } from '../generator/plan.ts';
import { decodeCursor, encodeCursor, pageSizeParam } from '../http/cursor.ts';
import { badRequest, notFound } from '../http/errors.ts';
import type { Reply, Route, RouteContext } from '../http/types.ts';
import type { Scenario } from '../scenario.ts';
import type { AuditTransaction } from '../state/store.ts';
import { parseInterval } from './interval.ts';

const FilterSchema = z.looseObject({ property: z.string(), value: z.string() });
const QualityQuerySchema = z.looseObject({
  interval: z.string(),
  filters: z.array(FilterSchema),
  sort: z.array(z.looseObject({ name: z.string(), sortOrder: z.string().optional() })).optional(),
});
const OrgQuerySchema = z.looseObject({
  interval: z.string(),
  serviceName: z.string().optional(),
  filters: z.array(FilterSchema).optional(),
  sort: z.array(z.unknown()).optional(),
});

const QUALITY_FILTERS = new Set([
  'UserId',
  'TrusteeOrganizationId',
  'TrusteeOnlyAudits',
  'ClientId',
  'Action',
  'EntityType',
  'EntityId',
  'ConversationId',
  'ServiceName',
]);
const ORG_FILTERS = new Set(['UserId', 'TrusteeOrganizationId', 'ClientId', 'Action', 'EntityType', 'EntityId']);
/** Status polls answered Queued (first) and Running before Succeeded. */
const POLLS_BEFORE_SUCCEEDED = 2;

function submit(ctx: RouteContext, kind: 'quality' | 'org'): Reply {
  const parsed = (kind === 'quality' ? QualityQuerySchema : OrgQuerySchema).safeParse(ctx.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return badRequest(`Invalid query: ${issue?.path.map(String).join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  const body = parsed.data as Record<string, unknown> & { interval: string; filters?: { property: string }[] };
  const allowed = kind === 'quality' ? QUALITY_FILTERS : ORG_FILTERS;
  const bad = (body.filters ?? []).find((f) => !allowed.has(f.property));
  if (bad !== undefined) return badRequest(`Invalid filter property [${bad.property}]`);
  const range = parseInterval(body.interval);
  if (typeof range === 'string') return badRequest(range);
  const id = deterministicUuid(ctx.scenario.seed, `audit-tx-${kind}`, ctx.state.auditSerial++);
  const tx: AuditTransaction = {
    id,
    kind,
    body,
    startMs: range.startMs,
    endMs: range.endMs,
    submittedMs: ctx.now,
    polls: 0,
  };
  ctx.state.auditTransactions.set(id, tx);
  return { status: 202, body: statusBody(ctx.scenario, tx, 'Queued') };
}

function stateOf(tx: AuditTransaction): string {
  return tx.polls === 0 ? 'Queued' : tx.polls <= POLLS_BEFORE_SUCCEEDED - 1 ? 'Running' : 'Succeeded';
}

function statusBody(scenario: Scenario, tx: AuditTransaction, state: string): Record<string, unknown> {
  const common = {
    id: tx.id,
    state,
    interval: tx.body['interval'],
    ...(tx.body['filters'] === undefined ? {} : { filters: tx.body['filters'] }),
    ...(tx.body['sort'] === undefined ? {} : { sort: tx.body['sort'] }),
  };
  return tx.kind === 'quality'
    ? { ...common, dateStart: auditDate(scenario, tx.submittedMs) }
    : {
        ...common,
        startDate: auditDate(scenario, tx.submittedMs),
        ...(tx.body['serviceName'] === undefined ? {} : { serviceName: tx.body['serviceName'] }),
      };
}

function transactionOf(ctx: RouteContext, kind: 'quality' | 'org'): AuditTransaction | Reply {
  const tx = ctx.state.auditTransactions.get(ctx.params['transactionId'] ?? '');
  if (tx?.kind !== kind) return notFound(`Audit query ${ctx.params['transactionId'] ?? ''} not found`);
  return tx;
}

function status(ctx: RouteContext, kind: 'quality' | 'org'): Reply {
  const tx = transactionOf(ctx, kind);
  if (!('id' in tx)) return tx;
  tx.polls++;
  const state = stateOf(tx);
  // Quality audit transactions answer 202 while in progress (documented); org audits are left at 200 (UNVERIFIED).
  const running = kind === 'quality' && state !== 'Succeeded';
  return { status: running ? 202 : 200, body: statusBody(ctx.scenario, tx, state) };
}

function filterValues(tx: AuditTransaction, property: string): string[] | null {
  const filters = (tx.body['filters'] ?? []) as { property: string; value: string }[];
  const values = filters.filter((f) => f.property === property).map((f) => f.value);
  return values.length === 0 ? null : values;
}

function qualityMatches(tx: AuditTransaction, e: AuditEvent): boolean {
  if (e.atMs < tx.startMs || e.atMs >= tx.endMs || e.atMs > tx.submittedMs) return false;
  const checks: [string, string | null][] = [
    ['UserId', e.user?.id ?? null],
    ['Action', e.action],
    ['EntityType', e.entityType],
    ['EntityId', e.recordingId],
    ['ServiceName', e.serviceName],
  ];
  return checks.every(([property, actual]) => {
    const wanted = filterValues(tx, property);
    return wanted === null || (actual !== null && wanted.includes(actual));
  });
}

function qualityResults(ctx: RouteContext, tx: AuditTransaction): Reply {
  const pageSize = pageSizeParam(ctx.query, 25, 500);
  const cursor = ctx.query.get('cursor');
  const [index = 0, skip = 0] = cursor === null || cursor === '' ? [0, 0] : decodeCursor(tx.id.slice(0, 8), cursor, 2);
  const conversationIds = filterValues(tx, 'ConversationId');
  // Conversations to scan, in order: the filtered ones, or every one that started before the interval ends.
  const indices: number[] | null =
    conversationIds === null
      ? null
      : conversationIds
          .map((id) => indexOfConversationId(ctx.scenario.seed, id))
          .filter((i): i is number => i !== null && i < conversationCount(ctx.scenario))
          .sort((a, b) => a - b);
  const last =
    indices === null ? firstIndexStartingAtOrAfter(ctx.scenario, Math.min(tx.endMs, tx.submittedMs)) : indices.length;
  const entities: unknown[] = [];
  const auditDays = auditDaysOf(ctx.scenario);
  let next: [number, number] | null = null;
  for (let position = index; position < last; position++) {
    const i = indices === null ? position : indices[position];
    if (i === undefined) break;
    // Protection changed through the API leaves its own events (and may move the Delete event):
    // those conversations are always planned, the others only if they may have events in the interval.
    const changes =
      ctx.state.protection.size === 0 ? undefined : ctx.state.protection.get(conversationIdOf(ctx.scenario.seed, i));
    if (changes === undefined && !auditDays.mayHaveEventIn(i, tx.startMs, tx.endMs)) continue;
    const plan = planConversation(ctx.scenario, i);
    const lifecycles = lifecyclesWith(ctx.scenario, plan, changes);
    if (changes === undefined)
      auditDays.record(
        i,
        lifecycles.flatMap((l) => l.events.map((e) => e.atMs)),
      );
    const events: [AuditEvent, RecordingLifecycle][] = lifecycles
      .flatMap((l) => l.events.map((e): [AuditEvent, RecordingLifecycle] => [e, l]))
      .filter(([e]) => qualityMatches(tx, e))
      .sort((a, b) => a[0].atMs - b[0].atMs || a[0].id.localeCompare(b[0].id));
    let k = position === index ? skip : 0;
    for (; k < events.length; k++) {
      if (entities.length === pageSize) break;
      const pair = events[k];
      if (pair !== undefined) entities.push(qualityAuditJson(ctx.scenario, pair[0], pair[1]));
    }
    if (entities.length === pageSize) {
      next = k < events.length ? [position, k] : position + 1 < last ? [position + 1, 0] : null;
      break;
    }
  }
  return {
    status: 200,
    body: {
      id: tx.id,
      pageSize,
      ...(next === null ? {} : { cursor: encodeCursor(tx.id.slice(0, 8), next) }),
      entities,
    },
  };
}

function orgResults(ctx: RouteContext, tx: AuditTransaction): Reply {
  const pageSize = pageSizeParam(ctx.query, 25, 500);
  const cursor = ctx.query.get('cursor');
  const [from = 0] = cursor === null || cursor === '' ? [0] : decodeCursor(tx.id.slice(0, 8), cursor, 1);
  const serviceName = tx.body['serviceName'];
  const matching = orgAuditEvents(ctx.scenario).filter((e) => {
    if (e.atMs < tx.startMs || e.atMs >= tx.endMs || e.atMs > tx.submittedMs) return false;
    if (typeof serviceName === 'string' && serviceName !== e.serviceName) return false;
    const checks: [string, string][] = [
      ['UserId', e.user.id],
      ['Action', e.action],
      ['EntityType', e.entityType],
      ['EntityId', e.entity.id],
    ];
    return checks.every(([p, actual]) => (filterValues(tx, p) ?? [actual]).includes(actual));
  });
  const page = matching.slice(from, from + pageSize).map((e) => orgAuditJson(ctx.scenario, e));
  const more = from + pageSize < matching.length;
  return {
    status: 200,
    body: {
      id: tx.id,
      pageSize,
      ...(more ? { cursor: encodeCursor(tx.id.slice(0, 8), [from + pageSize]) } : {}),
      entities: page,
    },
  };
}

function results(ctx: RouteContext, kind: 'quality' | 'org'): Reply {
  const tx = transactionOf(ctx, kind);
  if (!('id' in tx)) return tx;
  if (stateOf(tx) !== 'Succeeded') return badRequest(`Audit query ${tx.id} is ${stateOf(tx)}; poll until Succeeded`);
  return kind === 'quality' ? qualityResults(ctx, tx) : orgResults(ctx, tx);
}

const QUALITY = String.raw`^/api/v2/quality/conversations/audits/query`;
const ORG = String.raw`^/api/v2/audits/query`;

/** Submit, status and results of one kind of audit query transaction. */
const transactionRoutes = (kind: 'quality' | 'org', base: string, name: string): Route[] => [
  { method: 'POST', name: `${name}.query`, pattern: new RegExp(`${base}$`), handle: (c) => submit(c, kind) },
  {
    method: 'GET',
    name: `${name}.results`,
    pattern: new RegExp(`${base}/(?<transactionId>[^/]+)/results$`),
    handle: (c) => results(c, kind),
  },
  {
    method: 'GET',
    name: `${name}.status`,
    pattern: new RegExp(`${base}/(?<transactionId>[^/]+)$`),
    handle: (c) => status(c, kind),
  },
];

export const auditRoutes: readonly Route[] = [
  ...transactionRoutes('quality', QUALITY, 'quality.audits'),
  ...transactionRoutes('org', ORG, 'audits'),
];
