/**
 * Creates ./.venv with the pinned dbt toolchain (models/requirements.lock.txt). Runs from
 * `npm install` (postinstall); idempotent: it does nothing when the venv already holds the
 * lock file it was built from. Fails with a clear message when Python >= 3.10 is missing.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = join(import.meta.dirname, '..');
const venv = join(root, '.venv');
const lockFile = join(root, 'models', 'requirements.lock.txt');
const stampFile = join(venv, '.requirements-sha256');

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`setup-python: \`${command} ${args.join(' ')}\` exited with ${String(result.status)}`);
  }
}

function findPython(): string {
  for (const candidate of [process.env['PYTHON'], 'python3', 'python'].filter(Boolean) as string[]) {
    const probe = spawnSync(candidate, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], {
      encoding: 'utf8',
    });
    if (probe.status !== 0) continue;
    const [major, minor] = probe.stdout.trim().split('.').map(Number);
    if (major === 3 && (minor ?? 0) >= 10) return candidate;
  }
  throw new Error(
    'setup-python: Python >= 3.10 with the venv module is required for dbt, and none was found on PATH. ' +
      'Install it (Debian: `apt-get install python3 python3-venv`) or set PYTHON=/path/to/python3, then rerun `npm install`.',
  );
}

function main(): void {
  if (process.env['GENESYS_ETL_SKIP_PYTHON'] === '1') return;
  const lock = readFileSync(lockFile);
  const digest = createHash('sha256').update(lock).digest('hex');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === digest) {
    console.log('setup-python: .venv is up to date');
    return;
  }
  if (!existsSync(join(venv, 'bin', 'python'))) {
    const python = findPython();
    console.log(`setup-python: creating .venv with ${python}`);
    run(python, ['-m', 'venv', venv]);
  }
  console.log('setup-python: installing the pinned dbt toolchain into .venv (first run takes about a minute)');
  run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '--no-deps', '-r', lockFile]);
  writeFileSync(stampFile, digest);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
