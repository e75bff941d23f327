/**
 * Reads the report's sections from the marts through a `MartReader` (DuckDB: load/duckdb/mart-reader.ts).
 * A section whose mart the warehouse does not have comes back as `missing` with the reason, so
 * the report still renders; rows are checked against their schema, so a renamed column is an
 * error naming the section instead of a chart of nothing.
 */
import { z } from 'zod';
import { LoadError } from '../../contract/errors.ts';
import { reportMarts, reportQueries, type SectionName } from './queries.ts';

/** Read-only access to the marts schema of a warehouse. */
export interface MartReader {
  /** Names of the tables and views in `schema`. */
  tables(schema: string): Promise<ReadonlySet<string>>;
  /** Rows of a query as plain objects (numbers may come back as numbers, bigints or numeric strings). */
  query(sql: string): Promise<readonly Record<string, unknown>[]>;
}

const count = z.union([z.number(), z.bigint(), z.string().regex(/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i)]).transform(Number);
const rate = count.nullable();

export const headlineRow = z.object({
  interactions: count.nullable().transform((value) => value ?? 0),
  reported_compliant_interactions: count.nullable().transform((value) => value ?? 0),
  verified_compliant_interactions: count.nullable().transform((value) => value ?? 0),
  reported_compliance_rate: rate,
  verified_compliance_rate: rate,
});
export const byHourRow = z.object({
  local_hour: count,
  interactions: count,
  reported_compliance_rate: rate,
  verified_compliance_rate: rate,
});
export const failureRateRow = z.object({
  segment: z.enum(['all', 'with timeout', 'without timeout']),
  in_scope: count.nullable().transform((value) => value ?? 0),
  failures: count.nullable().transform((value) => value ?? 0),
  failure_rate: rate,
});
export const custodyRow = z.object({ custody_verdict: z.string().nullable(), recordings: count });
export const billingRow = z.object({
  reconciliation_status: z.string().nullable(),
  currency: z.string().nullable(),
  billing_rows: count,
  billed_interactions: count,
  billed_amount: count,
});

const rowSchemas = {
  headline: headlineRow,
  byHour: byHourRow,
  failureRate: failureRateRow,
  custody: custodyRow,
  billing: billingRow,
} as const;

type RowOf<K extends SectionName> = z.infer<(typeof rowSchemas)[K]>;

export type Section<Row> =
  | { readonly status: 'ok'; readonly sql: string; readonly marts: readonly string[]; readonly rows: readonly Row[] }
  | { readonly status: 'missing'; readonly sql: string; readonly marts: readonly string[]; readonly reason: string };

export type ReportData = { readonly schema: string } & { readonly [K in SectionName]: Section<RowOf<K>> };

async function readSection<K extends SectionName>(
  reader: MartReader,
  name: K,
  query: { sql: string; marts: readonly string[] },
  schema: string,
  present: ReadonlySet<string>,
): Promise<Section<RowOf<K>>> {
  const absent = query.marts.filter((mart) => !present.has(mart));
  if (absent.length > 0) {
    return {
      status: 'missing',
      sql: query.sql,
      marts: query.marts,
      reason:
        `${absent.map((mart) => `${schema}.${mart}`).join(', ')} missing: the warehouse has no such table ` +
        '(dbt build has not built it yet, or these models do not define it)',
    };
  }
  let raw: readonly Record<string, unknown>[];
  try {
    raw = await reader.query(query.sql);
  } catch (error) {
    const marts = query.marts.map((mart) => `${schema}.${mart}`).join(', ');
    throw new LoadError(
      `The report's ${name} query failed on ${marts}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const parsed = z.array(rowSchemas[name]).safeParse(raw);
  if (!parsed.success) {
    throw new LoadError(
      `The report's ${name} query returned rows of an unexpected shape (${z.prettifyError(parsed.error)}); ` +
        `check the columns of ${query.marts.join(', ')} against load/report/queries.ts.`,
    );
  }
  return { status: 'ok', sql: query.sql, marts: query.marts, rows: parsed.data };
}

/** Every section of the report, read from the marts schema `schema` (a validated identifier). */
export async function readReport(reader: MartReader, schema: string): Promise<ReportData> {
  const tables = await reader.tables(schema);
  const present = new Set(reportMarts.filter((mart) => tables.has(mart)));
  const queries = reportQueries(schema, present);
  return {
    schema,
    headline: await readSection(reader, 'headline', queries.headline, schema, present),
    byHour: await readSection(reader, 'byHour', queries.byHour, schema, present),
    failureRate: await readSection(reader, 'failureRate', queries.failureRate, schema, present),
    custody: await readSection(reader, 'custody', queries.custody, schema, present),
    billing: await readSection(reader, 'billing', queries.billing, schema, present),
  };
}
