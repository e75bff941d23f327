/**
 * The report's queries (genesys-etl report), one per section, each naming the marts it reads so
 * that a section whose mart is missing is reported as such instead of failing the report. Plain
 * SQL that DuckDB and BigQuery both run; every rate is a ratio of sums over the mart's counts.
 *
 * The failure-rate section has two sources: agg_recording_failure_root_cause when the warehouse
 * has it (interactions, as that mart counts them), else fct_recording_compliance (agent sessions
 * whose policy requires a screen recording). `reportQueries` picks by the marts present.
 */

/** A query of the report: its SQL, and the marts (in the marts schema) it needs. */
export interface ReportQuery {
  readonly sql: string;
  readonly marts: readonly string[];
}

export type SectionName = 'headline' | 'byHour' | 'failureRate' | 'custody' | 'billing';

/** The marts each section can read, in the order they are preferred. */
export const failureRateSources = ['agg_recording_failure_root_cause', 'fct_recording_compliance'] as const;

/** A screen recording counts as failed when it is failed, missing or incomplete (fct_recording_compliance.screen_status). */
const failedScreen = "screen_status in ('failed', 'missing', 'incomplete')";
/** The screen-pop data action timed out: its result attribute says so, or its HTTP status is 408. */
const dataActionTimedOut =
  "(lower(coalesce(data_action_result, '')) = 'timeout' or coalesce(data_action_http_status, '') = '408')";

function failureRateQuery(schema: string, present: ReadonlySet<string>): ReportQuery {
  if (present.has('agg_recording_failure_root_cause')) {
    const table = `${schema}.agg_recording_failure_root_cause`;
    return {
      marts: ['agg_recording_failure_root_cause'],
      sql: `select segment, in_scope, failures, failures * 1.0 / nullif(in_scope, 0) as failure_rate
from (
    select 'all' as segment, 1 as segment_order,
        sum(interactions_with_timeout + interactions_without_timeout) as in_scope,
        sum(screen_failures_with_timeout + screen_failures_without_timeout) as failures
    from ${table}
    union all
    select 'with timeout', 2, sum(interactions_with_timeout), sum(screen_failures_with_timeout)
    from ${table}
    union all
    select 'without timeout', 3, sum(interactions_without_timeout), sum(screen_failures_without_timeout)
    from ${table}
) as segments
order by segment_order`,
    };
  }
  const table = `${schema}.fct_recording_compliance`;
  return {
    marts: ['fct_recording_compliance'],
    sql: `select segment, in_scope, failures, failures * 1.0 / nullif(in_scope, 0) as failure_rate
from (
    select 'all' as segment, 1 as segment_order, count(*) as in_scope,
        sum(case when ${failedScreen} then 1 else 0 end) as failures
    from ${table}
    where is_screen_required
    union all
    select
        case when ${dataActionTimedOut} then 'with timeout' else 'without timeout' end,
        case when ${dataActionTimedOut} then 2 else 3 end,
        count(*),
        sum(case when ${failedScreen} then 1 else 0 end)
    from ${table}
    where is_screen_required
    group by 1, 2
) as segments
order by segment_order`,
  };
}

/**
 * The queries of every section. `schema` is the marts schema, a validated identifier
 * (scripts/config.ts); `present` the marts the warehouse has (it chooses the failure-rate source).
 */
export function reportQueries(schema: string, present: ReadonlySet<string>): Record<SectionName, ReportQuery> {
  // One row per interaction (conversation), compliant when all its required agent sessions are:
  // the hourly rollup counts an interaction once in each queue and agent row it touches, so
  // summing it would count a transferred interaction twice.
  const interactions = `with interactions as (
    select
        conversation_id,
        min(local_hour) as local_hour,
        min(case when is_reported_compliant then 1 else 0 end) as reported,
        min(case when is_verified_compliant then 1 else 0 end) as verified
    from ${schema}.fct_recording_compliance
    group by conversation_id
)`;
  return {
    headline: {
      marts: ['fct_recording_compliance'],
      sql: `${interactions}
select
    count(*) as interactions,
    sum(reported) as reported_compliant_interactions,
    sum(verified) as verified_compliant_interactions,
    sum(reported) * 1.0 / nullif(count(*), 0) as reported_compliance_rate,
    sum(verified) * 1.0 / nullif(count(*), 0) as verified_compliance_rate
from interactions`,
    },
    byHour: {
      marts: ['fct_recording_compliance'],
      sql: `${interactions}
select
    local_hour,
    count(*) as interactions,
    sum(reported) * 1.0 / nullif(count(*), 0) as reported_compliance_rate,
    sum(verified) * 1.0 / nullif(count(*), 0) as verified_compliance_rate
from interactions
group by local_hour
order by local_hour`,
    },
    failureRate: failureRateQuery(schema, present),
    custody: {
      marts: ['fct_recording_custody'],
      sql: `select custody_verdict, count(*) as recordings
from ${schema}.fct_recording_custody
group by custody_verdict
order by recordings desc, custody_verdict`,
    },
    billing: {
      marts: ['fct_billing_reconciliation'],
      sql: `select
    reconciliation_status,
    currency,
    count(*) as billing_rows,
    sum(case when is_billed then 1 else 0 end) as billed_interactions,
    sum(coalesce(billed_amount, 0)) as billed_amount
from ${schema}.fct_billing_reconciliation
group by reconciliation_status, currency
order by reconciliation_status, currency`,
    },
  };
}

/** The marts any section may read: what the report asks the warehouse about. */
export const reportMarts = [...failureRateSources, 'fct_recording_custody', 'fct_billing_reconciliation'] as const;
