/** Wiring between the sandbox and the pipeline, shared by the demo, the bench and the tests. */
import type { GenesysClient } from '../../extract/genesys/client.ts';
import type { GatewayOptions } from '../../extract/genesys/sdk.ts';
import { planWindows, type Window } from '../../contract/window.ts';
import type { Sandbox, Scenario } from '../../sandbox/index.ts';
import type { Config } from '../config.ts';
import type { Progress } from '../progress.ts';
import { clientFor } from './shared.ts';

const dayMs = 86_400_000;

/** The SDK gateway setting that reaches a sandbox on loopback. */
export const sandboxGateway = (sandbox: Sandbox): GatewayOptions => ({
  host: sandbox.host,
  protocol: 'http',
  port: sandbox.port,
  loginPath: 'login',
  apiPath: 'gc',
});

/** A client that reaches the in-process sandbox through the SDK's gateway setting. */
export function sandboxClient(
  config: Config,
  sandbox: Sandbox,
  progress: Progress,
  requestsPerMinute: number,
): GenesysClient {
  return clientFor(
    config,
    { clientId: sandbox.clientId, clientSecret: sandbox.clientSecret },
    progress,
    sandboxGateway(sandbox),
    requestsPerMinute,
  );
}

/** One UTC day per window over the scenario's days (its calls all fall inside those UTC days). */
export function scenarioWindows(scenario: Scenario, days: number = scenario.days): Window[] {
  const from = `${scenario.startDate}T00:00:00.000Z`;
  return planWindows(from, new Date(Date.parse(from) + days * dayMs).toISOString(), dayMs);
}
