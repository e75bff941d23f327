/**
 * NDJSON parts to Parquet with DuckDB: `copy (select … from read_json(…)) to … (format parquet)`,
 * with the explicit column types of tables.ts. It runs on a connection of its own, either in the
 * warehouse's instance (load/duckdb/warehouse.ts lends it, so the process holds one DuckDB) or in
 * an in-memory instance of the stage's own (a stage without a DuckDB warehouse).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { serialQueue } from '../../contract/concurrency.ts';
import { tables } from '../../contract/tables.ts';
import type { ParquetConverter } from '../parquet-converter.ts';
import { duckdbConfig, type DuckdbResources } from './settings.ts';
import { columnList, quoteLiteral, readJsonColumns } from './sql.ts';

/**
 * Converts on `connection`, one part at a time, in turn with whatever else `serialised` runs (the
 * warehouse passes the queue of its loads: in one instance, a conversion and a load running at
 * once would share one memory limit).
 */
export function duckdbParquetConverter(
  connection: Pick<DuckDBConnection, 'run'>,
  serialised: <T>(work: () => Promise<T>) => Promise<T> = serialQueue(),
): ParquetConverter {
  return {
    convert: ({ stream, ndjsonPath, parquetPath, rowGroupRows }) => {
      const definition = tables[stream];
      return serialised(() =>
        connection.run(
          `copy (select ${columnList(definition)} from read_json(${quoteLiteral(ndjsonPath)}, ` +
            `format = 'newline_delimited', hive_partitioning = false, columns = ${readJsonColumns(definition)})) ` +
            `to ${quoteLiteral(parquetPath)} (format parquet, compression zstd, row_group_size ${rowGroupRows})`,
        ),
      ).then(() => undefined);
    },
  };
}

/**
 * A converter with an in-memory DuckDB instance of its own, bounded by `resources` and spilling
 * to `tempDirectory` (in-memory instances spill nowhere by default); close() ends the instance.
 */
export async function openOwnParquetConverter(
  resources: DuckdbResources,
  tempDirectory: string,
): Promise<ParquetConverter & { close(): void }> {
  const instance = await DuckDBInstance.create(':memory:', duckdbConfig(resources, { temp_directory: tempDirectory }));
  const connection = await instance.connect();
  return {
    ...duckdbParquetConverter(connection),
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
