/**
 * What turns a staged NDJSON part into a Parquet file with the table contract's column types.
 * A stage borrows one (the DuckDB warehouse lends its own instance, so a process runs one DuckDB
 * rather than two) or opens its own. No driver type crosses this interface.
 */
import type { StreamName } from '../contract/tables.ts';

export interface PartConversion {
  readonly stream: StreamName;
  /** The NDJSON file, one staged row (business and lineage columns) per line. */
  readonly ndjsonPath: string;
  /** Where the Parquet file goes (it must not exist yet). */
  readonly parquetPath: string;
  /** Rows per Parquet row group. */
  readonly rowGroupRows: number;
}

export interface ParquetConverter {
  /** Writes `parquetPath` as zstd Parquet; conversions are run one at a time. */
  convert(part: PartConversion): Promise<void>;
}
