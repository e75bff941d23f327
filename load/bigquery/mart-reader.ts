/**
 * Read-only access to a BigQuery project's marts dataset (for the report), in the dataset's
 * location. Queries name tables as `dataset.table` and run in the client's project. A dataset that
 * does not exist has no tables, so each section of the report says its mart is missing.
 */
import type { BigQuery } from '@google-cloud/bigquery';
import { LoadError } from '../../contract/errors.ts';
import type { MartReader } from '../report/read-report.ts';

const statusOf = (error: unknown): number | undefined => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
};

export function bigqueryMartReader(bigquery: BigQuery, location: string): MartReader {
  return {
    async tables(schema) {
      try {
        const [tables] = await bigquery.dataset(schema, { location }).getTables();
        return new Set(tables.flatMap((table) => (table.id === undefined ? [] : [table.id])));
      } catch (error) {
        if (statusOf(error) === 404) return new Set();
        throw new LoadError(
          `Cannot list the tables of BigQuery dataset ${bigquery.projectId}.${schema}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
    },
    async query(sql) {
      const [rows] = await bigquery.query({ query: sql, location, useLegacySql: false });
      return rows as Record<string, unknown>[];
    },
  };
}
