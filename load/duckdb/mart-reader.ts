/**
 * Read-only access to a DuckDB warehouse's marts (for the report): opens the file READ_ONLY with
 * the pipeline's resource settings, so it never writes and can run beside another reader.
 */
import { existsSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { LoadError } from '../../contract/errors.ts';
import type { MartReader } from '../report/read-report.ts';
import { duckdbConfig, type DuckdbResources } from './settings.ts';
import { quoteLiteral } from './sql.ts';

export interface DuckdbMartReader extends MartReader {
  close(): void;
}

export async function openDuckdbMartReader(path: string, resources: DuckdbResources): Promise<DuckdbMartReader> {
  if (!existsSync(path)) {
    throw new LoadError(`No DuckDB warehouse at ${path}: run genesys-etl run (or demo) first, or set WAREHOUSE_URI.`);
  }
  const instance = await DuckDBInstance.create(path, duckdbConfig(resources, { access_mode: 'READ_ONLY' }));
  const connection = await instance.connect();
  return {
    async tables(schema) {
      const reader = await connection.runAndReadAll(
        `select table_name from information_schema.tables where table_schema = ${quoteLiteral(schema)}`,
      );
      return new Set(reader.getColumnsJson()[0]?.map(String) ?? []);
    },
    async query(sql) {
      return (await connection.runAndReadAll(sql)).getRowObjectsJson();
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
