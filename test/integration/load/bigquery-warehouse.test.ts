/**
 * The BigQuery warehouse against goccy's bigquery-emulator loading from fake-gcs-server (real API
 * servers, not mocks): tables with explicit schemas, load jobs from gs:// objects, exactly once
 * across re-loads and adopted jobs, and job errors surfaced with the table and file named. Ground
 * truth is read back with plain SQL through the BigQuery client, not through the warehouse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BigQuery } from '@google-cloud/bigquery';
import { LoadError } from '../../../contract/errors.ts';
import { tables } from '../../../contract/tables.ts';
import { windowKey } from '../../../contract/window.ts';
import { openBigQueryWarehouse } from '../../../load/bigquery/warehouse.ts';
import { runLoadJob } from '../../../load/bigquery/load-jobs.ts';
import { createSession } from '../../../load/bigquery/session.ts';
import { createGcsStage, fileMetadata } from '../../../load/gcs/stage.ts';
import type { StagedFile } from '../../../load/manifest.ts';
import { conversationRow, lineage } from '../../helpers/stage-rows.ts';
import { startEmulators, type Emulators } from '../../helpers/emulators.ts';
import { checkBackfillLedger } from '../../helpers/backfill-ledger-checks.ts';
import { checkLeaseSemantics } from '../../helpers/lease-checks.ts';

const bucket = 'warehouse-stage';
const dataset = 'genesys_raw';
const location = 'EU';

async function query(bigquery: BigQuery, sql: string): Promise<Record<string, unknown>[]> {
  const [rows] = await bigquery.query({ query: sql, location });
  return rows as Record<string, unknown>[];
}

async function stageRun(emulators: Emulators, scratch: string, runId: string, ids: readonly string[]) {
  const stage = await createGcsStage({
    location: { bucket, prefix: 'stage' },
    storage: emulators.storage(),
    runId,
    scratchDir: join(scratch, runId),
    partRows: 2,
  });
  await stage.write(
    'conversations',
    ids.map((id) => conversationRow(id)),
    lineage,
  );
  await stage.write(
    'quarantine',
    [{ quarantine_id: `q-${runId}`, stream: 'conversations', record_key: 'cx', reason: 'bad', raw_payload: '{}' }],
    lineage,
  );
  return stage.finish();
}

/** A staged object of `stream` that is not Parquet (its load job fails), with a manifest entry that matches it. */
async function stageBroken(
  emulators: Emulators,
  runId: string,
  stream: keyof typeof tables,
  path: string,
): Promise<StagedFile> {
  const broken = Buffer.from('this is not a parquet file');
  const file: StagedFile = {
    fileId: path,
    stream,
    table: tables[stream].table,
    path,
    uri: `gs://${bucket}/stage/${path}`,
    sha256: createHash('sha256').update(broken).digest('hex'),
    rowCount: 1,
    bytes: broken.length,
    windowStart: lineage.windowStart,
    windowEnd: lineage.windowEnd,
  };
  await emulators
    .storage()
    .bucket(bucket)
    .file(`stage/${path}`)
    .save(broken, { metadata: { metadata: fileMetadata(runId, file) } });
  return file;
}

const openWarehouse = (emulators: Emulators, loadConcurrency?: number) =>
  openBigQueryWarehouse({
    bigquery: emulators.bigquery(),
    storage: emulators.storage(),
    target: { projectId: emulators.projectId, dataset, location },
    jobPollMs: 50,
    ...(loadConcurrency === undefined ? {} : { loadConcurrency }),
  });

test('the BigQuery warehouse loads gs:// files exactly once, adopts an earlier job, and names the file of a failed load', async (t) => {
  const emulators = await startEmulators(t);
  await emulators.storage().createBucket(bucket);
  const scratch = await mkdtemp(join(tmpdir(), 'genesys-etl-bq-'));
  t.after(() => rm(scratch, { recursive: true, force: true }));
  const bigquery = emulators.bigquery();
  const table = (name: string) => `\`${emulators.projectId}.${dataset}.${name}\``;

  const warehouse = await openWarehouse(emulators);
  t.after(() => warehouse.close());

  // Explicit schemas from the contract, partitioned by day on _extracted_at and clustered on the key.
  const response: [unknown, ...unknown[]] = await bigquery
    .dataset(dataset)
    .table('raw_genesys__conversations')
    .getMetadata();
  const metadata = response[0];
  const fields = (metadata as { schema: { fields: { name: string; type: string }[] } }).schema.fields;
  assert.deepEqual(
    fields.slice(0, 3).map((field) => [field.name, field.type]),
    [
      ['conversation_id', 'STRING'],
      ['conversation_start', 'TIMESTAMP'],
      ['conversation_end', 'TIMESTAMP'],
    ],
  );
  assert.ok(fields.some((field) => field.name === '_record_hash'));
  // EMULATOR GAP: goccy keeps the partitioning and clustering metadata it is given but neither
  // partitions nor clusters the data (no pruning, no _PARTITIONTIME): only the metadata is checked.
  const { timePartitioning, clustering } = metadata as {
    timePartitioning?: { type?: string; field?: string };
    clustering?: { fields?: string[] };
  };
  assert.deepEqual(timePartitioning, { type: 'DAY', field: '_extracted_at' });
  assert.deepEqual(clustering?.fields, ['conversation_id']);

  // Load: 3 conversations in two files and one quarantine file.
  const first = await stageRun(emulators, scratch, 'run-1', ['c1', 'c2', 'c3']);
  const loads = await warehouse.load('run-1', first.files);
  assert.deepEqual(
    loads.map((load) => [load.file.path, load.rowsLoaded, load.alreadyLoaded]),
    first.files.map((file) => [file.path, file.rowCount, false]),
  );
  assert.deepEqual(
    (await query(bigquery, `select conversation_id from ${table('raw_genesys__conversations')} order by 1`)).map(
      (row) => row['conversation_id'],
    ),
    ['c1', 'c2', 'c3'],
  );
  const lineageRows = await query(
    bigquery,
    `select distinct _run_id, _file_id, unix_millis(_window_start) as ws from ${table('raw_genesys__conversations')} order by 2`,
  );
  assert.deepEqual(
    lineageRows.map((row) => [row['_run_id'], row['_file_id'], Number(row['ws'])]),
    first.files
      .filter((file) => file.stream === 'conversations')
      .map((file) => ['run-1', file.fileId, Date.parse(lineage.windowStart)]),
  );
  assert.deepEqual(
    (await query(bigquery, `select quarantine_id from ${table('etl_quarantine')}`)).map((row) => row['quarantine_id']),
    ['q-run-1'],
  );
  // One load job per table for this call: two conversation files travel together.
  const recorded = await query(
    bigquery,
    `select file_id, row_count, job_id from ${table('etl_files')} order by file_id`,
  );
  assert.deepEqual(
    recorded.map((row) => [row['file_id'], Number(row['row_count'])]),
    first.files.map((file) => [file.fileId, file.rowCount]).sort(),
  );
  const conversationJobs = new Set(
    recorded.filter((row) => String(row['file_id']).includes('conversations')).map((row) => row['job_id']),
  );
  assert.equal(conversationJobs.size, 1, 'both conversation files were loaded by one job');

  // Loading the same files again loads nothing.
  const again = await warehouse.load('run-1', first.files);
  assert.ok(again.every((load) => load.alreadyLoaded));
  assert.deepEqual(
    again.map((load) => load.rowsLoaded),
    first.files.map((file) => file.rowCount),
  );
  const counted = await query(bigquery, `select count(*) as n from ${table('raw_genesys__conversations')}`);
  assert.equal(Number(counted[0]?.['n']), 3);

  // A process that died after its load job ran but before recording the files: the job is there,
  // etl_files knows nothing. Loading the same files adopts that job instead of appending again.
  const second = await stageRun(emulators, scratch, 'run-2', ['c4', 'c5']);
  const conversations = second.files.filter((file) => file.stream === 'conversations');
  const session = createSession(bigquery, { projectId: emulators.projectId, dataset, location });
  const orphan = await runLoadJob(session, 'raw_genesys__conversations', conversations, 50);
  assert.equal(orphan.created, true);
  const adopted = await warehouse.load('run-2', second.files);
  assert.deepEqual(
    adopted.map((load) => [load.rowsLoaded, load.alreadyLoaded]),
    second.files.map((file) => [file.rowCount, false]),
  );
  const perFile = await query(
    bigquery,
    `select _file_id, count(*) as n from ${table('raw_genesys__conversations')} group by 1 order by 1`,
  );
  assert.deepEqual(
    perFile.map((row) => [row['_file_id'], Number(row['n'])]),
    [...first.files, ...second.files]
      .filter((file) => file.stream === 'conversations')
      .map((file) => [file.fileId, file.rowCount]),
    'every file is in the table exactly once',
  );
  const adoptedJob = await query(
    bigquery,
    `select distinct job_id from ${table('etl_files')} where run_id = 'run-2' and table_name = 'raw_genesys__conversations'`,
  );
  assert.deepEqual(
    adoptedJob.map((row) => row['job_id']),
    [orphan.jobId],
  );

  // A file that is not Parquet: the load job fails, and the error names the table and the file.
  // The job running beside it (etl_quarantine) is loaded and recorded, the failed one is marked failed.
  const brokenFile = await stageBroken(
    emulators,
    'run-3',
    'conversations',
    'raw/conversations/dt=2026-11-02/run-3-00001.parquet',
  );
  const before = (await stageRun(emulators, scratch, 'run-3q', ['c6'])).files.filter(
    (file) => file.stream === 'quarantine',
  );
  await assert.rejects(warehouse.load('run-3', [...before, brokenFile]), (error: unknown) => {
    assert.ok(error instanceof LoadError, String(error));
    assert.match(
      error.message,
      /load job genesys_etl_load_raw_genesys__conversations_\w+_0 into raw_genesys__conversations failed/,
    );
    assert.ok(error.message.includes(brokenFile.uri), error.message);
    return true;
  });
  const recordedOf = async (runId: string) =>
    (await query(bigquery, `select file_id from ${table('etl_files')} where run_id = '${runId}' order by 1`)).map(
      (row) => row['file_id'],
    );
  const jobsOf = async (runId: string) =>
    (
      await query(
        bigquery,
        `select table_name, status, error_message from ${table('etl_load_jobs')} where run_id = '${runId}' order by 1`,
      )
    ).map((row) => [row['table_name'], row['status'], String(row['error_message']).split(' genesys_etl_load_')[0]]);
  assert.deepEqual(
    await recordedOf('run-3'),
    before.map((file) => file.fileId),
  );
  assert.deepEqual(await jobsOf('run-3'), [
    ['etl_quarantine', 'loaded', 'null'],
    ['raw_genesys__conversations', 'failed', 'LoadError: BigQuery load job'],
  ]);
  // A broken quarantine file first, then a good conversation file: the run's load fails.
  const brokenQuarantineThen = async (runId: string, conversationId: string) => {
    const broken = await stageBroken(emulators, runId, 'quarantine', `quarantine/dt=2026-11-02/${runId}-00001.parquet`);
    const good = (await stageRun(emulators, scratch, `${runId}c`, [conversationId])).files.filter(
      (file) => file.stream === 'conversations',
    );
    return { files: [broken, ...good], good };
  };
  const conversationCount = async (conversationId: string) =>
    Number(
      (
        await query(
          bigquery,
          `select count(*) as n from ${table('raw_genesys__conversations')} where conversation_id = '${conversationId}'`,
        )
      )[0]?.['n'],
    );
  // One job at a time: a failed job's successors are never started, marked failed, nothing of
  // theirs appended.
  const oneAtATime = await openWarehouse(emulators, 1);
  const serial = await brokenQuarantineThen('run-5', 'c7');
  await assert.rejects(oneAtATime.load('run-5', serial.files), /into etl_quarantine failed/);
  assert.deepEqual(await recordedOf('run-5'), []);
  assert.deepEqual(await jobsOf('run-5'), [
    ['etl_quarantine', 'failed', 'LoadError: BigQuery load job'],
    ['raw_genesys__conversations', 'failed', 'not started: the load job of etl_quarantine failed'],
  ]);
  assert.equal(await conversationCount('c7'), 0);
  // Jobs at once (the default): the one running beside the failed job finishes, and what it
  // appended is recorded.
  const concurrent = await brokenQuarantineThen('run-6', 'c8');
  await assert.rejects(warehouse.load('run-6', concurrent.files), /into etl_quarantine failed/);
  assert.deepEqual(
    await recordedOf('run-6'),
    concurrent.good.map((file) => file.fileId),
  );
  assert.deepEqual(await jobsOf('run-6'), [
    ['etl_quarantine', 'failed', 'LoadError: BigQuery load job'],
    ['raw_genesys__conversations', 'loaded', 'null'],
  ]);
  assert.equal(await conversationCount('c8'), 1);

  // A staged object changed after staging is refused before any job runs.
  const changed = second.files[0];
  assert.ok(changed !== undefined);
  await assert.rejects(
    warehouse.load('run-4', [{ ...changed, fileId: 'other', sha256: '0'.repeat(64) }]),
    /does not match its manifest/,
  );
});

test('the BigQuery ledger records runs and windows like the DuckDB one', async (t) => {
  const emulators = await startEmulators(t);
  const warehouse = await openWarehouse(emulators);
  t.after(() => warehouse.close());
  const { ledger } = warehouse;
  await ledger.startRun({ runId: 'r1', command: 'test', windowStart: null, windowEnd: null });
  const window = { start: '2026-11-02T00:00:00.000Z', end: '2026-11-03T00:00:00.000Z' };
  const base = {
    runId: 'r1',
    stream: 'conversations',
    windowStart: window.start,
    windowEnd: window.end,
    received: 3,
    loaded: 2,
    quarantined: 1,
    apiCalls: 4,
    dataAvailabilityDate: '2026-11-04T00:00:00.000Z',
    startedAt: '2026-11-04T01:00:00.000Z',
  };
  await ledger.recordWindow({ ...base, status: 'running' });
  await ledger.recordWindow({ ...base, status: 'succeeded', errorMessage: "it's \\ fine\n" });
  assert.deepEqual([...(await ledger.completedWindows('conversations'))], [windowKey(window)]);
  assert.equal(await ledger.lastCompletedWindowEnd('conversations'), window.end);
  assert.equal(await ledger.streamState('k'), null);
  await ledger.setStreamState('k', '{"a":1}');
  await ledger.setStreamState('k', '{"a":2}');
  assert.equal(await ledger.streamState('k'), '{"a":2}');
  // A commit of several windows and streams and a state: one query job (counted in the emulator's jobs list).
  const jobCount = async () => (await emulators.bigquery().getJobs({ allUsers: true }))[0].length;
  const before = await jobCount();
  const next = { start: '2026-11-03T00:00:00.000Z', end: '2026-11-04T00:00:00.000Z' };
  const later = { start: '2026-11-04T00:00:00.000Z', end: '2026-11-05T00:00:00.000Z' };
  await ledger.recordWindows(
    [next, later].flatMap((span) =>
      ['conversations', 'recordings'].map((stream) => ({
        ...base,
        stream,
        windowStart: span.start,
        windowEnd: span.end,
        status: 'succeeded' as const,
      })),
    ),
    [{ key: 'k', state: '{"a":3}' }],
  );
  assert.equal((await jobCount()) - before, 1, 'one query job for the whole commit');
  assert.deepEqual([...(await ledger.completedWindows('recordings'))].sort(), [windowKey(next), windowKey(later)]);
  assert.equal(await ledger.streamState('k'), '{"a":3}');
  await ledger.finishRun('r1', { status: 'succeeded', received: 3, loaded: 2, quarantined: 1, apiRequests: 4 });
  // A run left running by a dead process becomes interrupted when the next one starts.
  await ledger.startRun({ runId: 'r2', command: 'test', windowStart: null, windowEnd: null });
  await ledger.startRun({ runId: 'r3', command: 'test', windowStart: null, windowEnd: null });
  const report = await ledger.report();
  assert.equal(report.lastRun?.runId, 'r3');
  assert.deepEqual(report.streams, [
    {
      stream: 'conversations',
      lastCompletedWindow: { start: '2026-11-04T00:00:00.000Z', end: '2026-11-05T00:00:00.000Z' },
      lastLoadedWindowEnd: '2026-11-05T00:00:00.000Z',
      windows: { running: 0, succeeded: 3, provisional: 0, failed: 0, interrupted: 0 },
    },
    {
      stream: 'recordings',
      lastCompletedWindow: { start: '2026-11-04T00:00:00.000Z', end: '2026-11-05T00:00:00.000Z' },
      lastLoadedWindowEnd: '2026-11-05T00:00:00.000Z',
      windows: { running: 0, succeeded: 2, provisional: 0, failed: 0, interrupted: 0 },
    },
  ]);
  const runs = await query(
    emulators.bigquery(),
    `select run_id, status from \`${emulators.projectId}.${dataset}.etl_runs\` order by run_id`,
  );
  assert.deepEqual(
    runs.map((row) => [row['run_id'], row['status']]),
    [
      ['r1', 'succeeded'],
      ['r2', 'interrupted'],
      ['r3', 'running'],
    ],
  );
});

test('the BigQuery lease behaves like the DuckDB one', async (t) => {
  const emulators = await startEmulators(t);
  const warehouse = await openWarehouse(emulators);
  t.after(() => warehouse.close());
  // The emulator reads CURRENT_TIMESTAMP() at each call within a statement (see lease-checks.ts).
  await checkLeaseSemantics(warehouse.ledger, { clockStepMs: 5 });
});

test("the BigQuery ledger keeps a scheduler's backfill like the DuckDB one", async (t) => {
  const emulators = await startEmulators(t);
  const warehouse = await openWarehouse(emulators);
  t.after(() => warehouse.close());
  await checkBackfillLedger(warehouse.ledger);
});
