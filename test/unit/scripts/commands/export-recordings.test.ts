import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../../contract/errors.ts';
import {
  exportRecordingsCommand,
  type ExportRecordingsOptions,
} from '../../../../scripts/commands/export-recordings.ts';
import { parseConfig } from '../../../../scripts/config.ts';

// No credentials: a dry run must not need any, because it calls nothing.
const config = parseConfig({}, '/tmp/genesys-etl-export-test');
const options: ExportRecordingsOptions = {
  from: '2026-11-02',
  to: '2026-11-04',
  window: 'P1D',
  integrationId: 'aws-s3-1',
  actionDate: '2026-11-24T00:00:00Z',
  audioOnly: true,
  dryRun: true,
  now: Date.parse('2026-11-24T00:00:00Z'),
};

test('a dry run prints one EXPORT job per window and calls nothing', async (t) => {
  const written: string[] = [];
  t.mock.method(process.stdout, 'write', (chunk: string) => written.push(chunk));
  await exportRecordingsCommand(config, options);
  t.mock.restoreAll();
  const jobs = written
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('  {'))
    .map(
      (line) =>
        JSON.parse(line) as {
          action: string;
          includeScreenRecordings: boolean;
          conversationQuery: { interval: string };
        },
    );
  assert.deepEqual(
    jobs.map((job) => [job.action, job.includeScreenRecordings, job.conversationQuery.interval]),
    [
      ['EXPORT', false, '2026-11-02T00:00:00.000Z/2026-11-03T00:00:00.000Z'],
      ['EXPORT', false, '2026-11-03T00:00:00.000Z/2026-11-04T00:00:00.000Z'],
    ],
  );
});

test('warns that the last 48 hours may not all be exportable yet', async (t) => {
  const written: string[] = [];
  t.mock.method(process.stdout, 'write', (chunk: string) => written.push(chunk));
  await exportRecordingsCommand(config, { ...options, now: Date.parse('2026-11-05T00:00:00Z') });
  await exportRecordingsCommand(config, { ...options, now: Date.parse('2026-11-06T00:00:01Z') });
  t.mock.restoreAll();
  assert.equal(written.filter((chunk) => chunk.includes('last 48 hours')).length, 1);
});

test('names what is missing or malformed', async () => {
  const rejects = (overrides: Partial<ExportRecordingsOptions>, pattern: RegExp) =>
    assert.rejects(exportRecordingsCommand(config, { ...options, ...overrides }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, pattern);
      return true;
    });
  await rejects({ to: undefined }, /needs --from and --to/);
  await rejects({ integrationId: ' ' }, /needs --integration-id/);
  await rejects({ actionDate: '2026-11-24 10:00' }, /--action-date must be a UTC timestamp/);
  await rejects({ from: '2026-11-05' }, /--to .* must be after --from/);
  await rejects({ dryRun: false }, /GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET must be set/);
});
