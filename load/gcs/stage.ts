/**
 * The stage in a GCS bucket (`STAGE_URI=gs://bucket/prefix`). Parts are written and converted to
 * Parquet exactly as by the local stage (load/local-stage.ts, in a local scratch directory), then
 * uploaded to `<prefix>/raw/<stream>/dt=YYYY-MM-DD/<run_id>-<part>.parquet`:
 * - every upload is conditional on `ifGenerationMatch: 0` (create only), so no object is ever
 *   overwritten, not even by a rerun under the same run id;
 * - large parts go through a resumable upload session;
 * - the MD5, CRC32C and size the bucket reports are checked against the local file (beside the
 *   client's own upload validation); the manifest's sha256, rows, run, stream and window travel as
 *   the object's custom metadata, so each object describes itself;
 * - the manifest object `<prefix>/manifests/<run_id>.json` is written once, last, by finish(): a
 *   run whose objects exist without a manifest is recognisably half-written (crashed or aborted).
 */
import { unlink } from 'node:fs/promises';
import type { Storage } from '@google-cloud/storage';
import { LoadError } from '../../contract/errors.ts';
import type { DuckdbResources } from '../duckdb/settings.ts';
import { createLocalStage, type StagePublisher } from '../local-stage.ts';
import type { Manifest, StagedFile } from '../manifest.ts';
import type { Stage } from '../stage.ts';
import { objectDigests } from './digests.ts';

export interface GcsLocation {
  readonly bucket: string;
  /** Object name prefix without leading or trailing slash ('' for the bucket root). */
  readonly prefix: string;
}

export interface GcsStageOptions {
  readonly location: GcsLocation;
  readonly storage: Storage;
  readonly runId: string;
  /** Local directory where parts are written and converted before upload. */
  readonly scratchDir: string;
  readonly partRows?: number;
  readonly partBytes?: number;
  readonly duckdb?: DuckdbResources;
  /** Parts of at least this many bytes are uploaded through a resumable session (default 8 MiB). */
  readonly resumableBytes?: number;
}

export const parquetContentType = 'application/vnd.apache.parquet';

/** The object name of a path relative to the stage root. */
export const objectName = (location: GcsLocation, path: string): string =>
  location.prefix === '' ? path : `${location.prefix}/${path}`;

export const gcsRootUri = (location: GcsLocation): string =>
  location.prefix === '' ? `gs://${location.bucket}` : `gs://${location.bucket}/${location.prefix}`;

export const manifestObjectName = (location: GcsLocation, runId: string): string =>
  objectName(location, `manifests/${runId}.json`);

/** The custom metadata each staged object carries (GCS metadata values are strings). */
export function fileMetadata(runId: string, file: StagedFile): Record<string, string> {
  return {
    run_id: runId,
    file_id: file.fileId,
    stream: file.stream,
    table: file.table,
    window_start: file.windowStart ?? '',
    window_end: file.windowEnd ?? '',
    rows: String(file.rowCount),
    sha256: file.sha256,
  };
}

const status = (error: unknown): number | undefined => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
};

function gcsPublisher(options: GcsStageOptions): StagePublisher {
  const { location, storage, runId, resumableBytes = 8 * 1024 * 1024 } = options;
  const bucket = storage.bucket(location.bucket);
  return {
    rootUri: gcsRootUri(location),
    async publish(localPath, file) {
      const name = objectName(location, file.path);
      const local = await objectDigests(localPath);
      let stored: { md5Hash?: string; crc32c?: string; size?: string | number };
      try {
        const [, metadata] = await bucket.upload(localPath, {
          destination: name,
          resumable: local.bytes >= resumableBytes,
          // The client checks the stored object's digest itself and deletes it on a mismatch.
          validation: 'crc32c',
          preconditionOpts: { ifGenerationMatch: 0 },
          contentType: parquetContentType,
          metadata: { contentType: parquetContentType, metadata: fileMetadata(runId, file) },
        });
        stored = metadata as typeof stored;
      } catch (error) {
        if (status(error) === 412) {
          throw new LoadError(
            `gs://${location.bucket}/${name} already exists; staged objects are never overwritten (run ${runId}).`,
            { cause: error },
          );
        }
        throw new LoadError(`Uploading ${file.path} to gs://${location.bucket}/${name} failed: ${String(error)}`, {
          cause: error,
        });
      }
      const mismatches = [
        stored.md5Hash === local.md5 ? null : `md5 ${stored.md5Hash ?? 'missing'} (local ${local.md5})`,
        stored.crc32c === local.crc32c ? null : `crc32c ${stored.crc32c ?? 'missing'} (local ${local.crc32c})`,
        Number(stored.size) === file.bytes ? null : `size ${String(stored.size)} (local ${file.bytes})`,
      ].filter((line) => line !== null);
      if (mismatches.length > 0) {
        throw new LoadError(
          `gs://${location.bucket}/${name} does not match the staged file: ${mismatches.join(', ')}.`,
        );
      }
      await unlink(localPath);
    },
    async writeManifest(manifest: Manifest, final) {
      // Only the final manifest is written, once and last: its presence marks a complete run.
      if (!final) return;
      const name = manifestObjectName(location, manifest.runId);
      try {
        await bucket.file(name).save(`${JSON.stringify(manifest, null, 2)}\n`, {
          resumable: false,
          validation: 'crc32c',
          preconditionOpts: { ifGenerationMatch: 0 },
          metadata: {
            contentType: 'application/json',
            metadata: {
              run_id: manifest.runId,
              files: String(manifest.files.length),
              rows: String(manifest.files.reduce((sum, file) => sum + file.rowCount, 0)),
            },
          },
        });
      } catch (error) {
        throw new LoadError(
          `Writing the manifest gs://${location.bucket}/${name} failed` +
            `${status(error) === 412 ? ' (it already exists)' : ''}: ${String(error)}`,
          { cause: error },
        );
      }
    },
  };
}

export function createGcsStage(options: GcsStageOptions): Promise<Stage> {
  return createLocalStage({
    stageDir: options.scratchDir,
    runId: options.runId,
    ...(options.partRows === undefined ? {} : { partRows: options.partRows }),
    ...(options.partBytes === undefined ? {} : { partBytes: options.partBytes }),
    ...(options.duckdb === undefined ? {} : { duckdb: options.duckdb }),
    publisher: gcsPublisher(options),
  });
}
