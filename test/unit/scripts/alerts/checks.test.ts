/** When alerts fire: failures by kind, stale streams, and the compliance gap per local hour. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReconciliationError } from '../../../../contract/errors.ts';
import { complianceGapAlert, failureAlert, localDate, staleStreamAlerts } from '../../../../scripts/alerts/checks.ts';
import type { HourlyCompliance, LedgerReport } from '../../../../load/warehouse.ts';

const hour = (label: string, interactions: number, reported: number, verified: number): HourlyCompliance => ({
  localDate: '2026-11-03',
  localHourLabel: `2026-11-03 ${label} +01:00`,
  localHour: Number(label.slice(0, 2)),
  interactions,
  reportedCompliant: reported,
  verifiedCompliant: verified,
});

test('a reconciliation mismatch is its own kind; any other failure is run_failed', () => {
  assert.equal(failureAlert(new ReconciliationError('3 rows missing'), 'run').kind, 'reconciliation_mismatch');
  const failed = failureAlert(new Error('boom'), 'scheduled tick 2');
  assert.equal(failed.kind, 'run_failed');
  assert.equal(failed.summary, 'scheduled tick 2 failed: boom');
});

test('the compliance gap fires when some hour is more than N points below, naming the worst hour', () => {
  const hours = [
    hour('09:00', 100, 95, 90), // 5 points
    hour('10:00', 200, 190, 160), // 15 points
    hour('11:00', 50, 45, 30), // 30 points
    hour('12:00', 0, 0, 0),
  ];
  const alert = complianceGapAlert(hours, 10);
  assert.ok(alert !== undefined);
  assert.equal(alert.kind, 'compliance_gap');
  assert.equal(alert.details['hoursOverThreshold'], 2);
  assert.equal(alert.details['worstHour'], '2026-11-03 11:00 +01:00');
  assert.equal(alert.details['worstGapPoints'], 30);
  assert.equal(complianceGapAlert(hours, 30), undefined);
  assert.equal(complianceGapAlert([], 0), undefined);
});

test('a stream lagging more than the threshold fires; a fresh one does not', () => {
  const windows = { running: 0, succeeded: 1, provisional: 0, failed: 0, interrupted: 0 };
  const report: LedgerReport = {
    lastRun: null,
    streams: [
      { stream: 'conversations', lastCompletedWindow: null, lastLoadedWindowEnd: '2026-11-03T00:00:00.000Z', windows },
      { stream: 'users', lastCompletedWindow: null, lastLoadedWindowEnd: '2026-11-04T11:00:00.000Z', windows },
    ],
  };
  const alerts = staleStreamAlerts(report, new Date('2026-11-04T12:00:00Z'), 6 * 3_600_000);
  assert.deepEqual(
    alerts.map((alert) => [alert.kind, alert.details['stream'], alert.details['lagMs']]),
    [['stale_stream', 'conversations', 36 * 3_600_000]],
  );
});

test('today in the org time zone decides the last complete day', () => {
  assert.equal(localDate(new Date('2026-11-03T23:30:00Z'), 'Europe/Berlin'), '2026-11-04');
  assert.equal(localDate(new Date('2026-11-03T23:30:00Z'), 'America/New_York'), '2026-11-03');
});
