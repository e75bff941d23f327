/**
 * The GCS stage against fake-gcs-server (a real GCS API server, not a mock): objects, their
 * metadata and checksums as the bucket reports them, no overwrite, and the manifest written last.
 * The checksums are recomputed here with node:crypto (MD5) from the downloaded bytes, not with the
 * stage's own digest code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Storage } from '@google-cloud/storage';
import { DuckDBInstance } from '@duckdb/node-api';
import { writeFile } from 'node:fs/promises';
import { createGcsStage, type GcsLocation } from '../../../load/gcs/stage.ts';
import { manifestSchema } from '../../../load/manifest.ts';
import { conversationRow, lineage } from '../../helpers/stage-rows.ts';
import { startFakeGcs } from '../../helpers/emulators.ts';

const location: GcsLocation = { bucket: 'stage-bucket', prefix: 'genesys/stage' };

async function objectNames(storage: Storage, prefix: string): Promise<string[]> {
  const [files] = await storage.bucket(location.bucket).getFiles({ prefix });
  return files.map((file) => file.name).sort();
}

test('the GCS stage uploads Parquet parts with metadata and checksums, never overwrites, and writes the manifest last', async (t) => {
  const gcs = await startFakeGcs(t);
  const storage = gcs.storage();
  await storage.createBucket(location.bucket);
  const scratch = await mkdtemp(join(tmpdir(), 'genesys-etl-gcs-'));
  t.after(() => rm(scratch, { recursive: true, force: true }));

  // An incompressible raw payload pushes the second part past the resumable threshold (20 kB here).
  const stage = await createGcsStage({
    location,
    storage,
    runId: 'run-1',
    scratchDir: scratch,
    partRows: 2,
    resumableBytes: 20_000,
  });
  await stage.write('conversations', [conversationRow('c1'), conversationRow('c2')], lineage);
  await stage.write(
    'conversations',
    [conversationRow('c3', JSON.stringify({ pad: randomBytes(40_000).toString('hex') }))],
    lineage,
  );
  const windowFiles = await stage.closeWindow({ start: lineage.windowStart, end: lineage.windowEnd });
  assert.equal(windowFiles.length, 2);
  // Parts of a closed window are in the bucket; the run's manifest is not: the run is not complete.
  assert.deepEqual(await objectNames(storage, `${location.prefix}/manifests/`), []);
  assert.equal((await objectNames(storage, `${location.prefix}/raw/`)).length, 2);

  await stage.write(
    'quarantine',
    [{ quarantine_id: 'q1', stream: 'conversations', record_key: 'c4', reason: 'bad', raw_payload: '{}' }],
    lineage,
  );
  const manifest = await stage.finish();
  assert.equal(manifest.files.length, 3);

  const names = await objectNames(storage, location.prefix);
  assert.deepEqual(names, [
    'genesys/stage/manifests/run-1.json',
    'genesys/stage/raw/conversations/dt=2026-11-02/run-1-00001.parquet',
    'genesys/stage/raw/conversations/dt=2026-11-02/run-1-00002.parquet',
    'genesys/stage/raw/quarantine/dt=2026-11-02/run-1-00003.parquet',
  ]);

  // The manifest object lists exactly the files, and was created after every one of them.
  const manifestFile = storage.bucket(location.bucket).file('genesys/stage/manifests/run-1.json');
  const [manifestBytes] = await manifestFile.download();
  assert.deepEqual(manifestSchema.parse(JSON.parse(manifestBytes.toString('utf8'))), manifest);
  const [manifestMetadata] = await manifestFile.getMetadata();
  for (const file of manifest.files) {
    assert.equal(file.uri, `gs://stage-bucket/genesys/stage/${file.path}`);
    const object = storage.bucket(location.bucket).file(`genesys/stage/${file.path}`);
    const [metadata] = await object.getMetadata();
    const [bytes] = await object.download();
    // Checksums as the bucket reports them agree with the bytes it serves and with the manifest.
    assert.equal(metadata.md5Hash, createHash('md5').update(bytes).digest('base64'), file.path);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), file.sha256, file.path);
    assert.equal(Number(metadata.size), file.bytes);
    // EMULATOR GAP: fake-gcs-server keeps the content type of a simple (multipart) upload but
    // stores a resumable upload as application/octet-stream; GCS keeps the one the session declared.
    assert.equal(
      metadata.contentType,
      file.bytes >= 20_000 ? 'application/octet-stream' : 'application/vnd.apache.parquet',
      file.path,
    );
    assert.deepEqual(metadata.metadata, {
      run_id: 'run-1',
      file_id: file.fileId,
      stream: file.stream,
      table: file.table,
      window_start: lineage.windowStart,
      window_end: lineage.windowEnd,
      rows: String(file.rowCount),
      sha256: file.sha256,
    });
    assert.ok(
      Number(metadata.generation) < Number(manifestMetadata.generation) ||
        Date.parse(String(metadata.timeCreated)) <= Date.parse(String(manifestMetadata.timeCreated)),
      `${file.path} was created before the manifest`,
    );
    // The object is the Parquet file DuckDB wrote: read it back with DuckDB and count its rows.
    const local = join(scratch, 'check.parquet');
    await writeFile(local, bytes);
    const duck = await DuckDBInstance.create(':memory:');
    const connection = await duck.connect();
    const count = await connection.runAndReadAll(`select count(*) from read_parquet('${local}')`);
    assert.equal(Number(count.getRows()[0]?.[0]), file.rowCount);
    connection.closeSync();
    duck.closeSync();
  }
  assert.deepEqual(
    manifest.files.map((file) => file.rowCount),
    [2, 1, 1],
  );
  // Nothing converted is left in the scratch directory.
  assert.deepEqual(
    (await readdir(join(scratch, 'raw'), { recursive: true })).filter((name) => name.endsWith('.parquet')),
    [],
  );

  // The same run id again: the first object exists, so the upload is refused (ifGenerationMatch=0).
  const again = await createGcsStage({ location, storage, runId: 'run-1', scratchDir: join(scratch, 'again') });
  await again.write('conversations', [conversationRow('other')], lineage);
  await assert.rejects(again.finish(), /already exists; staged objects are never overwritten/);
  const [after] = await storage
    .bucket(location.bucket)
    .file('genesys/stage/raw/conversations/dt=2026-11-02/run-1-00001.parquet')
    .download();
  assert.equal(
    createHash('sha256').update(after).digest('hex'),
    manifest.files[0]?.sha256,
    'the existing object is unchanged',
  );
});

test('an aborted GCS stage leaves its parts without a manifest', async (t) => {
  const gcs = await startFakeGcs(t);
  const storage = gcs.storage();
  await storage.createBucket(location.bucket);
  const scratch = await mkdtemp(join(tmpdir(), 'genesys-etl-gcs-'));
  t.after(() => rm(scratch, { recursive: true, force: true }));
  const stage = await createGcsStage({ location, storage, runId: 'run-2', scratchDir: scratch, partRows: 1 });
  await stage.write('conversations', [conversationRow('c1')], lineage);
  await stage.write('conversations', [conversationRow('c2')], lineage);
  await stage.abort();
  const names = await objectNames(storage, location.prefix);
  assert.ok(names.length >= 1, names.join());
  assert.ok(!names.some((name) => name.includes('/manifests/')), names.join());
});
