/**
 * Renders what the recording repository holds for a conversation plan, as the
 * `/conversations/{id}/recordingmetadata` endpoint returns it (RecordingMetadata[]).
 * Missing recordings are simply absent; failed ones have fileState ERROR.
 */
import type { Scenario } from '../scenario.ts';
import type { JsonObject } from './conversation-payload.ts';
import { awsRegionOf } from './org.ts';
import type { ConversationPlan } from './plan.ts';
import { iso } from './iso.ts';

const DAY_MS = 86_400_000;

/** Retention the "Always Record" policy applies (see org-entities.ts). */
export const RETENTION_DAYS = {
  audioArchive: 90,
  audioDelete: 2555,
  screenArchive: 30,
  screenDelete: 365,
} as const;

const RESTORATIONS = { maxAllowedRestorationsForOrg: 100, remainingRestorationsAllowedForOrg: 96 } as const;

interface RecordingFields {
  readonly id: string;
  readonly sessionId: string;
  readonly name: string;
  readonly media: 'audio' | 'screen';
  readonly mediaSubtype: 'Trunk' | 'Screen';
  readonly ok: boolean;
  readonly startMs: number | null;
  readonly endMs: number | null;
  readonly archiveDays: number;
  readonly deleteDays: number;
}

function recordingJson(scenario: Scenario, plan: ConversationPlan, r: RecordingFields): JsonObject {
  return {
    id: r.id,
    name: r.name,
    conversationId: plan.conversationId,
    startTime: r.startMs === null ? null : iso(r.startMs),
    endTime: r.endMs === null ? null : iso(r.endMs),
    media: r.media,
    mediaSubtype: r.mediaSubtype,
    annotations: [],
    fileState: r.ok ? 'AVAILABLE' : 'ERROR',
    ...(r.ok ? { archiveDate: iso(plan.endMs + r.archiveDays * DAY_MS), archiveMedium: 'CLOUDARCHIVE' } : {}),
    deleteDate: iso(plan.endMs + r.deleteDays * DAY_MS),
    ...RESTORATIONS,
    sessionId: r.sessionId,
    region: awsRegionOf(scenario.regionHost),
    selfUri: `/api/v2/conversations/${plan.conversationId}/recordingmetadata/${r.id}`,
  };
}

/** The RecordingMetadata array for a conversation (empty for abandoned calls). */
export function renderRecordingMetadata(scenario: Scenario, plan: ConversationPlan): JsonObject[] {
  const out: JsonObject[] = [];
  if (plan.audio.outcome === 'ok' || plan.audio.outcome === 'error') {
    out.push(
      recordingJson(scenario, plan, {
        id: plan.audio.recordingId,
        sessionId: plan.customer.sessionId,
        name: 'Call Recording',
        media: 'audio',
        mediaSubtype: 'Trunk',
        ok: plan.audio.outcome === 'ok',
        startMs: null,
        endMs: null,
        archiveDays: RETENTION_DAYS.audioArchive,
        deleteDays: RETENTION_DAYS.audioDelete,
      }),
    );
  }
  for (const leg of plan.agents) {
    const { screen } = leg;
    if (screen.outcome === 'missing' || screen.outcome === 'not_required') continue;
    out.push(
      recordingJson(scenario, plan, {
        id: screen.recordingId,
        sessionId: leg.sessionId,
        name: 'Screen Recording',
        media: 'screen',
        mediaSubtype: 'Screen',
        ok: screen.outcome !== 'error',
        startMs: screen.startMs,
        endMs: screen.endMs,
        archiveDays: RETENTION_DAYS.screenArchive,
        deleteDays: RETENTION_DAYS.screenDelete,
      }),
    );
  }
  return out;
}
