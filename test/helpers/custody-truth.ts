/**
 * What fct_recording_custody must say of a recording, computed from the sandbox generator's
 * ground truth (what happened to it by a clock reading), never through the marts' SQL.
 */
import type { RecordingTruth } from '../../sandbox/index.ts';

/** The marts' default var custody_export_grace_hours. */
const exportGraceMs = 24 * 3_600_000;

/** Gaps in the marts' documented precedence. */
export const gapsInOrder = [
  'deleted_while_protected',
  'deleted_before_policy_date',
  'deletion_unaudited',
  'protection_revoked',
  'export_failed',
  'export_evidence_missing',
  'accessed_outside_allowed_group',
] as const;
export type Gap = (typeof gapsInOrder)[number];

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/**
 * The gaps of one recording at the clock reading `now`, from what the generator says happened to
 * it; `bulkFailed`: the recordings an org admin's bulk export job failed (fulfilledBulkExports).
 */
export function expectedGaps(r: RecordingTruth, now: number, bulkFailed: ReadonlySet<string> = new Set()): Set<Gap> {
  const gaps = new Set<Gap>();
  const deleted = r.fileState === 'DELETED';
  const deletedAt = ms(r.deletedDate);
  const applied = ms(r.protectionAppliedDate);
  const revoked = ms(r.protectionRevokedDate);
  const has = (action: string, status?: string): boolean =>
    r.auditEvents.some((e) => e.action === action && (status === undefined || e.status === status));
  if (
    deleted &&
    deletedAt !== null &&
    applied !== null &&
    applied <= deletedAt &&
    (revoked === null || revoked > deletedAt)
  ) {
    gaps.add('deleted_while_protected');
  }
  // The generator deletes early only when a supervisor shortened the retention (policy: 365 / 2555 days).
  if (deleted && r.retentionShortened) gaps.add('deleted_before_policy_date');
  if (deleted && !has('Delete')) gaps.add('deletion_unaudited');
  if (revoked !== null && !r.protected) gaps.add('protection_revoked');
  // An Export Failure in the audit trail, or a bulk export job that named the recording failed.
  const failed = has('Export', 'Failure') || bulkFailed.has(r.recordingId);
  if (failed && r.exportedDate === null) gaps.add('export_failed');
  const due = ms(r.exportDate);
  if (!failed && r.exportedDate === null && due !== null && due + exportGraceMs <= now)
    gaps.add('export_evidence_missing');
  if (r.auditEvents.some((e) => (e.action === 'Read' || e.action === 'Download') && e.outsideQa)) {
    gaps.add('accessed_outside_allowed_group');
  }
  return gaps;
}

/** The recording's custody verdict: its first gap by precedence, or 'intact'. */
export function expectedVerdict(gaps: ReadonlySet<Gap>): string {
  return gapsInOrder.find((gap) => gaps.has(gap)) ?? 'intact';
}

export function countBy<T>(items: Iterable<T>, key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}
