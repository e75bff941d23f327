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
import { duckdbConfig, isDuckdbOutOfMemory, scaledMemorySize, type DuckdbResources } from './settings.ts';
import { columnList, quoteLiteral, readJsonColumns } from './sql.ts';

/**
 * A conversion that runs out of memory at the instance's `memory_limit` runs once more at twice
 * that, which is then set back. The stage bounds what one conversion reads (load/local-stage.ts),
 * but not every shape of data: parts of mostly small rows with large ones among them (a
 * participant attribute of 40 KB in every fifth row) ran out of memory at 96MB with two chunks
 * of 16 MB, where rows of one width did not.
 */
const retryFactor = 2;

/**
 * Converts on `connection`, one part at a time, in turn with whatever else `serialised` runs (the
 * warehouse passes the queue of its loads: in one instance, a conversion and a load running at
 * once would share one memory limit). `memoryLimit` is the instance's limit while it converts.
 */
export function duckdbParquetConverter(
  connection: Pick<DuckDBConnection, 'run'>,
  memoryLimit: string,
  serialised: <T>(work: () => Promise<T>) => Promise<T> = serialQueue(),
): ParquetConverter {
  return {
    convert: ({ stream, ndjsonPath, parquetPath, rowGroupRows }) => {
      const definition = tables[stream];
      const sql =
        `copy (select ${columnList(definition)} from read_json(${quoteLiteral(ndjsonPath)}, ` +
        `format = 'newline_delimited', hive_partitioning = false, columns = ${readJsonColumns(definition)})) ` +
        `to ${quoteLiteral(parquetPath)} (format parquet, compression zstd, row_group_size ${rowGroupRows})`;
      return serialised(async () => {
        try {
          await connection.run(sql);
        } catch (error) {
          if (!isDuckdbOutOfMemory(String(error))) throw error;
          await connection.run(`set memory_limit = ${quoteLiteral(scaledMemorySize(memoryLimit, retryFactor))}`);
          try {
            // COPY overwrites what the failed attempt left of the file.
            await connection.run(sql);
          } finally {
            await connection.run(`set memory_limit = ${quoteLiteral(memoryLimit)}`);
          }
        }
      });
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
    ...duckdbParquetConverter(connection, resources.memoryLimit),
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
