/** Configuration that points the ETL at a sandbox, for tests that run the commands. */
import type { Sandbox } from '../../sandbox/index.ts';
import { dbtPathsEnv } from './dbt-paths.ts';

/**
 * Environment variables for the sandbox's OAuth client, unlimited rate and fast job polling, with
 * the stage and warehouse under `dataDir` and this test process's dbt directories; `overrides` win.
 */
export function sandboxEnv(
  sandbox: Sandbox,
  dataDir: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    GENESYS_GATEWAY_URL: sandbox.url,
    GENESYS_CLIENT_ID: sandbox.clientId,
    GENESYS_CLIENT_SECRET: sandbox.clientSecret,
    GENESYS_REQUESTS_PER_MINUTE: '0',
    GENESYS_JOB_POLL_MS: '20',
    STAGE_URI: `file://${dataDir}/stage`,
    WAREHOUSE_URI: `duckdb://${dataDir}/warehouse.duckdb`,
    PSEUDONYMISATION_KEY: 'sandbox-test-key-0123',
    ...dbtPathsEnv(),
    ...overrides,
  };
}
