/**
 * Progress on stderr for long steps. On a terminal the current line is redrawn in place; in a
 * log (CI, cron) a line is printed at most every few seconds, so logs stay readable.
 */
import type { Progress } from '../pipeline/run-pipeline.ts';

export type { Progress };

export function createProgress(stream: NodeJS.WriteStream = process.stderr, intervalMs = 5_000): Progress {
  const interactive = stream.isTTY;
  const started = Date.now();
  let lastPrinted = 0;
  let pending = false;
  const elapsed = (): string => `${((Date.now() - started) / 1000).toFixed(1)}s`;
  return {
    update(message) {
      if (interactive) {
        stream.write(`\r\x1b[2K[${elapsed()}] ${message}`);
        pending = true;
        return;
      }
      if (Date.now() - lastPrinted >= intervalMs) {
        lastPrinted = Date.now();
        stream.write(`[${elapsed()}] ${message}\n`);
      }
    },
    log(message) {
      if (interactive && pending) stream.write('\r\x1b[2K');
      pending = false;
      stream.write(`[${elapsed()}] ${message}\n`);
    },
  };
}
