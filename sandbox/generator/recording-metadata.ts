/**
 * Renders what the recording repository holds for a conversation plan, as the
 * `/conversations/{id}/recordingmetadata` endpoint returns it (RecordingMetadata[]).
 * Missing recordings are simply absent; failed ones settle to fileState ERROR.
 */
import type { Scenario } from '../scenario.ts';
import type { JsonObject } from './conversation-payload.ts';
import { awsRegionOf } from './org.ts';
import type { ConversationPlan } from './plan.ts';
import { iso } from './iso.ts';
import { deleteMsAt, fileStateAt, lifecyclesWith } from './lifecycle.ts';
import type { FileState, ProtectionChange, RecordingLifecycle } from './lifecycle.ts';

export { RETENTION_DAYS } from './lifecycle.ts';

/** Deprecated fields, documented as always 10000 (the SDK's RecordingMetadata typings and API docs). */
const RESTORATIONS = { maxAllowedRestorationsForOrg: 10_000, remainingRestorationsAllowedForOrg: 10_000 } as const;

/** Recording fields every rendering shares, in the order the API sends them. */
export interface RecordingView {
  readonly lifecycle: RecordingLifecycle;
  readonly fileState: FileState;
  readonly json: JsonObject;
}

function screenTimes(plan: ConversationPlan, l: RecordingLifecycle): { startMs: number | null; endMs: number | null } {
  if (l.media === 'audio') return { startMs: null, endMs: null };
  const leg = plan.agents[l.slot - 1];
  return { startMs: leg?.screen.startMs ?? null, endMs: leg?.screen.endMs ?? null };
}

/**
 * The recordings of a plan as they stand at `now`, with the fields both models share, after the
 * deletion-protection changes made through the API (`changes`, from the sandbox state).
 */
export function recordingViews(
  scenario: Scenario,
  plan: ConversationPlan,
  now: number,
  changes?: readonly ProtectionChange[],
): RecordingView[] {
  if (now < plan.endMs) return [];
  return lifecyclesWith(scenario, plan, changes).map((l) => {
    const fileState = fileStateAt(l, now);
    const { startMs, endMs } = screenTimes(plan, l);
    const settled = fileState !== 'UPLOADING';
    const json: JsonObject = {
      id: l.recordingId,
      name: l.media === 'audio' ? 'Call Recording' : 'Screen Recording',
      conversationId: plan.conversationId,
      startTime: startMs === null ? null : iso(startMs),
      endTime: endMs === null ? null : iso(endMs),
      media: l.media,
      mediaSubtype: l.media === 'audio' ? 'Trunk' : 'Screen',
      annotations: [],
      fileState,
    };
    if (settled && l.archiveMs !== null) {
      json['archiveDate'] = iso(l.archiveMs);
      json['archiveMedium'] = 'CLOUDARCHIVE';
    }
    json['deleteDate'] = iso(deleteMsAt(l, now));
    if (l.exportDateMs !== null) {
      json['exportDate'] = iso(l.exportDateMs);
      if (l.exportedMs !== null && now >= l.exportedMs) json['exportedDate'] = iso(l.exportedMs);
    }
    if (fileState === 'RESTORED' && l.restoreExpiresMs !== null) {
      json['restoreExpirationTime'] = iso(l.restoreExpiresMs);
    }
    Object.assign(json, RESTORATIONS);
    json['sessionId'] = l.sessionId;
    return { lifecycle: l, fileState, json };
  });
}

/**
 * The RecordingMetadata array for a conversation at `now` (empty for abandoned calls and for
 * calls not over yet). With the default timeline every recording is settled.
 */
export function renderRecordingMetadata(
  scenario: Scenario,
  plan: ConversationPlan,
  now = Date.now(),
  changes?: readonly ProtectionChange[],
): JsonObject[] {
  const region = awsRegionOf(scenario.regionHost);
  return recordingViews(scenario, plan, now, changes).map(({ lifecycle, json }) => {
    json['region'] = region;
    json['selfUri'] = `/api/v2/conversations/${plan.conversationId}/recordingmetadata/${lifecycle.recordingId}`;
    return json;
  });
}
