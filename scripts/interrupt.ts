/**
 * Ctrl-C for long commands: the first SIGINT or SIGTERM aborts the run's signal (windows being
 * committed finish, the others are abandoned); a second one exits at once.
 */
import { InterruptedError } from '../contract/errors.ts';
import { exitCodes } from './cli-usage.ts';

export const interruptedMessage =
  'Interrupted. Finished windows are kept; run the same command again to resume at the first unfinished one.';

/**
 * The first SIGINT or SIGTERM aborts the returned signal (windows being committed finish, the
 * others are abandoned); a second one exits at once.
 */
function interruptOnSignals(): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      process.stderr.write(
        '\nStopped at once. The run is marked interrupted when the next one starts; run the same command again to resume.\n',
      );
      process.exit(exitCodes.interrupted);
    }
    controller.abort(new InterruptedError(`stopped by ${name}; the windows it finished are kept`));
    process.stderr.write(
      '\nInterrupting: windows being committed finish, the others are abandoned. Press Ctrl-C again to stop at once.\n',
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** Runs `work` with Ctrl-C handling; an interruption ends as an InterruptedError. */
export async function interruptible(work: (signal: AbortSignal) => Promise<void>): Promise<void> {
  const interrupt = interruptOnSignals();
  try {
    await work(interrupt.signal);
  } catch (error) {
    if (interrupt.signal.aborted && !(error instanceof InterruptedError)) {
      throw new InterruptedError(interruptedMessage, { cause: error });
    }
    throw error;
  } finally {
    interrupt.dispose();
  }
  if (interrupt.signal.aborted) throw new InterruptedError(interruptedMessage);
}

/** export-recordings ends at once on Ctrl-C (as a kill would): an open export job goes on in Genesys. */
export function exitOnInterrupt(message: string): void {
  const onSignal = (): void => {
    process.stderr.write(`\nInterrupted. ${message}\n`);
    process.exit(exitCodes.interrupted);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}
