import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JobError } from '../../../../contract/errors.ts';
import { pollDelays, retryAfterMs, succeededJob, type AsyncJob } from '../../../../extract/streams/async-job.ts';

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

test('polls soon after the submission, backs off by half each time up to the interval, and honours Retry-After', async () => {
  const waits: number[] = [];
  const states = ['QUEUED', 'QUEUED', 'QUEUED', 'QUEUED', 'QUEUED', 'QUEUED', 'QUEUED', 'FULFILLED'];
  let polls = 0;
  const { job } = scripted([], {
    pollIntervalMs: 2_000,
    poll: () => {
      const state = states[polls] ?? 'FULFILLED';
      polls += 1;
      // The API asks for 5 s once, after the fourth poll.
      return Promise.resolve({ state, retryAfterMs: polls === 4 ? 5_000 : undefined });
    },
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  });
  assert.equal(await succeededJob(job), 'job-1');
  assert.deepEqual(waits, [200, 300, 450, 675, 5_000, 1_519, 2_000, 2_000]);
});

test('the poll schedule never waits less than 100 ms, nor more than a shorter interval', () => {
  const long = pollDelays(60_000);
  assert.equal(long(), 6_000);
  const short = pollDelays(500);
  assert.deepEqual([short(), short(), short(), short()], [100, 150, 225, 338]);
  const tiny = pollDelays(10);
  assert.deepEqual([tiny(), tiny()], [10, 10]);
});

test('Retry-After is read as seconds or as an HTTP date', () => {
  assert.equal(retryAfterMs('3'), 3_000);
  assert.equal(retryAfterMs('Thu, 01 Jan 1970 00:00:10 GMT', 4_000), 6_000);
  assert.equal(retryAfterMs(undefined), undefined);
  assert.equal(retryAfterMs('soon'), undefined);
});

test('an aborted signal stops the polling with its reason', async () => {
  const stop = new AbortController();
  const { job } = scripted([['RUNNING']], {
    signal: stop.signal,
    sleep: () => {
      stop.abort(new Error('window abandoned'));
      return Promise.resolve();
    },
  });
  await assert.rejects(succeededJob(job), /window abandoned/);
});
