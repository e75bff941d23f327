/**
 * Recordings per conversation: `/recordingmetadata` (RecordingMetadata[]) and
 * `/recordings?formatId=NONE` (Recording[]), both bare arrays, both as they stand at the clock
 * reading. `/recordings` answers 202 with an empty body while any recording is still UPLOADING,
 * by fault rate, or on demand; archived recordings come back as stubs without a sessionId.
 */
import { conversationCount } from '../generator/arrivals.ts';
import { iso } from '../generator/iso.ts';
import { indexOfConversationId } from '../generator/ids.ts';
import { orgOf } from '../generator/org.ts';
import { planConversation } from '../generator/plan.ts';
import type { ConversationPlan } from '../generator/plan.ts';
import { hashUnit } from '../generator/random.ts';
import { recordingViews, renderRecordingMetadata } from '../generator/recording-metadata.ts';
import { badRequest, notFound } from '../http/errors.ts';
import type { Reply, Route, RouteContext } from '../http/types.ts';

const BASE = String.raw`^/api/v2/conversations/(?<conversationId>[^/]+)`;
const FORMATS = new Set(['WAV', 'WEBM', 'WAV_ULAW', 'OGG_VORBIS', 'OGG_OPUS', 'MP3', 'NONE']);

/** The plan of the conversation in the path, or null if it does not exist (yet) at ctx.now. */
export function planOfPath(ctx: RouteContext): ConversationPlan | null {
  const id = ctx.params['conversationId'] ?? '';
  const index = indexOfConversationId(ctx.scenario.seed, id);
  if (index === null || index >= conversationCount(ctx.scenario)) return null;
  const plan = planConversation(ctx.scenario, index);
  return plan.startMs > ctx.now ? null : plan;
}

function metadataOf(ctx: RouteContext): ReturnType<typeof renderRecordingMetadata> | null {
  const plan = planOfPath(ctx);
  return plan === null
    ? null
    : renderRecordingMetadata(ctx.scenario, plan, ctx.now, ctx.state.protection.get(plan.conversationId));
}

const conversationNotFound = (ctx: RouteContext): Reply =>
  notFound(`Conversation ${ctx.params['conversationId'] ?? ''} not found`);

function recordings(ctx: RouteContext): Reply {
  const formatId = ctx.query.get('formatId') ?? 'WEBM';
  if (!FORMATS.has(formatId)) return badRequest(`Invalid formatId [${formatId}]`);
  const plan = planOfPath(ctx);
  if (plan === null) return conversationNotFound(ctx);
  const views = recordingViews(ctx.scenario, plan, ctx.now, ctx.state.protection.get(plan.conversationId));
  const onDemand = ctx.state.emptyRecordingsLeft > 0;
  if (onDemand) ctx.state.emptyRecordingsLeft--;
  const byRate =
    hashUnit(ctx.scenario.seed, ctx.requestNumber, 'empty-202') < ctx.scenario.faults.recordingsEmpty202Rate;
  if (onDemand || byRate || views.some((v) => v.fileState === 'UPLOADING')) return { status: 202, rawBody: '' };
  const org = orgOf(ctx.scenario);
  const body = views.map(({ lifecycle: l, fileState, json }) => {
    const out: Record<string, unknown> = { ...json };
    if (fileState === 'ARCHIVED') delete out['sessionId'];
    const leg = l.media === 'screen' ? plan.agents[l.slot - 1] : undefined;
    const users = leg === undefined ? plan.agents.map((a) => a.user) : [leg.user];
    out['users'] = users.map((u) => ({
      id: u.id,
      name: u.name,
      division: { id: org.division.id, name: org.division.name },
      selfUri: `/api/v2/users/${u.id}`,
    }));
    out['recordingFileRole'] = 'CUSTOMER_EXPERIENCE';
    out['creationTime'] = iso(l.createdMs);
    out['selfUri'] = `/api/v2/conversations/${plan.conversationId}/recordings/${l.recordingId}`;
    return out;
  });
  return { status: 200, body };
}

export const recordingRoutes: readonly Route[] = [
  {
    method: 'GET',
    name: 'recording.metadata.list',
    pattern: new RegExp(`${BASE}/recordingmetadata$`),
    handle: (ctx) => {
      const metadata = metadataOf(ctx);
      return metadata === null ? conversationNotFound(ctx) : { status: 200, body: metadata };
    },
  },
  {
    method: 'GET',
    name: 'recording.metadata.get',
    pattern: new RegExp(`${BASE}/recordingmetadata/(?<recordingId>[^/]+)$`),
    handle: (ctx) => {
      const metadata = metadataOf(ctx);
      if (metadata === null) return conversationNotFound(ctx);
      const recording = metadata.find((r) => r['id'] === ctx.params['recordingId']);
      return recording === undefined
        ? notFound(`Recording ${ctx.params['recordingId'] ?? ''} not found`)
        : { status: 200, body: recording };
    },
  },
  { method: 'GET', name: 'recording.recordings.list', pattern: new RegExp(`${BASE}/recordings$`), handle: recordings },
];
