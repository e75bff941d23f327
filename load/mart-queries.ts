/**
 * What the pipeline itself reads back from the marts dbt built (alerts), as plain SQL both
 * warehouses run; the caller names the relation. Rates are ratios of sums, never averages of rates.
 */
import { LoadError } from '../contract/errors.ts';
import type { HourlyCompliance } from './warehouse.ts';

/**
 * The marts compliance alerts read: the hourly rollup names the org's local hours (local date and
 * a label that keeps a DST fall-back's repeated hour apart), the fact gives each interaction once.
 * The rollup alone would count a transferred interaction once per queue and agent it touched.
 */
export const complianceAlertMarts = {
  hourly: 'agg_recording_compliance_hourly',
  sessions: 'fct_recording_compliance',
} as const;

const isoDate = /^\d{4}-\d\d-\d\d$/;

/**
 * Per local hour (in time order) of the latest local date before `beforeLocalDate` that has
 * rows: interactions (conversations) and those reported and verified compliant, an interaction
 * being compliant when all its required agent sessions are. `relation` quotes a mart's name
 * as the warehouse's relation; `text` casts an expression to a string in its dialect.
 */
export function complianceByLocalHourSql(
  relation: (mart: string) => string,
  beforeLocalDate: string,
  text: (sql: string) => string,
): string {
  if (!isoDate.test(beforeLocalDate)) {
    throw new LoadError(`A local date must look like 2026-11-03, got "${beforeLocalDate}".`);
  }
  const relations = {
    hourly: relation(complianceAlertMarts.hourly),
    sessions: relation(complianceAlertMarts.sessions),
  };
  return `with local_hours as (
    select distinct conversation_started_hour_utc, local_date, local_hour_label, local_hour
    from ${relations.hourly}
    where local_date = (select max(local_date) from ${relations.hourly} where local_date < date '${beforeLocalDate}')
),
interactions as (
    select
        conversation_id,
        min(conversation_started_hour_utc) as conversation_started_hour_utc,
        min(case when is_reported_compliant then 1 else 0 end) as reported,
        min(case when is_verified_compliant then 1 else 0 end) as verified
    from ${relations.sessions}
    where conversation_started_hour_utc in (select conversation_started_hour_utc from local_hours)
    group by conversation_id
)
select ${text('local_hours.local_date')} as local_date, local_hours.local_hour_label,
    min(local_hours.local_hour) as local_hour,
    count(*) as interactions,
    sum(interactions.reported) as reported_compliant,
    sum(interactions.verified) as verified_compliant
from local_hours
inner join interactions on interactions.conversation_started_hour_utc = local_hours.conversation_started_hour_utc
group by local_hours.local_date, local_hours.local_hour_label
order by min(local_hours.conversation_started_hour_utc)`;
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
