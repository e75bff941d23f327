/**
 * Genesys's asynchronous queries (analytics detail jobs, audit query transactions): submit, poll
 * until the job succeeds, and submit again when it ends unsuccessfully, a few times in all.
 */
import { JobError } from '../../contract/errors.ts';

export interface AsyncJob {
  /** What the job is, for messages: e.g. "conversation detail job for 2026-11-02/2026-11-03". */
  readonly what: string;
  /** Submits the job; returns its id. */
  submit(): Promise<string>;
  /** Reads the job's state (and an error message when it has one). */
  poll(id: string): Promise<{ state: string; errorMessage?: string | null | undefined }>;
  readonly succeeded: string;
  /** States in which the job has ended unsuccessfully. */
  readonly ended: readonly string[];
  /** Submissions in all, the first included. */
  readonly attempts: number;
  readonly pollIntervalMs: number;
  /** Give up waiting for one submission after this long. */
  readonly timeoutMs: number;
  /** How to get past a timeout, appended to its message. */
  readonly timeoutHint: string;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Returns the id of a submission that reached `succeeded`. */
export async function succeededJob(job: AsyncJob): Promise<string> {
  const sleep = job.sleep ?? defaultSleep;
  const endings: string[] = [];
  for (let attempt = 1; attempt <= job.attempts; attempt += 1) {
    const id = await job.submit();
    const deadline = Date.now() + job.timeoutMs;
    for (;;) {
      const { state, errorMessage } = await job.poll(id);
      if (state === job.succeeded) return id;
      if (job.ended.includes(state)) {
        endings.push(`${id} ${state}${errorMessage ? ` (${errorMessage})` : ''}`);
        break;
      }
      if (Date.now() > deadline) {
        throw new JobError(`The ${job.what} (${id}) was still ${state} after ${job.timeoutMs} ms. ${job.timeoutHint}`);
      }
      await sleep(job.pollIntervalMs);
    }
    await sleep(job.pollIntervalMs * attempt);
  }
  throw new JobError(
    `The ${job.what} ended unsuccessfully ${job.attempts} times: ${endings.join('; ')}. ` +
      'Run the command again later; finished windows are kept.',
  );
}
