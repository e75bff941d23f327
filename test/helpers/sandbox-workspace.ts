/** A temporary data directory, a running sandbox and a configuration pointing at both; all removed after the test. */
import type { TestContext } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, startSandbox, type Sandbox, type Scenario } from '../../sandbox/index.ts';
import { parseConfig, type Config } from '../../scripts/config.ts';

export interface SandboxWorkspace {
  readonly dir: string;
  readonly scenario: Scenario;
  readonly sandbox: Sandbox;
  readonly config: Config;
}

export async function sandboxWorkspace(t: TestContext, scenarioName: string): Promise<SandboxWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'genesys-etl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const scenario = await loadScenario(scenarioName);
  const sandbox = await startSandbox({ scenario });
  t.after(() => sandbox.close());
  const config = parseConfig(
    { STAGE_URI: `file://${dir}/stage`, WAREHOUSE_URI: `duckdb://${dir}/warehouse.duckdb` },
    dir,
  );
  return { dir, scenario, sandbox, config };
}
