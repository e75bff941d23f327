/**
 * Stages a stream of record pages: each record is pseudonymised, validated and flattened into
 * rows (or quarantined), counted, and each page is written to the stage with its lineage.
 */
import type { z } from 'zod';
import type { StageWriter } from '../load/stage-writer.ts';
import type { Row, StreamName } from '../contract/tables.ts';
import { countInto, type RunCounts } from './counts.ts';
import type { Pseudonymiser } from './pseudonymise.ts';
import type { RecordPage } from './streams/cursor-pages.ts';
import { validateRecord } from './validate.ts';
import type { Window } from '../contract/window.ts';

export type RowsByStream = { [S in StreamName]?: Row<S>[] };

export interface PageStream<T extends z.ZodType> {
  readonly stream: StreamName;
  readonly keyField: string;
  readonly schema: T;
  /** Replaces personal data in a raw record before it is validated (and so before it is staged). */
  readonly pseudonymise?: (raw: unknown, hash: Pseudonymiser) => unknown;
  readonly flatten: (value: z.infer<T>) => RowsByStream;
}

export interface StageTarget {
  readonly stage: StageWriter;
  readonly counts: RunCounts;
  readonly pseudonymise: Pseudonymiser;
}

/** Stages every page; `window` is the lineage window (null for the run-level streams). */
export async function stagePages<T extends z.ZodType>(
  definition: PageStream<T>,
  pages: AsyncIterable<RecordPage>,
  target: StageTarget,
  window: Window | null,
): Promise<void> {
  for await (const page of pages) {
    const rows: Record<string, unknown[]> = { quarantine: [] };
    for (const raw of page.records) {
      const safe = definition.pseudonymise === undefined ? raw : definition.pseudonymise(raw, target.pseudonymise);
      const result = validateRecord(definition.schema, definition.stream, safe, definition.keyField);
      countInto(target.counts, definition.stream, result.ok ? 'staged' : 'quarantined');
      if (!result.ok) {
        rows['quarantine']?.push(result.quarantine);
        continue;
      }
      for (const [stream, streamRows] of Object.entries(definition.flatten(result.value))) {
        (rows[stream] ??= []).push(...streamRows);
      }
    }
    const lineage = {
      extractedAt: page.extractedAt,
      windowStart: window?.start ?? null,
      windowEnd: window?.end ?? null,
    };
    for (const [stream, streamRows] of Object.entries(rows)) {
      await target.stage.write(stream as StreamName, streamRows as Row<'users'>[], lineage);
    }
  }
}
