/**
 * Conversation detail jobs. A job is only its interval, candidate index range and poll count:
 * its result pages are generated on demand, so jobs are cheap to keep in a small Map.
 * Fault injection can make a job end FAILED, CANCELLED or EXPIRED instead of FULFILLED, by
 * scenario rate or on demand (`forceNext`).
 */
import { candidateRange } from '../generator/overlap.ts';
import type { IndexRange } from '../generator/overlap.ts';
import { deterministicUuid } from '../generator/ids.ts';
import { hashUnit } from '../generator/random.ts';
import type { Scenario } from '../scenario.ts';

export type JobState = 'QUEUED' | 'PENDING' | 'FULFILLED' | 'FAILED' | 'CANCELLED' | 'EXPIRED';
export type JobFault = 'FAILED' | 'CANCELLED' | 'EXPIRED';

const RESULTS_TTL_MS = 24 * 3_600_000;
const MAX_JOBS = 1000;

export interface DetailJob {
  readonly id: string;
  /** The job's sequence number in this sandbox. */
  readonly serial: number;
  readonly range: IndexRange;
  readonly submissionMs: number;
  expirationMs: number;
  /** The data availability date when the job was submitted: it sees conversations ended by then. */
  readonly availabilityMs: number;
  /** How the job ends if a fault was injected. */
  readonly fault: JobFault | null;
  polls: number;
  state: JobState;
  completionMs: number | null;
  errorMessage: string | null;
}

export interface JobStore {
  create(intervalStartMs: number, intervalEndMs: number, now: number, availabilityMs: number): DetailJob;
  /** The job, with its state brought up to date for `now` (expiry), without counting a poll. */
  get(id: string, now: number): DetailJob | undefined;
  /** A status poll: advances QUEUED → PENDING → FULFILLED (or the injected end state). */
  poll(id: string, now: number): DetailJob | undefined;
  delete(id: string, now: number): boolean;
  /** Makes the next created job end in `state`. */
  forceNext(state: JobFault): void;
}

function faultOf(scenario: Scenario, serial: number): JobFault | null {
  const {
    detailJobFailedRate: failed,
    detailJobCancelledRate: cancelled,
    detailJobExpiredRate: expired,
  } = scenario.faults;
  if (failed + cancelled + expired === 0) return null;
  const u = hashUnit(scenario.seed, serial, 'detail-job-fault');
  if (u < failed) return 'FAILED';
  if (u < failed + cancelled) return 'CANCELLED';
  if (u < failed + cancelled + expired) return 'EXPIRED';
  return null;
}

export function createJobStore(scenario: Scenario): JobStore {
  const jobs = new Map<string, DetailJob>();
  let created = 0;
  const forced: JobFault[] = [];
  const { pollsBeforeFulfilled } = scenario.jobs;
  const finish = (job: DetailJob, now: number): void => {
    job.completionMs = now;
    switch (job.fault) {
      case null:
        job.state = 'FULFILLED';
        break;
      case 'FAILED':
        job.state = 'FAILED';
        job.errorMessage = 'The query failed to execute: internal error while reading the data lake';
        break;
      case 'CANCELLED':
        job.state = 'CANCELLED';
        break;
      case 'EXPIRED':
        // Fulfilled, but its results expire at once.
        job.state = 'EXPIRED';
        job.expirationMs = now;
        break;
    }
  };
  const refresh = (job: DetailJob, now: number): DetailJob => {
    if (now >= job.expirationMs && job.state !== 'CANCELLED' && job.state !== 'FAILED') job.state = 'EXPIRED';
    return job;
  };
  return {
    create(intervalStartMs, intervalEndMs, now, availabilityMs) {
      if (jobs.size >= MAX_JOBS) {
        const oldest = jobs.keys().next().value;
        if (oldest !== undefined) jobs.delete(oldest);
      }
      const serial = created++;
      const job: DetailJob = {
        id: deterministicUuid(scenario.seed, 'detail-job', serial),
        serial,
        range: candidateRange(scenario, intervalStartMs, intervalEndMs),
        submissionMs: now,
        expirationMs: now + RESULTS_TTL_MS,
        availabilityMs,
        fault: forced.shift() ?? faultOf(scenario, serial),
        polls: 0,
        state: 'QUEUED',
        completionMs: null,
        errorMessage: null,
      };
      if (pollsBeforeFulfilled === 0) finish(job, now);
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
      if (job.state !== 'QUEUED' && job.state !== 'PENDING') return job;
      job.polls++;
      if (job.polls > pollsBeforeFulfilled) finish(job, now);
      else job.state = job.polls === 1 ? 'QUEUED' : 'PENDING';
      return job;
    },
    delete(id) {
      return jobs.delete(id);
    },
    forceNext(state) {
      forced.push(state);
    },
  };
}
