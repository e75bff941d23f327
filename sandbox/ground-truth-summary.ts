/**
 * Headline figures of a scenario's ground truth (for tests and for documenting scenarios).
 * Streams over the conversations, so it runs in constant memory.
 */
import { isPeakHour } from './generator/agent-legs.ts';
import { iterateGroundTruth } from './ground-truth.ts';
import type { TruthOptions } from './ground-truth.ts';
import type { Scenario } from './scenario.ts';

export interface GroundTruthSummary {
  readonly conversations: number;
  readonly handled: number;
  readonly malformed: number;
  /** Valid conversations with unknown (drifted) fields: kept, not quarantined. */
  readonly schemaDrift: number;
  readonly agentSessions: number;
  readonly coveredAgentSessions: number;
  /** Covered agent sessions whose screen recording is error, missing or truncated. */
  readonly screenFailures: { readonly error: number; readonly missing: number; readonly truncated: number };
  readonly screenFailureShare: number;
  readonly screenFailureShareInPeak: number;
  readonly screenFailureShareOffPeak: number;
  /** Handled conversations whose audio recording is error or missing. */
  readonly audioFailures: { readonly error: number; readonly missing: number };
  readonly audioFailureShare: number;
  readonly dataActionTimeouts: number;
  /** P(timeout | a screen recording of the conversation failed). */
  readonly timeoutShareGivenScreenFailure: number;
  /** Recordings that never started: covered agent sessions (screen) and handled conversations (audio). */
  readonly notStarted: { readonly screen: number; readonly audio: number };
  /** Share of covered agent sessions that report both recordings as started (screenRecording, recording). */
  readonly reportedCompliance: number;
  /** Covered agent sessions with a usable, complete screen recording and usable audio. */
  readonly verifiedCompliance: number;
}

const share = (n: number, d: number): number => (d === 0 ? 0 : n / d);

export function summarizeGroundTruth(scenario: Scenario): GroundTruthSummary {
  let conversations = 0;
  let handled = 0;
  let malformed = 0;
  let schemaDrift = 0;
  let agentSessions = 0;
  let covered = 0;
  let coveredPeak = 0;
  let failedPeak = 0;
  let verified = 0;
  let reported = 0;
  const notStarted = { screen: 0, audio: 0 };
  const screen = { error: 0, missing: 0, truncated: 0 };
  const audio = { error: 0, missing: 0 };
  let timeouts = 0;
  let failedConversations = 0;
  let timeoutsGivenFailure = 0;
  for (const c of iterateGroundTruth(scenario)) {
    conversations++;
    if (c.malformed !== null) malformed++;
    if (c.schemaDrift) schemaDrift++;
    if (c.dataActionTimedOut) timeouts++;
    if (!c.handled) continue;
    handled++;
    if (c.audio === 'error' || c.audio === 'missing') audio[c.audio]++;
    if (c.audio === 'not_started') notStarted.audio++;
    let anyFailed = false;
    for (const a of c.agents) {
      agentSessions++;
      if (!a.coveredByPolicy) continue;
      covered++;
      if (a.screenReported && a.audioReported) reported++;
      if (a.screen === 'not_started') notStarted.screen++;
      const peak = isPeakHour(scenario, c.localHour);
      if (peak) coveredPeak++;
      if (a.screen === 'error' || a.screen === 'missing' || a.screen === 'truncated') {
        screen[a.screen]++;
        anyFailed = true;
        if (peak) failedPeak++;
      } else if (a.audio === 'ok' && a.screen === 'ok') {
        verified++;
      }
    }
    if (anyFailed) {
      failedConversations++;
      if (c.dataActionTimedOut) timeoutsGivenFailure++;
    }
  }
  const failed = screen.error + screen.missing + screen.truncated;
  return {
    conversations,
    handled,
    malformed,
    schemaDrift,
    agentSessions,
    coveredAgentSessions: covered,
    screenFailures: screen,
    screenFailureShare: share(failed, covered),
    screenFailureShareInPeak: share(failedPeak, coveredPeak),
    screenFailureShareOffPeak: share(failed - failedPeak, covered - coveredPeak),
    audioFailures: audio,
    audioFailureShare: share(audio.error + audio.missing, handled),
    dataActionTimeouts: timeouts,
    timeoutShareGivenScreenFailure: share(timeoutsGivenFailure, failedConversations),
    notStarted,
    reportedCompliance: share(reported, covered),
    verifiedCompliance: share(verified, covered),
  };
}

/** Custody headline figures at a clock reading (recordings, exports, access, protection, deletion). */
export interface CustodySummary {
  readonly recordings: number;
  readonly exportsConfigured: number;
  readonly exported: number;
  readonly exportFailed: number;
  readonly exportNever: number;
  readonly reads: number;
  readonly downloads: number;
  /** Reads and downloads by users outside QA. */
  readonly accessOutsideQa: number;
  readonly protectedConversations: number;
  readonly protectionRevoked: number;
  readonly retentionShortened: number;
  readonly deleted: number;
  readonly archived: number;
  readonly auditEvents: number;
  readonly byFileState: Readonly<Record<string, number>>;
}

export function summarizeCustody(scenario: Scenario, options: TruthOptions = {}): CustodySummary {
  const now = options.now ?? Date.now();
  const s = {
    recordings: 0,
    exportsConfigured: 0,
    exported: 0,
    exportFailed: 0,
    exportNever: 0,
    reads: 0,
    downloads: 0,
    accessOutsideQa: 0,
    protectedConversations: 0,
    protectionRevoked: 0,
    retentionShortened: 0,
    deleted: 0,
    archived: 0,
    auditEvents: 0,
  };
  const byFileState: Record<string, number> = {};
  for (const c of iterateGroundTruth(scenario, 0, undefined, { now })) {
    const first = c.recordings[0];
    if (first?.protectionAppliedDate != null) s.protectedConversations++;
    if (first?.protectionRevokedDate != null) s.protectionRevoked++;
    for (const r of c.recordings) {
      s.recordings++;
      byFileState[r.fileState] = (byFileState[r.fileState] ?? 0) + 1;
      if (r.exportOutcome !== 'not_configured') s.exportsConfigured++;
      if (r.exportedDate !== null) s.exported++;
      if (r.exportOutcome === 'failed' && r.exportDate !== null && Date.parse(r.exportDate) <= now) s.exportFailed++;
      if (r.exportOutcome === 'never' && r.exportDate !== null && Date.parse(r.exportDate) <= now) s.exportNever++;
      if (r.retentionShortened) s.retentionShortened++;
      if (r.fileState === 'DELETED') s.deleted++;
      if (r.auditEvents.some((e) => e.action === 'Archive')) s.archived++;
      s.auditEvents += r.auditEvents.length;
      for (const e of r.auditEvents) {
        if (e.action === 'Read') s.reads++;
        if (e.action === 'Download') s.downloads++;
        if ((e.action === 'Read' || e.action === 'Download') && e.outsideQa) s.accessOutsideQa++;
      }
    }
  }
  return { ...s, byFileState };
}
