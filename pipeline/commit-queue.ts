/**
 * Window commits (close the stage parts, load, reconcile, record) run behind the extraction:
 * one at a time, in the order the windows finished extracting, while the next windows extract.
 * A queued commit runs even if the run is interrupted meanwhile (its window was extracted whole).
 */
import { serialQueue } from '../contract/concurrency.ts';

export interface CommitQueue {
  /** Queues a commit behind the earlier ones; a failure is reported to `onFailure` and kept for drain. */
  enqueue(commit: () => Promise<void>): void;
  /** Resolves once no more than `ahead` commits are waiting or running (backpressure before an extraction). */
  room(): Promise<void>;
  /** Waits for every queued commit to settle; returns their failures. */
  drain(): Promise<unknown[]>;
}

export function commitQueue(ahead: number, onFailure: (error: unknown) => void): CommitQueue {
  const serial = serialQueue();
  const pending = new Set<Promise<void>>();
  const failures: unknown[] = [];
  return {
    enqueue(commit) {
      const settled: Promise<void> = serial(commit).then(
        () => {
          pending.delete(settled);
        },
        (error: unknown) => {
          pending.delete(settled);
          failures.push(error);
          onFailure(error);
        },
      );
      pending.add(settled);
    },
    async room() {
      while (pending.size > Math.max(0, ahead)) await Promise.race(pending);
    },
    async drain() {
      while (pending.size > 0) await Promise.all(pending);
      return failures;
    },
  };
}
