/**
 * Recording retention query (cursor paging, pageSize ≤ 500), orphan recordings (pageNumber
 * paging) and deletion protection (legal hold: PUT ?protect= and POST lookup, at most 1000
 * protected conversations per org).
 */
import { z } from 'zod';
import { conversationCount, firstIndexStartingAtOrAfter, scenarioStartMs } from '../generator/arrivals.ts';
import { deterministicUuid, indexOfConversationId } from '../generator/ids.ts';
import { iso } from '../generator/iso.ts';
import { lifecyclesOf, protectedAt } from '../generator/lifecycle.ts';
import { awsRegionOf } from '../generator/org.ts';
import { planConversation } from '../generator/plan.ts';
import { recordingViews } from '../generator/recording-metadata.ts';
import { decodeCursor, encodeCursor, pageSizeParam } from '../http/cursor.ts';
import { badRequest } from '../http/errors.ts';
import { listingPage } from '../http/listing.ts';
import type { Reply, Route, RouteContext } from '../http/types.ts';
import type { Scenario } from '../scenario.ts';

const DAY_MS = 86_400_000;
export const MAX_PROTECTED = 1000;

function retentionQuery(ctx: RouteContext): Reply {
  const raw = ctx.query.get('retentionThresholdDays');
  const days = Number(raw);
  if (raw === null || !Number.isInteger(days) || days < 0) {
    return badRequest('retentionThresholdDays is required and must be a non-negative integer');
  }
  const pageSize = pageSizeParam(ctx.query, 25, 500);
  const cursor = ctx.query.get('cursor');
  const [from = 0, skip = 0] = cursor === null || cursor === '' ? [0, 0] : decodeCursor('retention', cursor, 2);
  // Recordings retained for more than `days` days: created before now - days.
  const createdBefore = ctx.now - days * DAY_MS;
  const last = firstIndexStartingAtOrAfter(ctx.scenario, createdBefore);
  const entities: Record<string, unknown>[] = [];
  let next: [number, number] | null = null;
  for (let i = from; i < last && next === null; i++) {
    const plan = planConversation(ctx.scenario, i);
    const views = recordingViews(ctx.scenario, plan, ctx.now, ctx.state.protection.get(plan.conversationId)).filter(
      (v) => v.fileState !== 'DELETED' && v.lifecycle.createdMs <= createdBefore,
    );
    for (let k = i === from ? skip : 0; k < views.length; k++) {
      if (entities.length === pageSize) {
        next = [i, k];
        break;
      }
      const v = views[k];
      if (v === undefined) continue;
      const j = v.json;
      entities.push({
        conversationId: plan.conversationId,
        recordingId: v.lifecycle.recordingId,
        ...(j['archiveDate'] === undefined ? {} : { archiveDate: j['archiveDate'], archiveMedium: j['archiveMedium'] }),
        deleteDate: j['deleteDate'],
        ...(j['exportDate'] === undefined ? {} : { exportDate: j['exportDate'] }),
        ...(j['exportedDate'] === undefined ? {} : { exportedDate: j['exportedDate'] }),
        creationTime: iso(v.lifecycle.createdMs),
      });
    }
    if (next === null && entities.length === pageSize && i + 1 < last) next = [i + 1, 0];
  }
  const base = `/api/v2/recordings/retention/query?retentionThresholdDays=${days}&pageSize=${pageSize}`;
  return {
    status: 200,
    body: {
      entities,
      ...(next === null ? {} : { nextUri: `${base}&cursor=${encodeCursor('retention', next)}` }),
      selfUri: cursor === null ? base : `${base}&cursor=${cursor}`,
    },
  };
}

const ORPHAN_STATUSES = ['NO_CONVERSATION', 'UNKNOWN_CONVERSATION', 'CONVERSATION_NOT_COMPLETE'] as const;

export function orphansOf(scenario: Scenario, now: number): Record<string, unknown>[] {
  const n = scenario.orphanRecordings;
  const span = scenario.days * DAY_MS;
  const start = scenarioStartMs(scenario);
  const out: Record<string, unknown>[] = [];
  for (let k = 0; k < n; k++) {
    const created = start + Math.floor(((k + 0.5) / n) * span);
    if (created > now) break;
    const id = deterministicUuid(scenario.seed, 'orphan', k);
    const screen = k % 3 !== 2;
    out.push({
      id,
      name: screen ? 'Screen Recording' : 'Call Recording',
      createdTime: iso(created),
      recoveredTime: iso(created + 2 * 3_600_000),
      providerType: screen ? 'SCREEN_RECORDING' : 'EDGE',
      mediaSizeBytes: 1_000_000 + ((k * 7919) % 9_000_000),
      // The OrphanRecording mediaType enum is upper case: CALL, CHAT, EMAIL, SCREEN.
      mediaType: screen ? 'SCREEN' : 'CALL',
      fileState: 'AVAILABLE',
      orphanStatus: ORPHAN_STATUSES[k % ORPHAN_STATUSES.length],
      region: awsRegionOf(scenario.regionHost),
      selfUri: `/api/v2/orphanrecordings/${id}`,
    });
  }
  return out;
}

function orphans(ctx: RouteContext): Reply {
  // The `media` parameter is documented as Call or Screen; the records' mediaType is upper case.
  const media = ctx.query.get('media')?.toUpperCase() ?? null;
  const hasConversation = ctx.query.get('hasConversation');
  const all = orphansOf(ctx.scenario, ctx.now).filter(
    (o) =>
      (media === null || o['mediaType'] === media) &&
      (hasConversation === null || (hasConversation === 'true') === (o['orphanStatus'] !== 'NO_CONVERSATION')),
  );
  return { status: 200, body: listingPage(all, ctx.query, '/api/v2/orphanrecordings') };
}

const ProtectionBodySchema = z.looseObject({ conversationIds: z.array(z.string()).max(MAX_PROTECTED) });

/** Whether a conversation is protected at `now`: API changes override the planned protection. */
function isProtected(ctx: RouteContext, conversationId: string): boolean {
  const override = ctx.state.protection.get(conversationId)?.at(-1);
  if (override !== undefined) return override.protect;
  const index = indexOfConversationId(ctx.scenario.seed, conversationId);
  if (index === null || index >= conversationCount(ctx.scenario) || ctx.scenario.custody.protectRate === 0)
    return false;
  return lifecyclesOf(ctx.scenario, planConversation(ctx.scenario, index)).some((l) => protectedAt(l, ctx.now));
}

function protectedCount(ctx: RouteContext): number {
  let n = 0;
  for (const changes of ctx.state.protection.values()) if (changes.at(-1)?.protect === true) n++;
  if (ctx.scenario.custody.protectRate === 0) return n;
  const last = firstIndexStartingAtOrAfter(ctx.scenario, ctx.now);
  for (let i = 0; i < last; i++) {
    const id = planConversation(ctx.scenario, i).conversationId;
    if (!ctx.state.protection.has(id) && isProtected(ctx, id)) n++;
  }
  return n;
}

function parseProtectionBody(ctx: RouteContext): string[] | Reply {
  const parsed = ProtectionBodySchema.safeParse(ctx.body);
  if (!parsed.success) {
    return badRequest(`conversationIds must be an array of at most ${MAX_PROTECTED} conversation ids`);
  }
  return parsed.data.conversationIds;
}

function exists(ctx: RouteContext, id: string): boolean {
  const index = indexOfConversationId(ctx.scenario.seed, id);
  return (
    index !== null &&
    index < conversationCount(ctx.scenario) &&
    planConversation(ctx.scenario, index).startMs <= ctx.now
  );
}

function putProtection(ctx: RouteContext): Reply {
  // `protect` defaults to true.
  const protect = ctx.query.get('protect') ?? 'true';
  if (protect !== 'true' && protect !== 'false') return badRequest('protect must be true or false');
  const ids = parseProtectionBody(ctx);
  if (!Array.isArray(ids)) return ids;
  const failedUpdates: Record<string, unknown>[] = [];
  let count = protect === 'true' ? protectedCount(ctx) : 0;
  for (const id of ids) {
    const conversation = { id, selfUri: `/api/v2/conversations/${id}` };
    if (!exists(ctx, id)) {
      failedUpdates.push({ conversation, errorMessage: 'Conversation not found', errorCode: 'not.found' });
      continue;
    }
    if (protect === 'true') {
      if (isProtected(ctx, id)) continue;
      if (count >= MAX_PROTECTED) {
        failedUpdates.push({
          conversation,
          errorMessage: `At most ${MAX_PROTECTED} conversations can be protected`,
          errorCode: 'deletion.protection.limit.exceeded',
        });
        continue;
      }
      count++;
    }
    // Only a real change is recorded (and audited): protecting a protected conversation is a no-op, and so is revoking an unprotected one.
    if (protect === 'false' && !isProtected(ctx, id)) continue;
    const changes = ctx.state.protection.get(id) ?? [];
    changes.push({ atMs: ctx.now, protect: protect === 'true', serial: ctx.state.protectionSerial++ });
    ctx.state.protection.set(id, changes);
  }
  return { status: 200, body: { failedUpdates } };
}

function lookupProtection(ctx: RouteContext): Reply {
  const ids = parseProtectionBody(ctx);
  if (!Array.isArray(ids)) return ids;
  const body = ids
    .filter((id) => exists(ctx, id) && isProtected(ctx, id))
    .map((id) => ({ id, selfUri: `/api/v2/conversations/${id}` }));
  return { status: 200, body };
}

export const retentionRoutes: readonly Route[] = [
  {
    method: 'GET',
    name: 'recordings.retention.query',
    pattern: /^\/api\/v2\/recordings\/retention\/query$/,
    handle: retentionQuery,
  },
  { method: 'GET', name: 'orphanrecordings.list', pattern: /^\/api\/v2\/orphanrecordings$/, handle: orphans },
  {
    method: 'PUT',
    name: 'recordings.deletionProtection.put',
    pattern: /^\/api\/v2\/recordings\/deletionprotection$/,
    handle: putProtection,
  },
  {
    method: 'POST',
    name: 'recordings.deletionProtection.lookup',
    pattern: /^\/api\/v2\/recordings\/deletionprotection$/,
    handle: lookupProtection,
  },
];
