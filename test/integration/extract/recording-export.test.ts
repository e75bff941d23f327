/** Recording EXPORT bulk jobs against the sandbox, through the real SDK. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobError } from '../../../contract/errors.ts';
import { createGenesysClient, type GenesysClient } from '../../../extract/genesys/client.ts';
import { exportQuery, exportRecordings, type RecordingExportOptions } from '../../../extract/recording-export.ts';
import { groundTruth, loadScenario, startSandbox, type Sandbox } from '../../../sandbox/index.ts';
import { sandboxGateway } from '../../../scripts/commands/sandbox-wiring.ts';

const now = Date.parse('2026-11-10T00:00:00Z');
const first = { start: '2026-11-02T00:00:00.000Z', end: '2026-11-03T00:00:00.000Z' };
const windows = [first, { start: '2026-11-03T00:00:00.000Z', end: '2026-11-04T00:00:00.000Z' }];
const options: RecordingExportOptions = {
  integrationId: 'aws-s3-integration-1',
  actionDate: '2026-11-10T00:00:00.000Z',
  includeScreenRecordings: true,
  pollIntervalMs: 1,
  timeoutMs: 30_000,
};

async function withSandbox(run: (sandbox: Sandbox, client: GenesysClient) => Promise<void>): Promise<void> {
  const scenario = await loadScenario('small');
  const sandbox = await startSandbox({ scenario, clock: () => now });
  try {
    const client = createGenesysClient({
      regionHost: scenario.regionHost,
      gateway: sandboxGateway(sandbox),
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      requestsPerMinute: 0,
    });
    await run(sandbox, client);
  } finally {
    await sandbox.close();
  }
}

/** What a job over the window should count: recordings of the conversations overlapping it. */
async function expectedTotals(window: { start: string; end: string }) {
  const scenario = await loadScenario('small');
  const overlapping = groundTruth(scenario, undefined, undefined, { now }).filter(
    (c) => c.start < window.end && c.end > window.start && c.recordings.length > 0,
  );
  const recordings = overlapping.flatMap((c) => c.recordings);
  const failed = recordings.filter((r) => r.fileState === 'ERROR').length;
  return { conversations: overlapping.length, recordings: recordings.length, failed };
}

test('exports each window through one job driven from PENDING to FULFILLED', async () => {
  await withSandbox(async (sandbox, client) => {
    const results = await exportRecordings(client, windows, options);
    assert.deepEqual(
      results.map((r) => r.state),
      ['FULFILLED', 'FULFILLED'],
    );
    for (const result of results) {
      const expected = await expectedTotals(result.window);
      assert.ok(expected.recordings > 0);
      assert.deepEqual(
        {
          conversations: result.conversations,
          recordings: result.recordings,
          failed: result.failed,
          processed: result.processed,
        },
        { ...expected, processed: expected.recordings - expected.failed },
      );
    }
    const creations = sandbox.stats().byRoute['recording.jobs.create'] ?? 0;
    assert.equal(creations, 2, `one job per window: ${JSON.stringify(sandbox.stats().byRoute)}`);
  });
});

test('adopts an open job of its own for the same window instead of creating a second one', async () => {
  await withSandbox(async (sandbox, client) => {
    // An earlier call was interrupted after creating the job for the first window.
    const left = await client.call('create', (sdk) => sdk.recording.postRecordingJobs(exportQuery(first, options)));
    const leftId = (left.body as { id: string }).id;
    const [result] = await exportRecordings(client, [first], options);
    assert.equal(result?.jobId, leftId);
    assert.equal(result.state, 'FULFILLED');
    assert.equal(sandbox.stats().byRoute['recording.jobs.create'], 1);
  });
});

test('a job that ends FAILED stops the export with an error naming the job and the fix', async () => {
  await withSandbox(async (sandbox, client) => {
    sandbox.control.failNextRecordingJob();
    await assert.rejects(
      exportRecordings(client, windows, options),
      (error: unknown) =>
        error instanceof JobError &&
        error.message.includes('ended FAILED') &&
        error.message.includes('aws-s3-integration-1') &&
        error.message.includes('2026-11-02T00:00:00.000Z/2026-11-03T00:00:00.000Z'),
    );
  });
});
