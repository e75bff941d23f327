/**
 * Headline figures of a scenario's ground truth (for tests and for documenting scenarios).
 * Streams over the conversations, so it runs in constant memory.
 */
import { isPeakHour } from './generator/agent-legs.ts';
import { iterateGroundTruth } from './ground-truth.ts';
import type { Scenario } from './scenario.ts';

export interface GroundTruthSummary {
  readonly conversations: number;
  readonly handled: number;
  readonly malformed: number;
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
  /** Reported compliance: every covered session reports screenRecording = true. */
  readonly reportedCompliance: number;
  /** Covered agent sessions with a usable, complete screen recording and usable audio. */
  readonly verifiedCompliance: number;
}

const share = (n: number, d: number): number => (d === 0 ? 0 : n / d);

export function summarizeGroundTruth(scenario: Scenario): GroundTruthSummary {
  let conversations = 0;
  let handled = 0;
  let malformed = 0;
  let agentSessions = 0;
  let covered = 0;
  let coveredPeak = 0;
  let failedPeak = 0;
  let verified = 0;
  const screen = { error: 0, missing: 0, truncated: 0 };
  const audio = { error: 0, missing: 0 };
  let timeouts = 0;
  let failedConversations = 0;
  let timeoutsGivenFailure = 0;
  for (const c of iterateGroundTruth(scenario)) {
    conversations++;
    if (c.malformed !== null) malformed++;
    if (c.dataActionTimedOut) timeouts++;
    if (!c.handled) continue;
    handled++;
    if (c.audio === 'error' || c.audio === 'missing') audio[c.audio]++;
    let anyFailed = false;
    for (const a of c.agents) {
      agentSessions++;
      if (!a.coveredByPolicy) continue;
      covered++;
      const peak = isPeakHour(scenario, c.localHour);
      if (peak) coveredPeak++;
      if (a.screen === 'error' || a.screen === 'missing' || a.screen === 'truncated') {
        screen[a.screen]++;
        anyFailed = true;
        if (peak) failedPeak++;
      } else if (a.audio === 'ok') {
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
    reportedCompliance: covered === 0 ? 0 : 1,
    verifiedCompliance: share(verified, covered),
  };
}
