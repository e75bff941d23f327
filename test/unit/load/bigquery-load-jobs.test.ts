/**
 * Load job ids and job errors as BigQuery reports them. The emulator answers a failed GCS load
 * with an HTTP error instead of a finished job carrying `status.errorResult`, so the error shape
 * here is BigQuery's documented one (jobs resource: status.errorResult and status.errors[] with
 * reason, location, message).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jobError, loadJobId, loadKey } from '../../../load/bigquery/load-jobs.ts';
import type { StagedFile } from '../../../load/manifest.ts';

const file = (name: string): StagedFile => ({
  fileId: `raw/conversations/dt=2026-11-02/${name}.parquet`,
  stream: 'conversations',
  table: 'raw_genesys__conversations',
  path: `raw/conversations/dt=2026-11-02/${name}.parquet`,
  uri: `gs://bucket/stage/raw/conversations/dt=2026-11-02/${name}.parquet`,
  sha256: 'a'.repeat(64),
  rowCount: 10,
  bytes: 100,
  windowStart: null,
  windowEnd: null,
});

test('a load job id depends on the table and the set of files, not their order, plus the attempt', () => {
  const [a, b, c] = [file('r-00001'), file('r-00002'), file('r-00003')];
  const table = 'raw_genesys__conversations';
  assert.equal(loadJobId(table, [a, b], 0), loadJobId(table, [b, a], 0));
  assert.equal(loadJobId(table, [a, b], 0), `${loadKey(table, [a, b])}_0`);
  assert.notEqual(loadJobId(table, [a, b], 0), loadJobId(table, [a, b], 1));
  assert.notEqual(loadJobId(table, [a, b], 0), loadJobId(table, [a, c], 0));
  assert.notEqual(loadJobId(table, [a], 0), loadJobId('etl_quarantine', [a], 0));
  // Job ids: letters, digits, underscores and dashes, at most 1,024 characters.
  assert.match(loadJobId(table, [a, b, c], 12), /^[A-Za-z0-9_-]{1,1024}$/);
});

test('a failed job is reported with its table, its id and the file BigQuery names', () => {
  const files = [file('r-00001'), file('r-00002')];
  const failed = jobError('raw_genesys__conversations', files, {
    jobReference: { jobId: 'genesys_etl_load_x_0' },
    status: {
      state: 'DONE',
      errorResult: {
        reason: 'invalid',
        message: 'Error while reading data, error message: Parquet column has an incompatible type',
      },
      errors: [
        {
          reason: 'invalid',
          location: files[1]?.uri ?? '',
          message: 'Error while reading data, error message: Parquet column has an incompatible type',
        },
      ],
    },
  });
  assert.ok(failed !== null);
  assert.match(failed.message, /^BigQuery load job genesys_etl_load_x_0 into raw_genesys__conversations failed: /);
  assert.ok(failed.message.includes(`(file ${files[1]?.uri ?? ''})`), failed.message);
  assert.ok(!failed.message.includes(files[0]?.uri ?? ''), 'only the file BigQuery named');

  // Without a location, every file of the job is listed.
  const unnamed = jobError('raw_genesys__conversations', files, {
    jobReference: { jobId: 'j' },
    status: { state: 'DONE', errorResult: { reason: 'quotaExceeded', message: 'Quota exceeded' } },
  });
  assert.ok(unnamed?.message.includes(`files ${files.map((entry) => entry.uri).join(', ')}`), unnamed?.message);
  assert.equal(
    jobError('raw_genesys__conversations', files, {
      status: { state: 'DONE' },
      statistics: { load: { outputRows: '20' } },
    }),
    null,
  );
});
