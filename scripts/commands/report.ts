/**
 * `genesys-etl report`: reads the report's sections from the marts (load/report) and writes the
 * page (scripts/report/html.ts). Reads a DuckDB warehouse, read-only.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../../contract/errors.ts';
import { openDuckdbMartReader } from '../../load/duckdb/mart-reader.ts';
import { readReport, type ReportData } from '../../load/report/read-report.ts';
import type { Config } from '../config.ts';
import { renderReportHtml } from '../report/html.ts';

export interface ReportResult {
  /** Absolute path of the page written. */
  readonly path: string;
  readonly data: ReportData;
}

export async function writeReport(config: Config, options: { out: string; now?: Date }): Promise<ReportResult> {
  if (config.warehouse.kind !== 'duckdb') {
    throw new ConfigError(
      'genesys-etl report reads a DuckDB warehouse (WAREHOUSE_URI=duckdb://...); on BigQuery, use the Looker dashboards (looker/).',
    );
  }
  const reader = await openDuckdbMartReader(config.warehousePath, config.duckdb);
  let data: ReportData;
  try {
    data = await readReport(reader, config.dbtSchemas.marts);
  } finally {
    reader.close();
  }
  const html = await renderReportHtml(data, { generatedAt: options.now ?? new Date(), source: config.warehousePath });
  const path = resolve(options.out);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, html);
  return { path, data };
}

/** The sections the report could not show, one line each (for the command's output). */
export function unavailableSections(data: ReportData): string[] {
  return (['headline', 'byHour', 'failureRate', 'custody', 'billing'] as const).flatMap((name) => {
    const section = data[name];
    return section.status === 'missing' ? [`${name}: not available: ${section.reason}`] : [];
  });
}
