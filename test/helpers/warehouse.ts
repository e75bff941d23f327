/** Read-only queries against a DuckDB warehouse file, for assertions. */
import { DuckDBInstance } from '@duckdb/node-api';

/** The first column of a query's rows, as strings (non-strings JSON-encoded). */
export async function queryColumn(path: string, sql: string): Promise<string[]> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return (
      reader.getColumnsJson()[0]?.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))) ?? []
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Every row of a query, as JSON-friendly objects. */
export async function queryRows(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
