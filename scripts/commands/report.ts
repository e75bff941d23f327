/**
 * `genesys-etl report`: reads the report's sections from the marts (load/report) and writes the
 * page (scripts/report/html.ts). Reads the warehouse read-only: a DuckDB file, or the marts
 * dataset of a BigQuery warehouse (the Google client loads only then).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
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
  const data = await readMarts(config);
  const source =
    config.warehouse.kind === 'duckdb'
      ? config.warehousePath
      : `bigquery://${config.warehouse.projectId}/${config.dbtSchemas.marts}`;
  const html = await renderReportHtml(data, { generatedAt: options.now ?? new Date(), source });
  const path = resolve(options.out);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, html);
  return { path, data };
}

async function readMarts(config: Config): Promise<ReportData> {
  const schema = config.dbtSchemas.marts;
  if (config.warehouse.kind === 'bigquery') {
    const { projectId, location } = config.warehouse;
    const { bigqueryClient } = await import('./google-clients.ts');
    const { bigqueryMartReader } = await import('../../load/bigquery/mart-reader.ts');
    return readReport(bigqueryMartReader(bigqueryClient(config, projectId, location), location), schema);
  }
  const reader = await openDuckdbMartReader(config.warehousePath, config.duckdb);
  try {
    return await readReport(reader, schema);
  } finally {
    reader.close();
  }
}

/** The sections the report could not show, one line each (for the command's output). */
export function unavailableSections(data: ReportData): string[] {
  return (['headline', 'byHour', 'failureRate', 'custody', 'billing'] as const).flatMap((name) => {
    const section = data[name];
    return section.status === 'missing' ? [`${name}: not available: ${section.reason}`] : [];
  });
}
