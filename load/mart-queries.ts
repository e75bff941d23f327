/**
 * What the pipeline itself reads back from the marts dbt built (alerts), as plain SQL both
 * warehouses run; the caller names the relation. Rates are ratios of sums, never averages of rates.
 */
import { LoadError } from '../contract/errors.ts';
import type { HourlyCompliance } from './warehouse.ts';

/** The mart compliance alerts read (grain: UTC hour x queue, with the org's local date and hour). */
export const hourlyComplianceMart = 'agg_recording_compliance_hourly';

const isoDate = /^\d{4}-\d\d-\d\d$/;

/**
 * Per local hour of the latest local date before `beforeLocalDate` that has rows: interactions
 * and those reported and verified compliant, summed over queues. `text` casts an expression to
 * a string in the warehouse's dialect.
 */
export function complianceByLocalHourSql(
  relation: string,
  beforeLocalDate: string,
  text: (sql: string) => string,
): string {
  if (!isoDate.test(beforeLocalDate)) {
    throw new LoadError(`A local date must look like 2026-11-03, got "${beforeLocalDate}".`);
  }
  return `select ${text('local_date')} as local_date, local_hour_label, min(local_hour) as local_hour,
       sum(interactions) as interactions,
       sum(reported_compliant_interactions) as reported_compliant,
       sum(verified_compliant_interactions) as verified_compliant
     from ${relation}
     where local_date = (select max(local_date) from ${relation} where local_date < date '${beforeLocalDate}')
     group by local_date, local_hour_label
     order by local_hour_label`;
}

export function hourlyComplianceOf(row: Readonly<Record<string, unknown>>): HourlyCompliance {
  return {
    localDate: String(row['local_date']),
    localHourLabel: String(row['local_hour_label']),
    localHour: Number(row['local_hour']),
    interactions: Number(row['interactions'] ?? 0),
    reportedCompliant: Number(row['reported_compliant'] ?? 0),
    verifiedCompliant: Number(row['verified_compliant'] ?? 0),
  };
}
