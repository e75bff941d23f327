/**
 * Preloaded into every test file's process (`npm test` passes `--import`): the dbt runs of one
 * test file, in its own process or in the CLI processes it starts, get a target and a log
 * directory of their own, removed when the file's process exits. So test files run side by side
 * (`--test-concurrency`) without two dbt processes writing one models/target (its manifest,
 * run results and partial-parse state). dbt reads both from the environment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const names = ['DBT_TARGET_PATH', 'DBT_LOG_PATH'] as const;

// NODE_TEST_CONTEXT is set in the processes the test runner starts for the files, not in the runner.
if (process.env['NODE_TEST_CONTEXT'] !== undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'genesys-etl-dbt-'));
  process.env['DBT_TARGET_PATH'] = join(dir, 'target');
  process.env['DBT_LOG_PATH'] = join(dir, 'logs');
  process.on('exit', () => {
    rmSync(dir, { recursive: true, force: true });
  });
}

/** This test process's dbt directories, for the environment of a CLI process it starts. */
export function dbtPathsEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of names) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}
