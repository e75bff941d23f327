/** Recording metadata per conversation: a bare RecordingMetadata array, as the real API returns. */
import { conversationCount } from '../generator/arrivals.ts';
import { indexOfConversationId } from '../generator/ids.ts';
import { planConversation } from '../generator/plan.ts';
import { renderRecordingMetadata } from '../generator/recording-metadata.ts';
import { notFound } from '../http/errors.ts';
import type { Reply, Route, RouteContext } from '../http/types.ts';

const BASE = String.raw`^/api/v2/conversations/(?<conversationId>[^/]+)/recordingmetadata`;

function metadataOf(ctx: RouteContext): ReturnType<typeof renderRecordingMetadata> | null {
  const id = ctx.params['conversationId'] ?? '';
  const index = indexOfConversationId(ctx.scenario.seed, id);
  if (index === null || index >= conversationCount(ctx.scenario)) return null;
  return renderRecordingMetadata(ctx.scenario, planConversation(ctx.scenario, index));
}

const conversationNotFound = (ctx: RouteContext): Reply =>
  notFound(`Conversation ${ctx.params['conversationId'] ?? ''} not found`);

export const recordingRoutes: readonly Route[] = [
  {
    method: 'GET',
    name: 'recording.metadata.list',
    pattern: new RegExp(`${BASE}$`),
    handle: (ctx) => {
      const metadata = metadataOf(ctx);
      return metadata === null ? conversationNotFound(ctx) : { status: 200, body: metadata };
    },
  },
  {
    method: 'GET',
    name: 'recording.metadata.get',
    pattern: new RegExp(`${BASE}/(?<recordingId>[^/]+)$`),
    handle: (ctx) => {
      const metadata = metadataOf(ctx);
      if (metadata === null) return conversationNotFound(ctx);
      const recording = metadata.find((r) => r['id'] === ctx.params['recordingId']);
      return recording === undefined
        ? notFound(`Recording ${ctx.params['recordingId'] ?? ''} not found`)
        : { status: 200, body: recording };
    },
  },
];
