/** Wiring between the sandbox and the pipeline, shared by the demo, the bench and the tests. */
import type { GenesysClient } from '../../extract/genesys/client.ts';
import type { GatewayOptions } from '../../extract/genesys/sdk.ts';
import { planWindows, type Window } from '../../contract/window.ts';
import { conversationCount, startMsOf, type Scenario } from '../../sandbox/index.ts';
import type { Config } from '../config.ts';
import type { Progress } from '../progress.ts';
import { clientFor } from './shared.ts';

const dayMs = 86_400_000;

/** Where a sandbox listens and its (first) OAuth client: an in-process Sandbox or a SandboxProcess. */
export interface SandboxEndpoint {
  readonly host: string;
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The SDK gateway setting that reaches a sandbox on loopback. */
export const sandboxGateway = (sandbox: Pick<SandboxEndpoint, 'host' | 'port'>): GatewayOptions => ({
  host: sandbox.host,
  protocol: 'http',
  port: sandbox.port,
  loginPath: 'login',
  apiPath: 'gc',
});

/** A client that reaches a sandbox through the SDK's gateway setting (as `credentials`, default its first client). */
export function sandboxClient(
  config: Config,
  sandbox: SandboxEndpoint,
  progress: Progress,
  requestsPerMinute: number,
  credentials: { readonly clientId: string; readonly clientSecret: string } = sandbox,
): GenesysClient {
  return clientFor(
    config,
    { clientId: credentials.clientId, clientSecret: credentials.clientSecret },
    progress,
    sandboxGateway(sandbox),
    requestsPerMinute,
  );
}

/**
 * One UTC day per window over the scenario's first `days` local days: the UTC days from
 * startDate on, widened to every UTC day a call of those local days starts on (an org east of
 * UTC, or a night shift west of it, has calls on the UTC day before or after).
 */
export function scenarioWindows(scenario: Scenario, days: number = scenario.days): Window[] {
  const first = Date.parse(`${scenario.startDate}T00:00:00.000Z`);
  const calls = Math.min(days * scenario.callsPerDay, conversationCount(scenario));
  const firstCall = calls > 0 ? startMsOf(scenario, 0) : first;
  const lastCall = calls > 0 ? startMsOf(scenario, calls - 1) : first;
  const from = Math.min(first, Math.floor(firstCall / dayMs) * dayMs);
  const to = Math.max(first + days * dayMs, (Math.floor(lastCall / dayMs) + 1) * dayMs);
  return planWindows(new Date(from).toISOString(), new Date(to).toISOString(), dayMs);
}
