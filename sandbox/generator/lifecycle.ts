/**
 * The life of each recording after its call, as a pure function of (scenario, plan): when it
 * settles from UPLOADING, when it is exported, read, downloaded, protected, has its retention
 * shortened, is archived, restored and deleted, and the audit event of each step. The state at
 * a given clock reading is derived from these dates, so moving the clock forward is all it takes
 * for a second extraction to see what changed.
 */
import type { Scenario } from '../scenario.ts';
import { deterministicUuid } from './ids.ts';
import { orgOf } from './org.ts';
import type { OrgUser } from './org.ts';
import type { ConversationPlan } from './plan.ts';
import { hashUnit } from './random.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Retention the "Always Record" policy applies (see org-entities.ts). */
export const RETENTION_DAYS = {
  audioArchive: 90,
  audioDelete: 2555,
  screenArchive: 30,
  screenDelete: 365,
} as const;

export type AuditAction =
  | 'Create'
  | 'Export'
  | 'Read'
  | 'Download'
  | 'ApplyProtection'
  | 'RevokeProtection'
  | 'UpdateRetention'
  | 'Archive'
  | 'RestoreRequest'
  | 'RestoreComplete'
  | 'Delete';

/** Slot of each action in the event id (see auditEventId). */
const ACTION_SLOT: Readonly<Record<AuditAction, number>> = {
  Create: 0,
  Export: 1,
  Read: 2, // 2..4
  Download: 5,
  ApplyProtection: 6,
  RevokeProtection: 7,
  UpdateRetention: 8,
  Archive: 9,
  RestoreRequest: 10,
  RestoreComplete: 11,
  Delete: 12,
};

export interface AuditEvent {
  readonly id: string;
  readonly atMs: number;
  readonly action: AuditAction;
  readonly status: 'Success' | 'Failure';
  readonly level: 'User' | 'System';
  readonly serviceName: 'RecordingService' | 'RecordingPlaybackService';
  readonly user: OrgUser | null;
  readonly conversationId: string;
  readonly recordingId: string;
  readonly entityType: 'Recording' | 'ScreenRecording';
}

export type ExportOutcome = 'not_configured' | 'exported' | 'failed' | 'never';

export interface RecordingLifecycle {
  /** 0 = the call's audio, 1 + k = the screen recording of agent leg k. */
  readonly slot: number;
  readonly recordingId: string;
  readonly sessionId: string;
  readonly media: 'audio' | 'screen';
  /** The outcome the repository settles to. */
  readonly finalState: 'AVAILABLE' | 'ERROR';
  readonly createdMs: number;
  readonly settledMs: number;
  /** Policy dates: archive (usable recordings only) and delete, before any retention change. */
  readonly archiveMs: number | null;
  readonly policyDeleteMs: number;
  /** When retention was shortened (UpdateRetention) and the delete date it set. */
  readonly retentionShortenedMs: number | null;
  readonly shortenedDeleteMs: number | null;
  readonly exportOutcome: ExportOutcome;
  /** Scheduled export (exportDate) and actual export (exportedDate). */
  readonly exportDateMs: number | null;
  readonly exportedMs: number | null;
  /** Deletion protection of the conversation (applied, revoked). */
  readonly protectedMs: number | null;
  readonly unprotectedMs: number | null;
  readonly restoreRequestedMs: number | null;
  readonly restoredMs: number | null;
  readonly restoreExpiresMs: number | null;
  /** When the recording is actually deleted (retention transitions on), or null. */
  readonly deletedMs: number | null;
  /** Every audit event of the recording, in time order (including ones after any clock reading). */
  readonly events: readonly AuditEvent[];
}

export type FileState = 'UPLOADING' | 'AVAILABLE' | 'ERROR' | 'ARCHIVED' | 'RESTORING' | 'RESTORED' | 'DELETED';

/** Deterministic id of audit event `slot` of recording `recordingSlot` of conversation `index`. */
export function auditEventId(seed: number, index: number, recordingSlot: number, slot: number): string {
  return deterministicUuid(seed, 'audit-event', index, recordingSlot * 32 + slot);
}

interface RecordingSeed {
  readonly slot: number;
  readonly recordingId: string;
  readonly sessionId: string;
  readonly media: 'audio' | 'screen';
  readonly ok: boolean;
}

/** The recordings the repository holds for a plan (missing ones are absent), in render order. */
export function recordingSeeds(plan: ConversationPlan): RecordingSeed[] {
  const out: RecordingSeed[] = [];
  if (plan.audio.outcome === 'ok' || plan.audio.outcome === 'error') {
    out.push({
      slot: 0,
      recordingId: plan.audio.recordingId,
      sessionId: plan.customer.sessionId,
      media: 'audio',
      ok: plan.audio.outcome === 'ok',
    });
  }
  plan.agents.forEach((leg, k) => {
    const { outcome } = leg.screen;
    if (outcome === 'missing' || outcome === 'not_required' || outcome === 'not_started') return;
    out.push({
      slot: 1 + k,
      recordingId: leg.screen.recordingId,
      sessionId: leg.sessionId,
      media: 'screen',
      ok: outcome !== 'error',
    });
  });
  return out;
}

const memo = new WeakMap<ConversationPlan, RecordingLifecycle[]>();

/** The lifecycle of every recording of a plan. */
export function lifecyclesOf(scenario: Scenario, plan: ConversationPlan): RecordingLifecycle[] {
  let out = memo.get(plan);
  if (out === undefined) {
    out = recordingSeeds(plan).map((seed) => lifecycleOf(scenario, plan, seed));
    memo.set(plan, out);
  }
  return out;
}

function lifecycleOf(scenario: Scenario, plan: ConversationPlan, r: RecordingSeed): RecordingLifecycle {
  const { seed } = scenario;
  const { custody, timeline } = scenario;
  const org = orgOf(scenario);
  const u = (label: string): number => hashUnit(seed, plan.index, label, r.slot);
  const end = plan.endMs;
  const qaLead = org.users.find((x) => x.role === 'qa') ?? null;
  const supervisors = org.users.filter((x) => x.role === 'supervisor');
  const outsider = (label: string): OrgUser | null => {
    if (u(`${label}-outside`) >= custody.outsideQaShare) return qaLead;
    const agent = plan.agents[0]?.user;
    return u(`${label}-who`) < 0.5 && agent !== undefined ? agent : (supervisors[0] ?? qaLead);
  };
  const events: AuditEvent[] = [];
  const entityType = r.media === 'audio' ? 'Recording' : 'ScreenRecording';
  const event = (action: AuditAction, atMs: number, user: OrgUser | null, extra = 0, failed = false): void => {
    events.push({
      id: auditEventId(seed, plan.index, r.slot, ACTION_SLOT[action] + extra),
      atMs: Math.round(atMs),
      action,
      status: failed ? 'Failure' : 'Success',
      level: user === null ? 'System' : 'User',
      serviceName: action === 'Read' || action === 'Download' ? 'RecordingPlaybackService' : 'RecordingService',
      user,
      conversationId: plan.conversationId,
      recordingId: r.recordingId,
      entityType,
    });
  };

  const createdMs = end + 1000 + Math.floor(u('created') * 30_000);
  event('Create', createdMs, null);
  const settledMs = end + (timeline.settleMinutes + u('settle') * timeline.settleJitterMinutes) * MINUTE_MS;
  const archiveDays = r.media === 'audio' ? RETENTION_DAYS.audioArchive : RETENTION_DAYS.screenArchive;
  const deleteDays = r.media === 'audio' ? RETENTION_DAYS.audioDelete : RETENTION_DAYS.screenDelete;
  const archiveMs = r.ok ? end + archiveDays * DAY_MS : null;
  const policyDeleteMs = end + deleteDays * DAY_MS;

  // Export (usable recordings only).
  let exportOutcome: ExportOutcome = 'not_configured';
  let exportDateMs: number | null = null;
  let exportedMs: number | null = null;
  if (r.ok && custody.exportRate > 0 && u('export') < custody.exportRate) {
    exportDateMs = end + custody.exportDelayDays * DAY_MS + Math.floor(u('export-at') * 6) * HOUR_MS;
    const roll = u('export-outcome');
    exportOutcome =
      roll < custody.exportFailRate
        ? 'failed'
        : roll < custody.exportFailRate + custody.exportNeverRate
          ? 'never'
          : 'exported';
    if (exportOutcome === 'exported') {
      exportedMs = exportDateMs + (10 + Math.floor(u('exported-at') * 110)) * MINUTE_MS;
      event('Export', exportedMs, null);
    } else if (exportOutcome === 'failed') {
      event('Export', exportDateMs + 15 * MINUTE_MS, null, 0, true);
    }
  }

  // Playback and download.
  if (r.ok && custody.readRate > 0 && u('read') < custody.readRate) {
    const reads = 1 + Math.floor(u('reads') * 3);
    for (let k = 0; k < reads; k++) {
      const at = end + (1 + k) * DAY_MS + Math.floor(u(`read-at-${k}`) * 8) * HOUR_MS;
      event('Read', at, outsider(`read-${k}`), k);
    }
  }
  if (r.ok && custody.downloadRate > 0 && u('download') < custody.downloadRate) {
    event('Download', end + 2 * DAY_MS + Math.floor(u('download-at') * 48) * HOUR_MS, outsider('download'));
  }

  // Deletion protection is per conversation: every recording of it gets the events.
  let protectedMs: number | null = null;
  let unprotectedMs: number | null = null;
  const p = (label: string): number => hashUnit(seed, plan.index, label);
  if (custody.protectRate > 0 && p('protect') < custody.protectRate) {
    protectedMs = end + DAY_MS + Math.floor(p('protect-at') * 6) * HOUR_MS;
    event('ApplyProtection', protectedMs, qaLead);
    if (p('revoke') < custody.revokeShare) {
      unprotectedMs = protectedMs + 3 * DAY_MS;
      event('RevokeProtection', unprotectedMs, qaLead);
    }
  }

  // Retention shortened by a supervisor.
  let retentionShortenedMs: number | null = null;
  let shortenedDeleteMs: number | null = null;
  if (custody.retentionShortenedRate > 0 && u('shorten') < custody.retentionShortenedRate) {
    retentionShortenedMs = end + DAY_MS + Math.floor(u('shorten-at') * 8) * HOUR_MS;
    shortenedDeleteMs = Math.max(retentionShortenedMs + HOUR_MS, end + custody.shortenedDeleteDays * DAY_MS);
    event('UpdateRetention', retentionShortenedMs, supervisors[0] ?? null);
  }
  const effectiveDeleteMs = shortenedDeleteMs ?? policyDeleteMs;

  // Deletion: deferred while protected; when protection is revoked a past delete date applies.
  let deletedMs: number | null = null;
  if (timeline.retentionTransitions) {
    const heldAtDelete =
      protectedMs !== null &&
      protectedMs <= effectiveDeleteMs &&
      (unprotectedMs === null || unprotectedMs > effectiveDeleteMs);
    if (!heldAtDelete) deletedMs = effectiveDeleteMs;
    else if (unprotectedMs !== null) deletedMs = unprotectedMs + HOUR_MS;
  }

  // Archive (and restore) happen only before deletion.
  let restoreRequestedMs: number | null = null;
  let restoredMs: number | null = null;
  let restoreExpiresMs: number | null = null;
  if (timeline.retentionTransitions && archiveMs !== null && (deletedMs === null || archiveMs < deletedMs)) {
    event('Archive', archiveMs, null);
    if (custody.restoreRate > 0 && u('restore') < custody.restoreRate) {
      restoreRequestedMs = archiveMs + DAY_MS;
      restoredMs = restoreRequestedMs + 4 * HOUR_MS;
      restoreExpiresMs = restoredMs + 2 * DAY_MS;
      if (deletedMs === null || restoredMs < deletedMs) {
        event('RestoreRequest', restoreRequestedMs, qaLead);
        event('RestoreComplete', restoredMs, null);
      } else {
        restoreRequestedMs = null;
        restoredMs = null;
        restoreExpiresMs = null;
      }
    }
  }
  if (deletedMs !== null) event('Delete', deletedMs, null);
  events.sort((a, b) => a.atMs - b.atMs);
  return {
    slot: r.slot,
    recordingId: r.recordingId,
    sessionId: r.sessionId,
    media: r.media,
    finalState: r.ok ? 'AVAILABLE' : 'ERROR',
    createdMs,
    settledMs,
    archiveMs,
    policyDeleteMs,
    retentionShortenedMs,
    shortenedDeleteMs,
    exportOutcome,
    exportDateMs,
    exportedMs,
    protectedMs,
    unprotectedMs,
    restoreRequestedMs,
    restoredMs,
    restoreExpiresMs,
    deletedMs,
    events,
  };
}

/** The recording's fileState at `now`. */
export function fileStateAt(l: RecordingLifecycle, now: number): FileState {
  if (now < l.settledMs) return 'UPLOADING';
  if (l.deletedMs !== null && now >= l.deletedMs) return 'DELETED';
  if (l.finalState === 'ERROR') return 'ERROR';
  if (l.restoredMs !== null && l.restoreExpiresMs !== null && now >= l.restoredMs && now < l.restoreExpiresMs) {
    return 'RESTORED';
  }
  if (l.restoreRequestedMs !== null && l.restoredMs !== null && now >= l.restoreRequestedMs && now < l.restoredMs) {
    return 'RESTORING';
  }
  if (l.archiveMs !== null && now >= l.archiveMs && l.events.some((e) => e.action === 'Archive')) return 'ARCHIVED';
  return 'AVAILABLE';
}

/** The delete date in force at `now` (a shortened retention applies from when it was set). */
export function deleteMsAt(l: RecordingLifecycle, now: number): number {
  return l.retentionShortenedMs !== null && l.shortenedDeleteMs !== null && now >= l.retentionShortenedMs
    ? l.shortenedDeleteMs
    : l.policyDeleteMs;
}

/** Whether the conversation is under deletion protection at `now`. */
export function protectedAt(l: RecordingLifecycle, now: number): boolean {
  return l.protectedMs !== null && now >= l.protectedMs && (l.unprotectedMs === null || now < l.unprotectedMs);
}

/** A deletion-protection change made through the API (PUT /api/v2/recordings/deletionprotection). */
export interface ProtectionChange {
  readonly atMs: number;
  readonly protect: boolean;
  /** The change's sequence number in the sandbox (its audit events' ids derive from it). */
  readonly serial: number;
}

const RESTORE_ACTIONS: readonly AuditAction[] = ['Archive', 'RestoreRequest', 'RestoreComplete'];

/** Protected intervals [from, to) of the conversation: the planned one until the first API change, then the API's. */
function protectedIntervals(l: RecordingLifecycle, changes: readonly ProtectionChange[]): [number, number][] {
  const firstChange = changes[0]?.atMs ?? Number.POSITIVE_INFINITY;
  const intervals: [number, number][] = [];
  let open: number | null = null;
  if (l.protectedMs !== null && l.protectedMs < firstChange) {
    const until = Math.min(l.unprotectedMs ?? Number.POSITIVE_INFINITY, firstChange);
    if (until < firstChange) intervals.push([l.protectedMs, until]);
    else open = l.protectedMs;
  }
  for (const change of changes) {
    if (change.protect && open === null) open = change.atMs;
    if (!change.protect && open !== null) {
      intervals.push([open, change.atMs]);
      open = null;
    }
  }
  if (open !== null) intervals.push([open, Number.POSITIVE_INFINITY]);
  return intervals;
}

/**
 * The lifecycle with the protection changes made through the API (oldest first) applied: from the
 * first change on the API decides whether the conversation is protected, overriding the planned
 * protection; protection overrides the policy delete date (no deletion while protected; a delete
 * date passed meanwhile applies an hour after the revocation, like planned protection); each
 * change leaves an ApplyProtection or RevokeProtection audit event on every recording existing
 * by then.
 */
export function withProtectionChanges(
  scenario: Scenario,
  plan: ConversationPlan,
  l: RecordingLifecycle,
  changes: readonly ProtectionChange[],
): RecordingLifecycle {
  const first = changes[0];
  if (first === undefined) return l;
  let deletedMs = l.deletedMs;
  if (scenario.timeline.retentionTransitions && (deletedMs === null || deletedMs > first.atMs)) {
    const intervals = protectedIntervals(l, changes);
    const heldAt = (t: number): [number, number] | undefined => intervals.find(([from, to]) => from <= t && t < to);
    let at: number | null = l.shortenedDeleteMs ?? l.policyDeleteMs;
    for (let held = heldAt(at); held !== undefined; held = at === null ? undefined : heldAt(at)) {
      at = held[1] === Number.POSITIVE_INFINITY ? null : held[1] + HOUR_MS;
    }
    deletedMs = at;
  }
  const events: AuditEvent[] = l.events.filter(
    (e) => e.action !== 'Delete' && !(deletedMs !== null && RESTORE_ACTIONS.includes(e.action) && e.atMs >= deletedMs),
  );
  for (const change of changes) {
    if (change.atMs < l.createdMs) continue;
    events.push({
      id: deterministicUuid(scenario.seed, 'api-protection-event', plan.index, change.serial * 32 + l.slot),
      atMs: change.atMs,
      action: change.protect ? 'ApplyProtection' : 'RevokeProtection',
      status: 'Success',
      level: 'User',
      serviceName: 'RecordingService',
      user: null,
      conversationId: plan.conversationId,
      recordingId: l.recordingId,
      entityType: l.media === 'audio' ? 'Recording' : 'ScreenRecording',
    });
  }
  const deleteEvent = l.events.find((e) => e.action === 'Delete');
  if (deletedMs !== null && deleteEvent !== undefined) events.push({ ...deleteEvent, atMs: deletedMs });
  else if (deletedMs !== null) {
    events.push({
      id: auditEventId(scenario.seed, plan.index, l.slot, ACTION_SLOT.Delete),
      atMs: deletedMs,
      action: 'Delete',
      status: 'Success',
      level: 'System',
      serviceName: 'RecordingService',
      user: null,
      conversationId: plan.conversationId,
      recordingId: l.recordingId,
      entityType: l.media === 'audio' ? 'Recording' : 'ScreenRecording',
    });
  }
  events.sort((a, b) => a.atMs - b.atMs);
  return { ...l, deletedMs, events };
}

/** The recordings' lifecycles with the API's protection changes of the conversation applied. */
export function lifecyclesWith(
  scenario: Scenario,
  plan: ConversationPlan,
  changes: readonly ProtectionChange[] | undefined,
): RecordingLifecycle[] {
  const planned = lifecyclesOf(scenario, plan);
  return changes === undefined || changes.length === 0
    ? planned
    : planned.map((l) => withProtectionChanges(scenario, plan, l, changes));
}
