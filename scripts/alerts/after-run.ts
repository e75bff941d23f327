/** The alerts checked after a run that succeeded: stale streams (ledger) and the compliance gap (marts, after dbt). */
import type { Config } from '../config.ts';
import type { WarehouseAccess } from '../warehouse-access.ts';
import { complianceGapAlert, localDate, staleStreamAlerts } from './checks.ts';
import type { Alerter } from './webhook.ts';

/** Never throws: a check that fails is logged, and the run's outcome stands. */
export async function alertAfterRun(
  config: Config,
  access: WarehouseAccess,
  alerter: Alerter,
  { dbtBuilt, now, log }: { readonly dbtBuilt: boolean; readonly now: Date; readonly log: (line: string) => void },
): Promise<void> {
  if (config.alerts.webhookUrl === undefined) return;
  try {
    const report = await access.use((warehouse) => warehouse.ledger.report());
    for (const alert of staleStreamAlerts(report, now, config.alerts.maxLagMs)) await alerter.fire(alert);
    if (!dbtBuilt) return;
    const today = localDate(now, config.orgTimezone);
    const hours = await access.use((warehouse) => warehouse.complianceByLocalHour(config.dbtSchemas.marts, today));
    const gap = complianceGapAlert(hours, config.alerts.complianceGapPoints);
    if (gap !== undefined) await alerter.fire(gap);
  } catch (error) {
    log(`alert checks failed (${error instanceof Error ? error.message : String(error)}); the run's outcome stands`);
  }
}
