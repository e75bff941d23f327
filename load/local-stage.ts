/**
 * The stage in a local directory (`STAGE_URI=file://DIR`). Streams rows to Parquet files under `<stage>/raw/<stream>/dt=YYYY-MM-DD/<run_id>-<part>.parquet`
 * (DESIGN: stage layout). Rows go to a temporary NDJSON file as they arrive, so Node never holds
 * a window in memory; when a part is full (by rows or by bytes) or the run ends, DuckDB converts
 * it to zstd Parquet with the explicit column types of tables.ts. Files are never overwritten.
 * The conversion runs in the DuckDB instance the caller lends (`converter`: the DuckDB
 * warehouse's, so the process holds one instance), or else in an in-memory instance of the
 * stage's own, with a memory limit, spilling to `<stage>/.duckdb-tmp` beyond it.
 * The same part writer serves the GCS stage (load/gcs/stage.ts): there `stageDir` is a local
 * scratch directory and a `StagePublisher` uploads each converted part and the final manifest.
 */
import { hash } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { link, stat, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serialQueue } from '../contract/concurrency.ts';
import { LoadError } from '../contract/errors.ts';
import { tables, type StreamName } from '../contract/tables.ts';
import { windowKey as keyOfWindow, type Window } from '../contract/window.ts';
import { sha256File } from './checksum.ts';
import { openOwnParquetConverter } from './duckdb/parquet-converter.ts';
import { defaultDuckdbResources, isDuckdbOutOfMemory, type DuckdbResources } from './duckdb/settings.ts';
import { writeManifest, type Manifest, type StagedFile } from './manifest.ts';
import type { ParquetConverter, PartConversion } from './parquet-converter.ts';
import type { Lineage, Stage } from './stage.ts';

/** Where converted parts and manifests go: the local directory itself by default, or a bucket. */
export interface StagePublisher {
  /** The stage root as a URI; a staged file's uri is `<rootUri>/<path>`. */
  readonly rootUri: string;
  /**
   * Publishes the converted part at `localPath` (its sha256, rows and bytes already in `file`) under
   * `file.path`, never overwriting anything, and removes `localPath`.
   */
  publish(localPath: string, file: StagedFile): Promise<void>;
  /** Writes the run's manifest: after each closed window (`final` false) and once at the end. */
  writeManifest(manifest: Manifest, final: boolean): Promise<void>;
}

/** The local directory as its own publisher: parts are hard-linked into place, so never overwritten. */
const localPublisher = (stageDir: string): StagePublisher => ({
  rootUri: pathToFileURL(stageDir).href,
  async publish(localPath, file) {
    // link() fails if the target exists: a staged file is never overwritten.
    await link(localPath, join(stageDir, file.path));
    await unlink(localPath);
  },
  async writeManifest(manifest) {
    await writeManifest(stageDir, manifest);
  },
});

interface OpenPart {
  readonly stream: StreamName;
  readonly fileId: string;
  readonly path: string;
  readonly tempPath: string;
  readonly out: WriteStream;
  readonly windowStart: string | null;
  readonly windowEnd: string | null;
  rows: number;
  /** NDJSON bytes written so far. */
  bytes: number;
  /**
   * The first error its file stream reported (a full disk, or a write still in flight when the
   * part was discarded): kept here, so that no stream error goes unheard and ends the process.
   */
  failure: Error | undefined;
}

export interface LocalStageOptions {
  readonly stageDir: string;
  readonly runId: string;
  /** Rows per Parquet file before a new part starts. */
  readonly partRows?: number;
  /**
   * NDJSON bytes per part before a new part starts, whatever its row count: what one conversion
   * reads is bounded even when rows are large (raw payloads).
   */
  readonly partBytes?: number;
  /**
   * NDJSON bytes per part before a new part starts when its rows average wider than this over
   * 2,048 (see `defaultWideRowPartBytes`).
   */
  readonly wideRowPartBytes?: number;
  /**
   * Converts the parts, in an instance the stage does not own (it is not closed with the stage),
   * e.g. the DuckDB warehouse's `parquetConverter`. Without it the stage opens its own.
   */
  readonly converter?: ParquetConverter;
  /** Memory limit and threads of the stage's own converting DuckDB instance (no `converter` given). */
  readonly duckdb?: DuckdbResources;
  /** Where parts and manifests go (default: `stageDir` itself). */
  readonly publisher?: StagePublisher;
}

/** Rows are handed to the file stream in chunks of about this many characters. */
const chunkChars = 1 << 20;

/**
 * About this many NDJSON bytes per Parquet row group. DuckDB's writer buffers a whole row group
 * (122,880 rows by default) per thread: with large raw payloads that alone exceeded the memory
 * limit. Sizing row groups by bytes keeps the conversion's memory independent of row width, down
 * to DuckDB's floor of 2,048 rows (below it, see `defaultWideRowPartBytes`).
 */
const rowGroupBytes = 8 * 1024 * 1024;

/**
 * DuckDB reads NDJSON in chunks of 2,048 rows (its vector size) and its Parquet writer holds at
 * least one whole chunk, so a conversion's memory grows with 2,048 times the row width, whatever
 * the row group size. At 6.8 KB a row (the `large` scenario's conversations) a 64 MiB part took
 * 72 MiB; conversations of 38 KB (many participants or attributes) could not be converted at all
 * under the default 96MB limit past a 24 MiB part. Parts of rows wider than
 * `wideRowPartBytes / 2048` (8 KiB by default) therefore end at `wideRowPartBytes`: one chunk of
 * at most 16 MiB, 33 MiB of memory for those conversations.
 */
export const defaultWideRowPartBytes = 16 * 1024 * 1024;
const duckdbVectorRows = 2_048;

/** Rows per row group for a part whose rows average `bytes / rows` NDJSON bytes (DuckDB: 2,048 to 122,880). */
export const rowGroupRows = (rows: number, bytes: number): number =>
  Math.max(duckdbVectorRows, Math.min(122_880, Math.floor(rowGroupBytes / Math.max(1, bytes / Math.max(1, rows)))));

/**
 * A row's NDJSON line: its JSON with the lineage columns appended (`lineage` is `"_run_id":...,`
 * and so on, ending in a comma) and `_record_hash`, the SHA-256 of the row's own JSON. The row
 * is stringified once and hashed in one shot: this runs for every row staged.
 */
export function ndjsonLine(row: object, lineage: string): string {
  const json = JSON.stringify(row);
  const recordHash = hash('sha256', json, 'hex');
  const head = json.length > 2 ? `${json.slice(0, -1)},` : '{';
  return `${head}${lineage}"_record_hash":"${recordHash}"}\n`;
}

export async function createLocalStage(options: LocalStageOptions): Promise<Stage> {
  const {
    stageDir,
    runId,
    partRows = 500_000,
    partBytes = 64 * 1024 * 1024,
    wideRowPartBytes = defaultWideRowPartBytes,
  } = options;
  const isFull = (part: OpenPart): boolean =>
    part.rows >= partRows ||
    part.bytes >= partBytes ||
    (part.bytes >= wideRowPartBytes && part.bytes * duckdbVectorRows > part.rows * wideRowPartBytes);
  const publisher = options.publisher ?? localPublisher(stageDir);
  // Without a lent converter: an in-memory instance that only converts, with a bounded buffer pool.
  const lent = options.converter;
  const converter =
    lent === undefined
      ? await openOwnParquetConverter(options.duckdb ?? defaultDuckdbResources, join(stageDir, '.duckdb-tmp'))
      : { convert: (part: PartConversion) => lent.convert(part), close: () => undefined };
  const open = new Map<string, OpenPart>();
  const files: StagedFile[] = [];
  /** Files staged per window and not yet handed out by closeWindow. */
  const unclaimed = new Map<string, StagedFile[]>();
  let partCounter = 0;
  // The manifest is rewritten by one window at a time.
  const serialised = serialQueue();

  const rootUri = publisher.rootUri;
  // The run-level streams (no window) are one more "window" to the stage.
  const windowKey = (windowStart: string | null, windowEnd: string | null): string =>
    windowStart === null || windowEnd === null ? 'run' : keyOfWindow({ start: windowStart, end: windowEnd });
  const partKey = (stream: StreamName, lineage: Lineage): string =>
    `${stream}|${windowKey(lineage.windowStart, lineage.windowEnd)}`;
  const partsOf = (window: Window | null): [string, OpenPart][] =>
    [...open].filter(
      ([, part]) => part.windowStart === (window?.start ?? null) && part.windowEnd === (window?.end ?? null),
    );

  const openPart = (stream: StreamName, lineage: Lineage): OpenPart => {
    partCounter += 1;
    const dt = (lineage.windowStart ?? lineage.extractedAt).slice(0, 10);
    const name = `${runId}-${String(partCounter).padStart(5, '0')}`;
    const relative = join('raw', stream, `dt=${dt}`, `${name}.parquet`);
    const path = join(stageDir, relative);
    mkdirSync(dirname(path), { recursive: true });
    const tempPath = `${path}.ndjson.partial`;
    const part: OpenPart = {
      stream,
      fileId: relative.replaceAll('\\', '/'),
      path,
      tempPath,
      out: createWriteStream(tempPath, { flags: 'wx' }),
      windowStart: lineage.windowStart,
      windowEnd: lineage.windowEnd,
      rows: 0,
      bytes: 0,
      failure: undefined,
    };
    part.out.on('error', (error) => {
      part.failure ??= error;
    });
    return part;
  };

  const failedPart = (part: OpenPart, error: unknown): LoadError =>
    new LoadError(
      `Could not stage ${part.fileId}: ${String(error)}` +
        (isDuckdbOutOfMemory(String(error))
          ? ' (converting its rows to Parquet needs more memory: raise DUCKDB_MEMORY_LIMIT)'
          : ''),
      { cause: error },
    );
  /** Whether its temporary file is the part's own: not when creating it failed (e.g. it existed). */
  const ownsFile = (part: OpenPart): boolean => (part.failure as NodeJS.ErrnoException | undefined)?.syscall !== 'open';
  /** Drops an open part: its stream closed first (a write in flight fails, and is heard), then its own file deleted. */
  const dropPart = async (part: OpenPart): Promise<void> => {
    part.out.destroy();
    if (!part.out.closed)
      await new Promise<void>((resolve) =>
        part.out.once('close', () => {
          resolve();
        }),
      );
    if (ownsFile(part)) await unlink(part.tempPath).catch(() => undefined);
  };

  const closePart = async (part: OpenPart): Promise<void> => {
    const definition = tables[part.stream];
    const parquetTemp = `${part.path}.partial`;
    try {
      part.out.end();
      if (!part.out.closed) await once(part.out, 'close');
      if (part.failure !== undefined) throw part.failure;
      if (part.rows > 0) {
        await converter.convert({
          stream: part.stream,
          ndjsonPath: part.tempPath,
          parquetPath: parquetTemp,
          rowGroupRows: rowGroupRows(part.rows, part.bytes),
        });
        const file: StagedFile = {
          fileId: part.fileId,
          stream: part.stream,
          table: definition.table,
          path: part.fileId,
          uri: `${rootUri}/${part.fileId}`,
          sha256: await sha256File(parquetTemp),
          rowCount: part.rows,
          bytes: (await stat(parquetTemp)).size,
          windowStart: part.windowStart,
          windowEnd: part.windowEnd,
        };
        await publisher.publish(parquetTemp, file);
        files.push(file);
        const key = windowKey(part.windowStart, part.windowEnd);
        unclaimed.set(key, [...(unclaimed.get(key) ?? []), file]);
      }
    } catch (error) {
      throw failedPart(part, error);
    } finally {
      if (ownsFile(part)) await unlink(part.tempPath).catch(() => undefined);
    }
  };

  /** The lineage columns of the rows of `part`, as JSON members ending in a comma. */
  const lineageOf = (part: OpenPart, lineage: Lineage): string => {
    const columns = JSON.stringify({
      _run_id: runId,
      _file_id: part.fileId,
      _extracted_at: lineage.extractedAt,
      _window_start: lineage.windowStart,
      _window_end: lineage.windowEnd,
    });
    return `${columns.slice(1, -1)},`;
  };

  // A batch goes to the stream's open part of its window; when the part fills up, even in the
  // middle of a batch (a page of 1,000 wide conversations is 38 MB), it is converted and the
  // rest of the batch goes on in a new part of the same window.
  const write: Stage['write'] = async (stream, rows, lineage) => {
    if (rows.length === 0) return;
    const key = partKey(stream, lineage);
    let part = open.get(key);
    let lineageJson = part === undefined ? '' : lineageOf(part, lineage);
    let chunk = '';
    let chunkRows = 0;
    const flush = async (into: OpenPart): Promise<void> => {
      if (into.failure !== undefined) throw failedPart(into, into.failure);
      into.bytes += Buffer.byteLength(chunk);
      into.rows += chunkRows;
      const drained = into.out.write(chunk);
      chunk = '';
      chunkRows = 0;
      if (!drained) {
        try {
          await once(into.out, 'drain');
        } catch (error) {
          throw failedPart(into, error);
        }
      }
      if (!isFull(into)) return;
      open.delete(key);
      part = undefined;
      await closePart(into);
    };
    for (const row of rows) {
      if (part === undefined) {
        part = openPart(stream, lineage);
        open.set(key, part);
        lineageJson = lineageOf(part, lineage);
      }
      chunk += ndjsonLine(row, lineageJson);
      chunkRows += 1;
      if (chunk.length >= chunkChars) await flush(part);
    }
    if (part !== undefined && chunk !== '') await flush(part);
  };

  const closeDuck = (): void => {
    converter.close();
  };

  return {
    uri: rootUri,
    write,
    async closeWindow(window) {
      const key = windowKey(window?.start ?? null, window?.end ?? null);
      for (const [partKeyValue, part] of partsOf(window)) {
        open.delete(partKeyValue);
        await closePart(part);
      }
      const claimed = unclaimed.get(key) ?? [];
      unclaimed.delete(key);
      await serialised(() =>
        publisher.writeManifest({ runId, createdAt: new Date().toISOString(), files: [...files] }, false),
      );
      return claimed;
    },
    async discardWindow(window) {
      for (const [partKeyValue, part] of partsOf(window)) {
        open.delete(partKeyValue);
        await dropPart(part);
      }
      // Parts already closed for this window stay on disk but leave the manifest: nothing loads them.
      const key = windowKey(window?.start ?? null, window?.end ?? null);
      const dropped = new Set(unclaimed.get(key) ?? []);
      unclaimed.delete(key);
      const kept = files.filter((file) => !dropped.has(file));
      files.splice(0, files.length, ...kept);
    },
    async finish() {
      try {
        for (const part of open.values()) await closePart(part);
        open.clear();
      } finally {
        closeDuck();
      }
      const manifest: Manifest = { runId, createdAt: new Date().toISOString(), files };
      await publisher.writeManifest(manifest, true);
      return manifest;
    },
    async abort() {
      for (const part of open.values()) await dropPart(part);
      open.clear();
      closeDuck();
    },
  };
}
