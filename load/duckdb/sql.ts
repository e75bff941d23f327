/** DuckDB type names and DDL for the table contract in tables.ts. */
import { lineageColumns, type ColumnType, type AnyTable } from '../../contract/tables.ts';

export const duckdbTypes: Readonly<Record<ColumnType, string>> = {
  string: 'VARCHAR',
  boolean: 'BOOLEAN',
  integer: 'BIGINT',
  double: 'DOUBLE',
  timestamp: 'TIMESTAMPTZ',
};

/** Business columns then lineage columns, in the order they are staged and loaded. */
export function stagedColumns(definition: AnyTable): [string, ColumnType][] {
  return [...Object.entries(definition.columns), ...Object.entries(lineageColumns)];
}

export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;
export const quoteLiteral = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** `{name: 'TYPE', ...}` for read_json's `columns` parameter. */
export function readJsonColumns(definition: AnyTable): string {
  return `{${stagedColumns(definition)
    .map(([name, type]) => `${quoteLiteral(name)}: ${quoteLiteral(duckdbTypes[type])}`)
    .join(', ')}}`;
}

export function createTableSql(definition: AnyTable): string {
  const columns = stagedColumns(definition).map(([name, type]) => `${quoteIdentifier(name)} ${duckdbTypes[type]}`);
  return `create table if not exists ${quoteIdentifier(definition.table)} (${columns.join(', ')})`;
}

/** Adds the contract columns an existing table lacks (nullable); nothing is dropped or retyped. */
export function addMissingColumnsSql(definition: AnyTable): string[] {
  return stagedColumns(definition).map(
    ([name, type]) =>
      `alter table ${quoteIdentifier(definition.table)} add column if not exists ${quoteIdentifier(name)} ${duckdbTypes[type]}`,
  );
}

/** The staged columns, quoted and comma-separated, for explicit select lists. */
export const columnList = (definition: AnyTable): string =>
  stagedColumns(definition)
    .map(([name]) => quoteIdentifier(name))
    .join(', ');
