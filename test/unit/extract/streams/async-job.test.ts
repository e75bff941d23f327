import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobError } from '../../../../contract/errors.ts';
import { succeededJob, type AsyncJob } from '../../../../extract/streams/async-job.ts';

/** A job whose n-th submission goes through the given states, one per poll. */
function scripted(runs: readonly (readonly string[])[], overrides: Partial<AsyncJob> = {}) {
  const submitted: string[] = [];
  const polls = new Map<string, string[]>();
  const job: AsyncJob = {
    what: 'test job for 2026-11-02/2026-11-03',
    submit: () => {
      const id = `job-${submitted.length + 1}`;
      polls.set(id, [...(runs[submitted.length] ?? [])]);
      submitted.push(id);
      return Promise.resolve(id);
    },
    poll: (id) => {
      const states = polls.get(id) ?? [];
      const state = states.length > 1 ? (states.shift() ?? '') : (states[0] ?? '');
      return Promise.resolve({ state, errorMessage: state === 'FAILED' ? 'lake unavailable' : undefined });
    },
    succeeded: 'FULFILLED',
    ended: ['FAILED', 'CANCELLED', 'EXPIRED'],
    attempts: 3,
    pollIntervalMs: 1,
    timeoutMs: 60_000,
    timeoutHint: 'Raise GENESYS_JOB_TIMEOUT_MS.',
    sleep: () => Promise.resolve(),
    ...overrides,
  };
  return { job, submitted };
}

test('resubmits a job that ends unsuccessfully and returns the one that succeeds', async () => {
  const { job, submitted } = scripted([['QUEUED', 'FAILED'], ['EXPIRED'], ['QUEUED', 'RUNNING', 'FULFILLED']]);
  assert.equal(await succeededJob(job), 'job-3');
  assert.deepEqual(submitted, ['job-1', 'job-2', 'job-3']);
});

test('gives up after the last attempt, naming every job and how it ended', async () => {
  const { job } = scripted([['FAILED'], ['CANCELLED'], ['EXPIRED'], ['FULFILLED']]);
  await assert.rejects(succeededJob(job), (error: unknown) => {
    assert.ok(error instanceof JobError);
    assert.equal(
      error.message,
      'The test job for 2026-11-02/2026-11-03 ended unsuccessfully 3 times: job-1 FAILED (lake unavailable); ' +
        'job-2 CANCELLED; job-3 EXPIRED. Run the command again later; finished windows are kept.',
    );
    return true;
  });
});

test('a job that never ends times out with the hint', async () => {
  const { job } = scripted([['RUNNING']], { timeoutMs: -1 });
  await assert.rejects(
    succeededJob(job),
    /The test job .* \(job-1\) was still RUNNING after -1 ms\. Raise GENESYS_JOB_TIMEOUT_MS\./,
  );
});
