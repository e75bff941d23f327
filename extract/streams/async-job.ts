/**
 * Genesys's asynchronous queries (analytics detail jobs, audit query transactions): submit, poll
 * until the job succeeds, and submit again when it ends unsuccessfully, a few times in all.
 *
 * Polls are adaptive: the first comes soon after the submission (most jobs of a window finish in
 * well under the production interval), each later one waits longer (×1.5) up to
 * `pollIntervalMs`, and a Retry-After the API sends with a status is honoured as it stands (it
 * may lengthen the wait past the ceiling, never shorten it below the schedule's floor).
 */
import { JobError } from '../../contract/errors.ts';

export interface JobStatus {
  readonly state: string;
  readonly errorMessage?: string | null | undefined;
  /** How long the API asked us to wait before the next poll (its Retry-After), when it said. */
  readonly retryAfterMs?: number | undefined;
}

export interface AsyncJob {
  /** What the job is, for messages: e.g. "conversation detail job for 2026-11-02/2026-11-03". */
  readonly what: string;
  /** Submits the job; returns its id. */
  submit(): Promise<string>;
  /** Reads the job's state (and an error message when it has one). */
  poll(id: string): Promise<JobStatus>;
  readonly succeeded: string;
  /** States in which the job has ended unsuccessfully. */
  readonly ended: readonly string[];
  /** Submissions in all, the first included. */
  readonly attempts: number;
  /** The longest wait between two polls (the production interval). */
  readonly pollIntervalMs: number;
  /** Give up waiting for one submission after this long. */
  readonly timeoutMs: number;
  /** How to get past a timeout, appended to its message. */
  readonly timeoutHint: string;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Stops polling (the job's results are no longer wanted): rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

/** The shortest first wait: polls never come closer together than this (or `pollIntervalMs`, if shorter). */
export const minPollMs = 100;
/** Each wait is this many times the previous, up to `pollIntervalMs`. */
export const pollBackoff = 1.5;

/** The waits before the 1st, 2nd, … poll of one submission: short at first, backing off to the ceiling. */
export function pollDelays(pollIntervalMs: number): () => number {
  const ceiling = Math.max(0, pollIntervalMs);
  let next = Math.min(ceiling, Math.max(minPollMs, ceiling / 10));
  return () => {
    const delay = next;
    next = Math.min(ceiling, next * pollBackoff);
    return Math.round(delay);
  };
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Returns the id of a submission that reached `succeeded`. */
export async function succeededJob(job: AsyncJob): Promise<string> {
  const sleep = job.sleep ?? defaultSleep;
  const endings: string[] = [];
  for (let attempt = 1; attempt <= job.attempts; attempt += 1) {
    job.signal?.throwIfAborted();
    const id = await job.submit();
    const deadline = Date.now() + job.timeoutMs;
    const delays = pollDelays(job.pollIntervalMs);
    // The API answers nothing useful immediately after a submission: wait before the first poll.
    let wait = delays();
    for (;;) {
      await sleep(wait);
      job.signal?.throwIfAborted();
      const { state, errorMessage, retryAfterMs: asked } = await job.poll(id);
      if (state === job.succeeded) return id;
      if (job.ended.includes(state)) {
        endings.push(`${id} ${state}${errorMessage ? ` (${errorMessage})` : ''}`);
        break;
      }
      if (Date.now() > deadline) {
        throw new JobError(`The ${job.what} (${id}) was still ${state} after ${job.timeoutMs} ms. ${job.timeoutHint}`);
      }
      const scheduled = delays();
      wait = asked === undefined ? scheduled : Math.max(scheduled, asked);
    }
    await sleep(job.pollIntervalMs * attempt);
  }
  throw new JobError(
    `The ${job.what} ended unsuccessfully ${job.attempts} times: ${endings.join('; ')}. ` +
      'Run the command again later; finished windows are kept.',
  );
}
