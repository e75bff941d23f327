/** BigQuery (GoogleSQL) type names, literals and table schemas for the table contract in tables.ts. */
import { lineageColumns, type AnyTable, type ColumnType } from '../../contract/tables.ts';

export const bigqueryTypes: Readonly<Record<ColumnType, string>> = {
  string: 'STRING',
  boolean: 'BOOL',
  integer: 'INT64',
  double: 'FLOAT64',
  timestamp: 'TIMESTAMP',
};

export interface FieldSchema {
  readonly name: string;
  readonly type: string;
  readonly mode: 'NULLABLE' | 'REQUIRED';
}

/** Business columns then lineage columns, in the order they are staged (as in the Parquet files). */
export function tableSchema(definition: AnyTable): FieldSchema[] {
  return [...Object.entries(definition.columns), ...Object.entries(lineageColumns)].map(([name, type]) => ({
    name,
    type: bigqueryTypes[type],
    mode: 'NULLABLE',
  }));
}

/** The lineage timestamp raw tables are partitioned on by day: always set (run-level rows have no window). */
export const partitionColumn = '_extracted_at';

/** Clustering columns of a raw table: its key, at most the four columns BigQuery allows. */
export const clusteringColumns = (definition: AnyTable): string[] => definition.key.slice(0, 4);

export const quoteIdentifier = (name: string): string => `\`${name.replaceAll('\\', '\\\\').replaceAll('`', '\\`')}\``;

/** A GoogleSQL string literal: backslash escapes for the quote, the backslash and control characters. */
export const quoteLiteral = (value: string): string =>
  `'${value
    .replaceAll('\\', '\\\\')
    .replaceAll("'", "\\'")
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r')
    .replaceAll('\t', '\\t')}'`;

export const nullableLiteral = (value: string | null | undefined): string =>
  value == null ? 'CAST(NULL AS STRING)' : quoteLiteral(value);

export const timestampLiteral = (value: string): string => `TIMESTAMP(${quoteLiteral(value)})`;

export const nullableTimestamp = (value: string | null | undefined): string =>
  value == null ? 'CAST(NULL AS TIMESTAMP)' : timestampLiteral(value);
