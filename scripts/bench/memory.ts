/**
 * The pipeline process's memory over a phase, per window: RSS is sampled every 100 ms, and each
 * time the stage closes a window (the start of its commit) the peak since the previous close is
 * recorded with the heap then. A flat pipeline has the same peak at its first and its last window.
 */
import type { Stage } from '../../load/stage.ts';
import { mib } from './figures.ts';

export interface WindowMemory {
  /** The window closed (its start), or `run` for the run-level streams, `finish` for the end. */
  readonly at: string;
  /** Peak RSS since the previous sample, in MiB. */
  readonly peakRssMiB: number;
  readonly heapUsedMiB: number;
  readonly heapTotalMiB: number;
}

export interface MemoryFigures {
  readonly windows: readonly WindowMemory[];
  /**
   * Growth over the samples that include a commit (every window's but the first, and the finish):
   * the last peak over the first, minus 1 (0.1: 10% higher at the end); 0 with one window.
   */
  readonly growth: number;
  /** V8's heap size limit in this process (NODE_MAX_OLD_SPACE_MB plus the young generation). */
  readonly heapLimitMiB: number;
}

/** (last - first) / first over a series of peaks. */
export function memoryGrowth(peaks: readonly number[]): number {
  const first = peaks[0];
  const last = peaks.at(-1);
  if (first === undefined || last === undefined || first === 0) return 0;
  return Number(((last - first) / first).toFixed(3));
}

export interface MemorySampler {
  /** Wraps a stage so each closeWindow records a sample. */
  wrap(stage: Stage): Stage;
  /** Stops sampling and returns the figures (with a last `finish` sample). */
  stop(): MemoryFigures;
}

export function sampleMemory(heapLimitMiB: number, intervalMs = 100): MemorySampler {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref();
  const windows: WindowMemory[] = [];
  const record = (at: string): void => {
    const usage = process.memoryUsage();
    windows.push({
      at,
      peakRssMiB: mib(Math.max(peak, usage.rss)),
      heapUsedMiB: mib(usage.heapUsed),
      heapTotalMiB: mib(usage.heapTotal),
    });
    peak = usage.rss;
  };
  return {
    wrap: (stage) => ({
      ...stage,
      closeWindow: (window) => {
        record(window?.start ?? 'run');
        return stage.closeWindow(window);
      },
    }),
    stop() {
      clearInterval(timer);
      record('finish');
      // A window's commit runs after its own sample: the first window's sample has no commit in it.
      const withCommits = windows.filter((sample) => sample.at !== 'run').slice(1);
      return { windows, growth: memoryGrowth(withCommits.map((sample) => sample.peakRssMiB)), heapLimitMiB };
    },
  };
}
