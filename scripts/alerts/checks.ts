/**
 * When alerts fire (the webhook is in webhook.ts): a failed run (a reconciliation mismatch is
 * its own kind), a stream lagging more than ALERT_MAX_LAG, and a compliance gap: in some local
 * hour of the last complete day the verified rate is more than ALERT_COMPLIANCE_GAP_POINTS
 * percentage points below the reported rate (agg_recording_compliance_hourly, summed over
 * queues: rates are ratios of sums).
 */
import { ReconciliationError } from '../../contract/errors.ts';
import type { HourlyCompliance, LedgerReport } from '../../load/warehouse.ts';
import { evaluateStatus, formatLag } from '../commands/status.ts';
import type { Alert } from './webhook.ts';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The alert for a run that failed for good (after the scheduler's retries). */
export function failureAlert(error: unknown, what: string): Alert {
  if (error instanceof ReconciliationError) {
    return {
      kind: 'reconciliation_mismatch',
      severity: 'error',
      summary: `${what} stopped on a reconciliation mismatch: ${messageOf(error)}`,
      details: { error: messageOf(error) },
    };
  }
  return {
    kind: 'run_failed',
    severity: 'error',
    summary: `${what} failed: ${messageOf(error)}`,
    details: { error: messageOf(error), errorType: error instanceof Error ? error.name : typeof error },
  };
}

/** One alert per stream whose last loaded window ended more than `maxLagMs` ago (or that has none). */
export function staleStreamAlerts(report: LedgerReport, now: Date, maxLagMs: number): Alert[] {
  const evaluation = evaluateStatus(report, now, maxLagMs);
  return evaluation.streams
    .filter((stream) => stream.lagMs === null || stream.lagMs > maxLagMs)
    .map((stream) => ({
      kind: 'stale_stream',
      severity: 'warning',
      summary:
        stream.lagMs === null
          ? `${stream.stream}: no window has been loaded yet`
          : `${stream.stream}: the last loaded window ended ${formatLag(stream.lagMs)} ago, more than the ${formatLag(maxLagMs)} allowed`,
      details: {
        stream: stream.stream,
        lastLoadedWindowEnd: stream.lastLoadedWindowEnd,
        lagMs: stream.lagMs,
        maxLagMs,
      },
    }));
}

const points = (part: number, whole: number): number => (whole === 0 ? 0 : (100 * part) / whole);
const round = (value: number): number => Math.round(value * 10) / 10;

/** The alert for the hours whose gap exceeds `thresholdPoints`, or undefined when none does. */
export function complianceGapAlert(hours: readonly HourlyCompliance[], thresholdPoints: number): Alert | undefined {
  const gaps = hours
    .filter((hour) => hour.interactions > 0)
    .map((hour) => {
      const reported = points(hour.reportedCompliant, hour.interactions);
      const verified = points(hour.verifiedCompliant, hour.interactions);
      return { hour, reported, verified, gap: reported - verified };
    })
    .filter((entry) => entry.gap > thresholdPoints)
    .sort((a, b) => b.gap - a.gap);
  const worst = gaps[0];
  if (worst === undefined) return undefined;
  return {
    kind: 'compliance_gap',
    severity: 'warning',
    summary:
      `on ${worst.hour.localDate}, ${gaps.length} local hour(s) had verified compliance more than ${thresholdPoints} points ` +
      `below reported; the worst, ${worst.hour.localHourLabel}: reported ${round(worst.reported)}%, verified ` +
      `${round(worst.verified)}% (${worst.hour.interactions} interactions)`,
    details: {
      localDate: worst.hour.localDate,
      thresholdPoints,
      hoursOverThreshold: gaps.length,
      worstHour: worst.hour.localHourLabel,
      worstReportedRate: round(worst.reported),
      worstVerifiedRate: round(worst.verified),
      worstGapPoints: round(worst.gap),
      hours: gaps.map((entry) => `${entry.hour.localHourLabel} (${round(entry.gap)} points)`).join(', '),
    },
  };
}

/** Today's date (YYYY-MM-DD) in `timeZone`: the last complete local day is the latest before it. */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
