/**
 * Finance's monthly export (`genesys-etl export-billing`): the rows of the mart
 * fct_billing_reconciliation for one billing month, their totals, and the two files they are
 * written to. The rows are read with one query; the totals are summed here from the rows
 * written, so the totals file always adds up to the lines file (a test checks both against the mart).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

/** The columns of the lines file, in order. */
export const exportColumns = [
  'billing_month',
  'invoice_id',
  'client_id',
  'conversation_id',
  'billed_at',
  'billed_amount',
  'currency',
  'reconciliation_status',
  'unverified_reason',
  'is_verified',
  'conversation_started_at',
  'source_file_name',
] as const;

export const totalsColumns = [
  'currency',
  'reconciliation_status',
  'unverified_reason',
  'interactions',
  'billed_amount',
] as const;

export type ExportRow = Record<(typeof exportColumns)[number], string | number | boolean | null>;
export type TotalsRow = Record<(typeof totalsColumns)[number], string | number>;

export type ExportFormat = 'csv' | 'parquet';

/** The export's query: `martsRelation` is a trusted relation name, `month` is validated (YYYY-MM). */
export function exportQuery(martsRelation: string, month: string, timestamp: (column: string) => string): string {
  return `select
    cast(billing_month as string) as billing_month, invoice_id, client_id, conversation_id,
    ${timestamp('billed_at')} as billed_at, billed_amount, currency, reconciliation_status, unverified_reason,
    is_verified, ${timestamp('conversation_started_at')} as conversation_started_at, source_file_name
from ${martsRelation}
where billing_month = date '${month}-01'
order by reconciliation_status, invoice_id, billed_at, conversation_id`;
}

/** Amounts are summed in ten-thousandths (the billing file allows four decimals), so sums do not drift. */
const units = (amount: number): number => Math.round(amount * 10_000);

/** Code-point order of (currency, status, reason), field by field. */
function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (const [i, value] of a.entries()) {
    const other = b[i] ?? '';
    if (value !== other) return value < other ? -1 : 1;
  }
  return 0;
}

/** Per currency, status and reason: interactions and amount billed; then per currency, status 'all'. */
export function exportTotals(rows: readonly ExportRow[]): TotalsRow[] {
  const groups = new Map<string, { key: [string, string, string]; interactions: number; units: number }>();
  const add = (key: [string, string, string], amount: number): void => {
    const id = key.join('\u0000');
    const entry = groups.get(id) ?? { key, interactions: 0, units: 0 };
    entry.interactions += 1;
    entry.units += units(amount);
    groups.set(id, entry);
  };
  for (const row of rows) {
    const currency = String(row.currency ?? '');
    const amount = Number(row.billed_amount ?? 0);
    add([currency, String(row.reconciliation_status), String(row.unverified_reason ?? '')], amount);
    add([currency, 'all', ''], amount);
  }
  return [...groups.values()]
    .sort((a, b) => compareKeys(a.key, b.key))
    .map(({ key: [currency, status, reason], interactions, units: sum }) => ({
      currency,
      reconciliation_status: status,
      unverified_reason: reason,
      interactions,
      billed_amount: sum / 10_000,
    }));
}

const csvField = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  return `${[columns.join(','), ...rows.map((row) => columns.map((column) => csvField(row[column])).join(','))].join('\n')}\n`;
}

/** `november.csv` → `november.totals.csv`. */
export function totalsPath(out: string): string {
  const extension = extname(out);
  return extension === '' ? `${out}.totals` : `${out.slice(0, -extension.length)}.totals${extension}`;
}

const parquetTypes: Readonly<Record<string, string>> = {
  billed_amount: 'DOUBLE',
  interactions: 'BIGINT',
  is_verified: 'BOOLEAN',
  billing_month: 'DATE',
  billed_at: 'TIMESTAMPTZ',
  conversation_started_at: 'TIMESTAMPTZ',
};

/** Writes rows as CSV, or as Parquet (through an in-memory DuckDB reading the CSV with explicit types). */
export async function writeTable(
  path: string,
  format: ExportFormat,
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const csv = toCsv(columns, rows);
  if (format === 'csv') {
    await writeFile(path, csv);
    return;
  }
  const scratch = `${path}.csv.partial`;
  await writeFile(scratch, csv);
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', memory_limit: '64MB' });
  const connection = await instance.connect();
  const literal = (value: string): string => `'${value.replaceAll("'", "''")}'`;
  const types = columns.map((column) => `${literal(column)}: ${literal(parquetTypes[column] ?? 'VARCHAR')}`).join(', ');
  try {
    await connection.run(
      `copy (select * from read_csv(${literal(scratch)}, header = true, columns = {${types}})) ` +
        `to ${literal(path)} (format parquet)`,
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(scratch, { force: true });
  }
}
