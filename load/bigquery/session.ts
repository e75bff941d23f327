/**
 * One BigQuery dataset as the warehouse uses it: fully qualified table names, and queries run one
 * at a time (the ledger's DML statements on a table must not race each other) in the dataset's
 * location. Errors become LoadError naming the statement's first line.
 */
import type { BigQuery } from '@google-cloud/bigquery';
import { serialQueue } from '../../contract/concurrency.ts';
import { LoadError } from '../../contract/errors.ts';

export interface BigQueryTarget {
  readonly projectId: string;
  readonly dataset: string;
  /** Dataset and job location (`EU`, `US`, `europe-west3` …). */
  readonly location: string;
}

export interface BigQuerySession {
  readonly bigquery: BigQuery;
  readonly target: BigQueryTarget;
  /** `project.dataset.table`, quoted. */
  table(name: string): string;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  run(sql: string): Promise<void>;
}

export function createSession(bigquery: BigQuery, target: BigQueryTarget): BigQuerySession {
  const serialised = serialQueue();
  const query = async (sql: string): Promise<Record<string, unknown>[]> => {
    try {
      const [rows] = await bigquery.query({ query: sql, location: target.location, useLegacySql: false });
      return rows as Record<string, unknown>[];
    } catch (error) {
      const statement = sql.trim().split('\n')[0] ?? '';
      throw new LoadError(`BigQuery statement failed (${statement.slice(0, 120)} …): ${String(error)}`, {
        cause: error,
      });
    }
  };
  return {
    bigquery,
    target,
    table: (name) => `\`${target.projectId}.${target.dataset}.${name}\``,
    rows: (sql) => serialised(() => query(sql)),
    run: (sql) =>
      serialised(async () => {
        await query(sql);
      }),
  };
}
