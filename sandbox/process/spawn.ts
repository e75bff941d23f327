/**
 * Starts serve.ts as a child process and hands back where it listens, so a benchmark's process
 * holds the pipeline alone (its peak RSS and CPU are the pipeline's). close() stops the child
 * and returns what it served and spent.
 */
import { fork } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { SandboxCredentials, SandboxStats } from '../server.ts';
import { serveArgs, type ServeOptionsInput } from './options.ts';

export interface SandboxProcessReport extends SandboxStats {
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
  /** Peak RSS of the sandbox process. */
  readonly peakRssMiB: number;
}

export interface SandboxProcess {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly credentials: readonly SandboxCredentials[];
  readonly pid: number;
  /** Stops the child (SIGTERM) and resolves with its final report once it exited. */
  close(): Promise<SandboxProcessReport>;
}

const serveScript = new URL('./serve.ts', import.meta.url);

interface Ready {
  readonly ready: true;
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly credentials: readonly SandboxCredentials[];
}

export async function spawnSandbox(options: ServeOptionsInput, startTimeoutMs = 60_000): Promise<SandboxProcess> {
  const child = fork(serveScript, serveArgs(options), { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  if (child.stdout === null) throw new Error('sandbox process has no stdout');
  const lines = createInterface({ input: child.stdout });
  const messages: unknown[] = [];
  const waiters: ((value: unknown) => void)[] = [];
  let closed = false;
  lines.on('line', (text) => {
    const value: unknown = JSON.parse(text);
    const waiter = waiters.shift();
    if (waiter === undefined) messages.push(value);
    else waiter(value);
  });
  lines.once('close', () => {
    closed = true;
    for (const waiter of waiters.splice(0)) waiter(null);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  /** The next JSON line of the child, or null once its stdout closed. */
  const nextLine = (): Promise<unknown> => {
    if (messages.length > 0) return Promise.resolve(messages.shift());
    if (closed) return Promise.resolve(null);
    return new Promise((resolve) => waiters.push(resolve));
  };

  let timer: NodeJS.Timeout | undefined;
  const ready = (await Promise.race([
    nextLine(),
    exited.then((code) => {
      throw new Error(`sandbox process exited with ${String(code)} before it was ready`);
    }),
    new Promise((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`sandbox process not ready after ${startTimeoutMs} ms`));
      }, startTimeoutMs);
    }),
  ])
    .catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    })
    .finally(() => {
      clearTimeout(timer);
    })) as Ready | null;
  const first = ready?.credentials[0];
  if (ready === null || first === undefined) {
    child.kill('SIGKILL');
    throw new Error('sandbox process closed its output before it was ready');
  }
  return {
    url: ready.url,
    host: ready.host,
    port: ready.port,
    clientId: first.clientId,
    clientSecret: first.clientSecret,
    credentials: ready.credentials,
    pid: child.pid ?? 0,
    close: async () => {
      const report = nextLine();
      child.kill('SIGTERM');
      const code = await exited;
      const stats = (await report) as SandboxProcessReport | null;
      if (code !== 0 || stats === null) throw new Error(`sandbox process exited with ${String(code)} and no report`);
      return stats;
    },
  };
}
