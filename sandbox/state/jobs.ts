/**
 * Conversation detail jobs. A job is only its interval, candidate index range and poll count:
 * its result pages are generated on demand, so jobs are cheap to keep in a small Map.
 */
import { candidateRange } from '../generator/overlap.ts';
import type { IndexRange } from '../generator/overlap.ts';
import { deterministicUuid } from '../generator/ids.ts';
import type { Scenario } from '../scenario.ts';

export type JobState = 'QUEUED' | 'PENDING' | 'FULFILLED' | 'EXPIRED';

const RESULTS_TTL_MS = 24 * 3_600_000;
const MAX_JOBS = 1000;

export interface DetailJob {
  readonly id: string;
  readonly range: IndexRange;
  readonly submissionMs: number;
  readonly expirationMs: number;
  polls: number;
  state: JobState;
  completionMs: number | null;
}

export interface JobStore {
  create(intervalStartMs: number, intervalEndMs: number, now: number): DetailJob;
  /** The job, with its state brought up to date for `now` (expiry), without counting a poll. */
  get(id: string, now: number): DetailJob | undefined;
  /** A status poll: advances QUEUED → PENDING → FULFILLED. */
  poll(id: string, now: number): DetailJob | undefined;
  delete(id: string): boolean;
}

export function createJobStore(scenario: Scenario): JobStore {
  const jobs = new Map<string, DetailJob>();
  let created = 0;
  const { pollsBeforeFulfilled } = scenario.jobs;
  const fulfil = (job: DetailJob, now: number): void => {
    job.state = 'FULFILLED';
    job.completionMs = now;
  };
  const refresh = (job: DetailJob, now: number): DetailJob => {
    if (now >= job.expirationMs) job.state = 'EXPIRED';
    return job;
  };
  return {
    create(intervalStartMs, intervalEndMs, now) {
      if (jobs.size >= MAX_JOBS) {
        const oldest = jobs.keys().next().value;
        if (oldest !== undefined) jobs.delete(oldest);
      }
      const job: DetailJob = {
        id: deterministicUuid(scenario.seed, 'detail-job', created++),
        range: candidateRange(scenario, intervalStartMs, intervalEndMs),
        submissionMs: now,
        expirationMs: now + RESULTS_TTL_MS,
        polls: 0,
        state: 'QUEUED',
        completionMs: null,
      };
      if (pollsBeforeFulfilled === 0) fulfil(job, now);
      jobs.set(job.id, job);
      return job;
    },
    get(id, now) {
      const job = jobs.get(id);
      return job === undefined ? undefined : refresh(job, now);
    },
    poll(id, now) {
      const job = jobs.get(id);
      if (job === undefined) return undefined;
      refresh(job, now);
      if (job.state === 'EXPIRED' || job.state === 'FULFILLED') return job;
      job.polls++;
      if (job.polls > pollsBeforeFulfilled) fulfil(job, now);
      else job.state = job.polls === 1 ? 'QUEUED' : 'PENDING';
      return job;
    },
    delete(id) {
      return jobs.delete(id);
    },
  };
}
