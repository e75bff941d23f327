/** A window record for the ledger tests: [day, day + 1) of November 2026, zero counts unless `extra` says otherwise. */
import type { WindowRecord, WindowStatus } from '../../load/warehouse.ts';

export function dayWindow(
  runId: string,
  stream: string,
  date: number,
  status: WindowStatus,
  startedAt: string,
  extra: Partial<WindowRecord> = {},
): WindowRecord {
  const day = (n: number) => `2026-11-${String(n).padStart(2, '0')}T00:00:00.000Z`;
  return {
    runId,
    stream,
    windowStart: day(date),
    windowEnd: day(date + 1),
    status,
    received: 0,
    loaded: 0,
    quarantined: 0,
    apiCalls: 0,
    dataAvailabilityDate: null,
    startedAt,
    ...extra,
  };
}
