/**
 * What every extractor yields: one batch per API page or response. `received` is counted from
 * what the API returned, before validation; `quarantined` holds the records validation rejected;
 * `rows` the flat rows of the valid ones, by table (a conversation page yields conversations,
 * participants, sessions, segments and attributes). The orchestrator reconciles `received`
 * against `quarantined` and the rows the warehouse says it loaded: three measurements, so the
 * check can fail.
 */
import type { Row, StreamName } from './tables.ts';

export type RowsByStream = { [S in StreamName]?: Row<S>[] };

export interface Batch {
  /** The stream whose records `received` counts (its rows are under the same name in `rows`). */
  readonly stream: StreamName;
  readonly received: number;
  readonly rows: RowsByStream;
  readonly quarantined: readonly Row<'quarantine'>[];
  /** When the API answered (lineage `_extracted_at`). */
  readonly extractedAt: string;
  /** Analytics data is final up to this instant (detail-job results carry it). */
  readonly dataAvailabilityDate?: string | undefined;
}
