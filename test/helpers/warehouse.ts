/** Read-only queries against a DuckDB warehouse file, for assertions; hand-filled warehouses. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
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

/**
 * A new DuckDB file (removed after the test) with `schema` created and `statements` run in it:
 * marts filled by hand for the code that reads them.
 */
export async function handFilledWarehouse(
  t: TestContext,
  schema: string,
  statements: readonly string[],
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hand-filled-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'warehouse.duckdb');
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  try {
    for (const sql of [`create schema ${schema}`, ...statements]) await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return path;
}
