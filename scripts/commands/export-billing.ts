/**
 * `genesys-etl export-billing --month YYYY-MM [--format csv|parquet] [--out FILE]`: finance's
 * monthly billing reconciliation from the mart fct_billing_reconciliation (DuckDB or BigQuery),
 * written as a lines file and a totals file (scripts/billing-export.ts), so finance never writes SQL.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDuckdbMartReader } from '../../load/duckdb/mart-reader.ts';
import { ConfigError, EtlError } from '../../contract/errors.ts';
import {
  exportColumns,
  exportQuery,
  exportTotals,
  totalsColumns,
  totalsPath,
  writeTable,
  type ExportFormat,
  type ExportRow,
  type TotalsRow,
} from '../billing-export.ts';
import type { Config } from '../config.ts';

export interface ExportBillingOptions {
  readonly month: string;
  readonly format: ExportFormat;
  readonly out: string;
}

export interface ExportBillingResult {
  readonly out: string;
  readonly totalsOut: string;
  readonly rows: number;
  readonly totals: readonly TotalsRow[];
}

const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The command's options, checked: a ConfigError names a bad month or format. */
export function parseExportBillingOptions(values: {
  month?: string;
  format?: string;
  out?: string;
}): ExportBillingOptions {
  const { month, format = 'csv' } = values;
  if (month === undefined) throw new ConfigError('--month is required, e.g. --month 2026-11');
  if (!monthPattern.test(month)) {
    throw new ConfigError(`--month must be a month as YYYY-MM (e.g. 2026-11), got "${month}"`);
  }
  if (format !== 'csv' && format !== 'parquet') {
    throw new ConfigError(`--format must be csv or parquet, got "${format}"`);
  }
  return { month, format, out: values.out ?? `billing-reconciliation-${month}.${format}` };
}

const missingMart = (where: string, error: unknown): EtlError =>
  new EtlError(
    `Cannot read fct_billing_reconciliation in ${where}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}. ` +
      'Build the marts first: genesys-etl load-billing FILE.csv --build (or genesys-etl run).',
    { cause: error },
  );

async function readDuckdb(config: Config, month: string): Promise<ExportRow[]> {
  const path = config.warehousePath;
  if (!existsSync(path)) throw new EtlError(`No warehouse at ${path} (WAREHOUSE_URI): run the pipeline first.`);
  const marts = await openDuckdbMartReader(path, config.duckdb);
  try {
    const sql = exportQuery(
      `${config.dbtSchemas.marts}.fct_billing_reconciliation`,
      month,
      (column) => `strftime(timezone('UTC', ${column}), '%Y-%m-%dT%H:%M:%SZ')`,
    );
    return (await marts.query(sql)) as ExportRow[];
  } catch (error) {
    throw missingMart(path, error);
  } finally {
    marts.close();
  }
}

async function readBigQuery(config: Config, month: string): Promise<ExportRow[]> {
  if (config.warehouse.kind !== 'bigquery') throw new EtlError('not a BigQuery warehouse');
  const { projectId, location } = config.warehouse;
  const { bigqueryClient } = await import('./google-clients.ts');
  const relation = `\`${projectId}.${config.dbtSchemas.marts}.fct_billing_reconciliation\``;
  const sql = exportQuery(relation, month, (column) => `format_timestamp('%Y-%m-%dT%H:%M:%SZ', ${column}, 'UTC')`);
  try {
    const [rows] = await bigqueryClient(config, projectId, location).query({ query: sql, location });
    return rows as ExportRow[];
  } catch (error) {
    throw missingMart(`${projectId}.${config.dbtSchemas.marts}`, error);
  }
}

export function formatTotals(month: string, totals: readonly TotalsRow[]): string {
  const lines = totals.map(
    (row) =>
      `  ${String(row.currency || '-').padEnd(4)} ${String(row.reconciliation_status).padEnd(20)} ${String(row.unverified_reason).padEnd(23)} ` +
      `${String(row.interactions).padStart(7)}  ${Number(row.billed_amount).toFixed(2).padStart(12)}`,
  );
  return [
    `Billing reconciliation ${month} (currency, status, reason, interactions, amount billed):`,
    ...lines,
    '',
  ].join('\n');
}

export async function exportBilling(config: Config, options: ExportBillingOptions): Promise<ExportBillingResult> {
  const rows =
    config.warehouse.kind === 'duckdb'
      ? await readDuckdb(config, options.month)
      : await readBigQuery(config, options.month);
  const totals = exportTotals(rows);
  const out = resolve(options.out);
  const totalsOut = totalsPath(out);
  await writeTable(out, options.format, exportColumns, rows);
  await writeTable(totalsOut, options.format, totalsColumns, totals);
  return { out, totalsOut, rows: rows.length, totals };
}

export async function exportBillingCommand(config: Config, options: ExportBillingOptions): Promise<void> {
  const result = await exportBilling(config, options);
  process.stdout.write(formatTotals(options.month, result.totals));
  process.stdout.write(`${result.rows} rows written to ${result.out}\ntotals written to ${result.totalsOut}\n`);
  if (result.rows === 0) {
    process.stderr.write(
      `genesys-etl export-billing: nothing billed or verified in ${options.month}; was its billing file loaded (genesys-etl load-billing FILE --build)?\n`,
    );
  }
}
