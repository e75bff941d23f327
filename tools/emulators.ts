/**
 * The Google Cloud emulators the integration tests run against (issue 12), built from source
 * with the Go toolchain at pinned versions and cached under
 * `$HOME/.cache/genesys-compliance-etl/emulators/bin` (GOBIN), so a warm machine builds nothing.
 *
 *   node tools/emulators.ts install   # builds whichever binary is missing, prints the paths
 *
 * `go install module/cmd@version` is tried first. It can fail before building on a module proxy
 * that refuses the module's version list (proxy.golang.org answers 403 for goccy/bigquery-emulator's
 * `@v/list`, which `go install` reads to check deprecations); the fallback then downloads exactly the
 * pinned module version (`go mod download`) and builds the command inside it, with the module's own
 * go.mod and go.sum: the same build `go install` would have made.
 *
 * Builds are serialised per binary by a lock directory beside the cache (`<name>-<version>.lock`,
 * holding the builder's pid): a second install, or a test run started while `.ci/run` builds,
 * waits for the first build instead of building the same binary side by side (an hour of CPU on
 * a cold 2-core machine). A lock whose process is gone is taken over.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface EmulatorBinary {
  readonly name: string;
  readonly module: string;
  /** The command's package inside the module ('' for the module root). */
  readonly command: string;
  readonly version: string;
}

export const fakeGcsServer: EmulatorBinary = {
  name: 'fake-gcs-server',
  module: 'github.com/fsouza/fake-gcs-server',
  command: '',
  version: 'v1.55.1',
};

export const bigqueryEmulator: EmulatorBinary = {
  name: 'bigquery-emulator',
  module: 'github.com/goccy/bigquery-emulator',
  command: 'cmd/bigquery-emulator',
  version: 'v0.8.1',
};

export const emulatorBinDir = (): string =>
  join(process.env['HOME'] ?? homedir(), '.cache', 'genesys-compliance-etl', 'emulators', 'bin');

/** Where a binary of this version lives: the version is part of the name, so a new pin rebuilds. */
export const binaryPath = (binary: EmulatorBinary): string =>
  join(emulatorBinDir(), `${binary.name}-${binary.version}`);

function go(args: readonly string[], env: Record<string, string>, cwd?: string): string {
  return execFileSync('go', args, {
    cwd,
    env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false', ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function build(binary: EmulatorBinary, target: string): void {
  const pkg = binary.command === '' ? binary.module : `${binary.module}/${binary.command}`;
  const staging = join(emulatorBinDir(), `.gobin-${binary.name}`);
  mkdirSync(staging, { recursive: true });
  try {
    go(['install', '-trimpath', `${pkg}@${binary.version}`], { GOBIN: staging });
    execFileSync('mv', [join(staging, binary.name), target]);
    return;
  } catch (error) {
    process.stderr.write(
      `emulators: go install ${pkg}@${binary.version} failed (${firstLine(error)}); building from the downloaded module\n`,
    );
  }
  const info = JSON.parse(go(['mod', 'download', '-json', `${binary.module}@${binary.version}`], {})) as {
    Dir?: string;
  };
  if (info.Dir === undefined) throw new Error(`go mod download gave no directory for ${binary.module}`);
  // Built beside the target and renamed, so a build killed half-way never leaves a cached binary.
  const partial = `${target}.partial`;
  go(['build', '-trimpath', '-mod=readonly', '-o', partial, `./${binary.command}`], {}, info.Dir);
  renameSync(partial, target);
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const text = typeof stderr === 'string' && stderr.trim() !== '' ? stderr : String(error);
  return text.trim().split('\n').slice(-2).join(' ');
}

const pause = new Int32Array(new SharedArrayBuffer(4));
const sleepSync = (ms: number): void => {
  Atomics.wait(pause, 0, 0, ms);
};

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `work` holding `lock` (a directory: mkdir is atomic), waiting while a live process holds
 * it; a lock left by a process that is gone is removed and taken.
 */
export function withBuildLock<T>(lock: string, work: () => T, { pollMs = 2000, orphanMs = 60_000 } = {}): T {
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(join(lock, 'pid'), 'utf8'));
    } catch {
      // The holder has made the directory but not written its pid yet (or died in between).
    }
    const gone = Number.isInteger(holder) ? !alive(holder) : ageMs(lock) > orphanMs;
    if (gone) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    if (!announced) {
      process.stderr.write(`emulators: waiting for another build (${lock}, pid ${holder}) to finish\n`);
      announced = true;
    }
    sleepSync(pollMs);
  }
  try {
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The binary's path, building it first when it is not cached. Throws with go's message when it cannot. */
export function ensureEmulator(binary: EmulatorBinary): string {
  const target = binaryPath(binary);
  if (existsSync(target)) return target;
  mkdirSync(emulatorBinDir(), { recursive: true });
  return withBuildLock(`${target}.lock`, () => (existsSync(target) ? target : buildNow(binary, target)));
}

function buildNow(binary: EmulatorBinary, target: string): string {
  try {
    go(['version'], {});
  } catch (error) {
    throw new Error(
      `The ${binary.name} emulator is not built and Go is not available to build it (${firstLine(error)}). ` +
        `Install Go >= 1.25, or place ${binary.name} ${binary.version} at ${target}.`,
      { cause: error },
    );
  }
  const started = Date.now();
  process.stderr.write(`emulators: building ${binary.name} ${binary.version} into ${target} (cold: minutes)\n`);
  build(binary, target);
  process.stderr.write(`emulators: built ${binary.name} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return target;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  if (process.argv[2] !== 'install') {
    process.stderr.write('usage: node tools/emulators.ts install\n');
    process.exit(2);
  }
  for (const binary of [fakeGcsServer, bigqueryEmulator]) process.stdout.write(`${ensureEmulator(binary)}\n`);
}
