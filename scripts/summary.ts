/**
 * The demo's closing summary. Every figure is read from the marts (schema `martsSchema`, see
 * DBT_MARTS_SCHEMA) or the pipeline tables (the warehouse's own schema), with the SQL printed
 * beside it, so a reader can re-run any number.
 */
import { openDuckdbMartReader } from '../load/duckdb/mart-reader.ts';
import type { DuckdbResources } from '../load/duckdb/settings.ts';

/** The summary's queries; `martsSchema` is a validated identifier (scripts/config.ts). */
export const summaryQueries = (martsSchema: string) =>
  ({
    // One row per interaction (conversation): the rollups count an interaction once in each
    // queue and agent row it touches, so distinct interactions come from the fact.
    headline: `with interactions as (
    select conversation_id, bool_and(is_reported_compliant) as reported, bool_and(is_verified_compliant) as verified
    from ${martsSchema}.fct_recording_compliance
    group by conversation_id
)
select
    count(*) as interactions,
    avg(case when reported then 1.0 else 0.0 end) as reported_compliance,
    avg(case when verified then 1.0 else 0.0 end) as verified_compliance
from interactions`,
    byHour: `with interactions as (
    select conversation_id, min(local_hour) as local_hour, bool_and(is_verified_compliant) as verified
    from ${martsSchema}.fct_recording_compliance
    group by conversation_id
)
select
    local_hour,
    count(*) as interactions,
    avg(case when verified then 1.0 else 0.0 end) as verified_compliance
from interactions
group by local_hour
order by local_hour`,
    discrepancies: `select discrepancy_type, count(*) as agent_sessions
from ${martsSchema}.fct_recording_compliance
group by discrepancy_type
order by agent_sessions desc`,
    rootCause: `select
    sum(screen_failures_with_timeout) * 1.0 / nullif(sum(interactions_with_timeout), 0) as failure_rate_with_timeout,
    sum(screen_failures_without_timeout) * 1.0 / nullif(sum(interactions_without_timeout), 0) as failure_rate_without_timeout,
    sum(interactions_with_timeout) as interactions_with_timeout,
    sum(interactions_without_timeout) as interactions_without_timeout
from ${martsSchema}.agg_recording_failure_root_cause`,
    custodyVerdicts: `select custody_verdict, count(*) as recordings
from ${martsSchema}.fct_recording_custody
group by custody_verdict
order by recordings desc, custody_verdict`,
    billing: `select
    coalesce(currency, '') as currency,
    sum(case when is_billed then 1 else 0 end) as billed,
    sum(case when is_billed then billed_amount else 0 end) as billed_amount,
    sum(case when reconciliation_status = 'verified' then 1 else 0 end) as verified,
    sum(case when reconciliation_status = 'unverified' then 1 else 0 end) as unverified,
    sum(case when reconciliation_status = 'unverified' then billed_amount else 0 end) as unverified_amount,
    sum(case when reconciliation_status = 'not_billed_verified' then 1 else 0 end) as not_billed_verified
from ${martsSchema}.fct_billing_reconciliation
group by 1
order by 1`,
    pipeline: `select
    (select count(*) from etl_files) as files_loaded,
    (select count(*) from etl_quarantine) as quarantined_records,
    (select count(*) from raw_genesys__conversations) as conversation_observations`,
  }) as const;

export type SummaryData = { [K in keyof ReturnType<typeof summaryQueries>]: readonly Record<string, unknown>[] };

export async function readSummary(
  warehousePath: string,
  martsSchema: string,
  resources: DuckdbResources,
): Promise<SummaryData> {
  const queries = summaryQueries(martsSchema);
  const marts = await openDuckdbMartReader(warehousePath, resources);
  try {
    return {
      headline: await marts.query(queries.headline),
      byHour: await marts.query(queries.byHour),
      discrepancies: await marts.query(queries.discrepancies),
      rootCause: await marts.query(queries.rootCause),
      custodyVerdicts: await marts.query(queries.custodyVerdicts),
      billing: await marts.query(queries.billing),
      pipeline: await marts.query(queries.pipeline),
    };
  } finally {
    marts.close();
  }
}

const numberText = (value: unknown): string => String(Number(value ?? 0));
const percent = (value: unknown): string =>
  value === null || value === undefined ? 'n/a' : `${(Number(value) * 100).toFixed(1)}%`;

/** The root cause in one line: screen failure rate with and without the data action's timeout. */
function rootCauseLine(row: Record<string, unknown>, martsSchema: string): string {
  const withTimeout = row['failure_rate_with_timeout'];
  const withoutTimeout = row['failure_rate_without_timeout'];
  return (
    `Root cause (from ${martsSchema}.agg_recording_failure_root_cause): screen recordings fail ` +
    `${percent(withTimeout)} of the time when the data action timed out (${numberText(row['interactions_with_timeout'])} interactions), ` +
    `${percent(withoutTimeout)} when it did not (${numberText(row['interactions_without_timeout'])})`
  );
}

/** One line: billed = verified + unverified, verified not billed, and per currency the amounts billed and unverified. */
export function formatBillingLine(rows: readonly Record<string, unknown>[], martsSchema: string): string {
  const total = (column: string): number => rows.reduce((sum, row) => sum + Number(row[column] ?? 0), 0);
  const amounts = rows
    .filter((row) => row['currency'] !== '')
    .map(
      (row) =>
        `${String(row['currency'])} ${Number(row['billed_amount']).toFixed(2)} billed (${Number(row['billed'])}), ` +
        `${Number(row['unverified_amount']).toFixed(2)} unverified`,
    );
  return (
    `Billing reconciliation (from ${martsSchema}.fct_billing_reconciliation): ${total('billed')} billed = ` +
    `${total('verified')} verified + ${total('unverified')} unverified; ${total('not_billed_verified')} verified but not billed` +
    (amounts.length > 0 ? `; ${amounts.join('; ')}` : '')
  );
}

export function formatSummary(data: SummaryData, warehousePath: string, martsSchema: string): string {
  const headline = data.headline[0] ?? {};
  const hours = data.byHour.map((row) => ({
    hour: Number(row['local_hour']),
    interactions: Number(row['interactions']),
    rate: row['verified_compliance'] === null ? null : Number(row['verified_compliance']),
  }));
  // "Worst" = more than 5 points below the overall verified rate; at least the single worst hour.
  const overall = Number(headline['verified_compliance'] ?? 0);
  const rated = hours.filter((row) => row.rate !== null && row.interactions > 0);
  const lowest = Math.min(...rated.map((row) => row.rate ?? 1));
  const worst = rated.filter((row) => (row.rate ?? 1) < overall - 0.05 || row.rate === lowest).map((row) => row.hour);
  const lines = [
    '',
    `Recording compliance (from ${martsSchema}.fct_recording_compliance, one count per interaction)`,
    `  interactions policy requires recorded: ${numberText(headline['interactions'])}`,
    `  reported compliance (analytics flags):  ${percent(headline['reported_compliance'])}`,
    `  verified compliance (recording files):  ${percent(headline['verified_compliance'])}`,
    '',
    'Verified compliance by local hour (worst marked <<: more than 5 points below the overall rate)',
    ...hours.map((row) => {
      const bar = '#'.repeat(Math.round((row.rate ?? 0) * 40));
      return `  ${String(row.hour).padStart(2, '0')}:00  ${percent(row.rate).padStart(6)}  ${bar.padEnd(40)} ${row.interactions} interactions${worst.includes(row.hour) ? '  <<' : ''}`;
    }),
    '',
    rootCauseLine(data.rootCause[0] ?? {}, martsSchema),
    '',
    `Agent sessions by discrepancy type (from ${martsSchema}.fct_recording_compliance)`,
    ...data.discrepancies.map(
      (row) => `  ${String(row['discrepancy_type']).padEnd(26)} ${String(row['agent_sessions'])}`,
    ),
    '',
    `Recordings by custody verdict (from ${martsSchema}.fct_recording_custody): ` +
      (data.custodyVerdicts.length === 0
        ? 'none'
        : data.custodyVerdicts
            .map((row) => `${String(row['custody_verdict'])} ${numberText(row['recordings'])}`)
            .join(', ')),
    formatBillingLine(data.billing, martsSchema),
    '',
    `Pipeline: ${numberText(data.pipeline[0]?.['files_loaded'])} files loaded, ` +
      `${numberText(data.pipeline[0]?.['quarantined_records'])} records in quarantine (etl_quarantine)`,
    '',
    `Warehouse: ${warehousePath}`,
    'The headline above is this query; try it, or the others in scripts/summary.ts:',
    `  .venv/bin/python -c "import duckdb; print(duckdb.connect('${warehousePath}', read_only=True).sql('''`,
    ...summaryQueries(martsSchema)
      .headline.split('\n')
      .map((line) => `    ${line}`),
    `  '''))"`,
    '',
  ];
  return lines.join('\n');
}
