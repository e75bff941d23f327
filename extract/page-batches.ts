/**
 * Turns a stream of record pages into batches: each record is pseudonymised, validated and
 * flattened into rows (or quarantined); `received` is the page's record count, taken before
 * validation.
 */
import type { z } from 'zod';
import type { Batch, RowsByStream } from '../contract/batch.ts';
import type { Row, StreamName } from '../contract/tables.ts';
import type { Pseudonymiser } from './pseudonymise.ts';
import type { RecordPage } from './streams/cursor-pages.ts';
import { validateRecord } from './validate.ts';

export interface PageStream<T extends z.ZodType> {
  readonly stream: StreamName;
  readonly keyField: string;
  readonly schema: T;
  /** Replaces personal data in a raw record before it is validated (and so before it is staged). */
  readonly pseudonymise?: (raw: unknown, hash: Pseudonymiser) => unknown;
  readonly flatten: (value: z.infer<T>) => RowsByStream;
}

/** Appends every table's rows of `from` to `into`. */
export function appendRows(into: RowsByStream, from: RowsByStream): void {
  for (const [stream, rows] of Object.entries(from) as [StreamName, Row<'users'>[]][]) {
    const target = (into[stream] ??= []) as Row<'users'>[];
    for (const row of rows) target.push(row);
  }
}

export async function* pageBatches<T extends z.ZodType>(
  definition: PageStream<T>,
  pages: AsyncIterable<RecordPage>,
  pseudonymise: Pseudonymiser,
): AsyncGenerator<Batch> {
  for await (const page of pages) {
    const rows: RowsByStream = {};
    const quarantined: Row<'quarantine'>[] = [];
    for (const raw of page.records) {
      const safe = definition.pseudonymise === undefined ? raw : definition.pseudonymise(raw, pseudonymise);
      const result = validateRecord(definition.schema, definition.stream, safe, definition.keyField);
      if (result.ok) appendRows(rows, definition.flatten(result.value));
      else quarantined.push(result.quarantine);
    }
    yield {
      stream: definition.stream,
      received: page.records.length,
      rows,
      quarantined,
      extractedAt: page.extractedAt,
    };
  }
}
