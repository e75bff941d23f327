/**
 * Mutable state of the sandbox's stateful endpoints: recording bulk jobs, deletion protection
 * changed through the API, and audit query transactions. Conversations stay a pure function of
 * the scenario; only what callers do through the API is stored here.
 */
import type { ProtectionChange } from '../generator/lifecycle.ts';

export type RecordingJobState = 'PENDING' | 'READY' | 'PROCESSING' | 'FULFILLED' | 'FAILED' | 'CANCELLED';

export interface RecordingJob {
  readonly id: string;
  readonly serial: number;
  readonly query: Record<string, unknown>;
  readonly action: 'ARCHIVE' | 'DELETE' | 'EXPORT';
  readonly createdMs: number;
  /** The OAuth token that created it; '' for a job the org's admin ran (scenario bulkExportDays). */
  readonly token: string;
  /** The creating user, when not the OAuth client's user (an org admin's job). */
  readonly userId?: string;
  /** An org admin's job: FULFILLED by the clock at this reading, not by polls. */
  readonly completesAtMs?: number;
  state: RecordingJobState;
  polls: number;
  totals: { conversations: number; recordings: number; skipped: number; failed: number } | null;
  /** Recordings that failed, as (conversation index, recording slot). */
  failedRecordings: { conversationId: string; recordingId: string }[];
}

export interface AuditTransaction {
  readonly id: string;
  readonly kind: 'quality' | 'org';
  readonly body: Record<string, unknown>;
  readonly startMs: number;
  readonly endMs: number;
  /** Clock reading when submitted: events after it are not in the results. */
  readonly submittedMs: number;
  polls: number;
}

export interface SandboxState {
  readonly recordingJobs: Map<string, RecordingJob>;
  recordingJobSerial: number;
  /** Protection applied or revoked through the API, by conversation id, oldest first (only real changes). */
  readonly protection: Map<string, ProtectionChange[]>;
  protectionSerial: number;
  readonly auditTransactions: Map<string, AuditTransaction>;
  auditSerial: number;
  /** GET /recordings answers left to answer 202-empty on demand. */
  emptyRecordingsLeft: number;
  /** The next recording job to finish processing ends FAILED. */
  failNextRecordingJob: boolean;
}

export function createSandboxState(): SandboxState {
  return {
    recordingJobs: new Map(),
    recordingJobSerial: 0,
    protection: new Map(),
    protectionSerial: 0,
    auditTransactions: new Map(),
    auditSerial: 0,
    emptyRecordingsLeft: 0,
    failNextRecordingJob: false,
  };
}
