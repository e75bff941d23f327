/** A temporary data directory, a running sandbox and a configuration pointing at both; all removed after the test. */
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PipelineResult } from '../../pipeline/run-pipeline.ts';
import { loadScenario, startSandbox, type Sandbox, type SandboxOptions, type Scenario } from '../../sandbox/index.ts';
import { sandboxClient, scenarioWindows } from '../../scripts/commands/sandbox-wiring.ts';
import { extractAndLoad, type ExtractAndLoadOptions } from '../../scripts/commands/shared.ts';
import { parseConfig, type Config } from '../../scripts/config.ts';
import type { Progress } from '../../scripts/progress.ts';
import type { Emulators } from './emulators.ts';

/** A progress reporter that says nothing. */
export const quiet: Progress = { update: () => undefined, log: () => undefined };

/** The key extractScenario pseudonymises with when the workspace's configuration has none. */
const defaultPseudonymisationKey = 'sandbox-workspace-test-key';

export interface SandboxWorkspace {
  readonly dir: string;
  readonly scenario: Scenario;
  readonly sandbox: Sandbox;
  readonly config: Config;
}

export interface SandboxWorkspaceOptions {
  /** Sandbox options besides the scenario (a fixed clock, …). */
  readonly sandbox?: Omit<SandboxOptions, 'scenario'>;
  /** Environment entries parsed into the configuration beside the stage and warehouse URIs (PSEUDONYMISATION_KEY, …). */
  readonly env?: Readonly<Record<string, string>>;
}

/** `scenario` is the name of a bundled scenario, or a parsed one (a bundled scenario with changes). */
export async function sandboxWorkspace(
  t: TestContext,
  scenario: string | Scenario,
  options: SandboxWorkspaceOptions = {},
): Promise<SandboxWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const parsed = typeof scenario === 'string' ? await loadScenario(scenario) : scenario;
  const sandbox = await startSandbox({ ...options.sandbox, scenario: parsed });
  t.after(() => sandbox.close());
  const config = parseConfig(
    { STAGE_URI: `file://${dir}/stage`, WAREHOUSE_URI: `duckdb://${dir}/warehouse.duckdb`, ...options.env },
    dir,
  );
  return { dir, scenario: parsed, sandbox, config };
}

/**
 * The workspace on the production path: its sandbox and scenario, with a gs:// stage in a new
 * bucket of the emulators' fake-gcs-server and a BigQuery warehouse (raw dataset `dataset`) on
 * their bigquery-emulator; `env` adds configuration entries.
 */
export async function bigqueryWorkspace(
  workspace: SandboxWorkspace,
  emulators: Emulators,
  dataset: string,
  env: Readonly<Record<string, string>> = {},
): Promise<SandboxWorkspace> {
  await emulators.storage().createBucket('genesys-stage');
  const config = parseConfig(
    {
      STAGE_URI: 'gs://genesys-stage/etl',
      STAGE_SCRATCH_DIR: join(workspace.dir, 'scratch'),
      WAREHOUSE_URI: `bigquery://${emulators.projectId}/${dataset}?location=EU`,
      ...env,
      ...emulators.env(),
    },
    workspace.dir,
  );
  return { ...workspace, config };
}

/**
 * Extracts the workspace's scenario into its warehouse through one sandbox client: command
 * 'test', the scenario's windows, the configuration's pseudonymisation key (or a test key),
 * quiet progress, 10 ms job polls; any of those can be overridden. Asserts that every
 * reconciliation line balances (loaded + quarantined = received) and returns the result.
 */
export async function extractScenario(
  workspace: SandboxWorkspace,
  overrides: Partial<ExtractAndLoadOptions> = {},
): Promise<PipelineResult> {
  const { scenario, sandbox, config } = workspace;
  const { progress = quiet, clients = [sandboxClient(config, sandbox, progress, 0)], ...rest } = overrides;
  const result = await extractAndLoad(config, {
    command: 'test',
    windows: scenarioWindows(scenario),
    pseudonymisationKey: config.pseudonymisationKey ?? defaultPseudonymisationKey,
    jobPollMs: 10,
    ...rest,
    clients,
    progress,
  });
  for (const line of result.reconciliation) assert.equal(line.loaded + line.quarantined, line.received, line.stream);
  return result;
}
