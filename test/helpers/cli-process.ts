/** The CLI as a child process, for tests of the long-running commands (schedule): its output, exit and patterns awaited in it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../scripts/config.ts';
import { dbtPathsEnv } from './dbt-paths.ts';

const cli = join(projectRoot, 'scripts', 'cli.ts');

export interface CliProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
  /** Resolves with the first match of `pattern` in the output (stdout and stderr together). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/** Starts `genesys-etl ARGS` in `cwd` with exactly `env` (plus PATH and HOME), in a process group of its own. */
export function startCli(cwd: string, args: readonly string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd,
    env: {
      PATH: process.env['PATH'],
      HOME: cwd,
      // A heap limit of its own: the CLI runs in this one process (no relaunch), so a kill ends it.
      NODE_OPTIONS: '--max-old-space-size=512',
      ...dbtPathsEnv(),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const listeners = new Set<() => void>();
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      output += chunk;
      for (const listener of listeners) listener();
    });
  }
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  return {
    child,
    output: () => output,
    exited,
    waitFor(pattern, timeoutMs = 90_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(output);
          if (match === null) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(match);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${String(pattern)} within ${timeoutMs} ms in:\n${output}`));
        }, timeoutMs);
        listeners.add(check);
        void exited.then(() => setTimeout(check, 0));
        check();
      });
    },
  };
}

/** Signals the process's group; a process already gone is fine. */
export function killGroup(proc: CliProcess, signal: NodeJS.Signals): void {
  try {
    if (proc.child.pid !== undefined) process.kill(-proc.child.pid, signal);
  } catch {
    // Already exited.
  }
}
