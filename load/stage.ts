/**
 * The stage: where extracted rows become immutable files before the warehouse loads them
 * (DESIGN decision 6). Implementations: a local directory (load/local-stage.ts) and a GCS bucket (load/gcs/stage.ts).
 * Nothing here knows a warehouse or an SQL dialect.
 */
import type { Row, StreamName } from '../contract/tables.ts';
import type { Window } from '../contract/window.ts';
import type { Manifest, StagedFile } from './manifest.ts';

export interface Lineage {
  readonly extractedAt: string;
  readonly windowStart: string | null;
  readonly windowEnd: string | null;
}

export interface Stage {
  /** The stage root, as a URI (`file:///abs/dir` or `gs://bucket/prefix`). */
  readonly uri: string;
  write<S extends StreamName>(stream: S, rows: readonly Row<S>[], lineage: Lineage): Promise<void>;
  /**
   * Closes the open parts of one window (null: the run-level streams) and returns every file
   * staged for it since the last call; the run's manifest is rewritten to list all files so far.
   */
  closeWindow(window: Window | null): Promise<StagedFile[]>;
  /** Drops the open parts of an abandoned window; its files are listed in no manifest and never loaded. */
  discardWindow(window: Window | null): Promise<void>;
  /** Closes every part, writes the final manifest and returns it. */
  finish(): Promise<Manifest>;
  /** Closes without a manifest (after a failure); converts nothing. */
  abort(): Promise<void>;
}
