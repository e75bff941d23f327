/** The bench's sandbox: in-process (loopback, today's) or a child process (the pipeline measured alone). */
import {
  applyOverrides,
  spawnSandbox,
  startSandbox,
  type SandboxCredentials,
  type SandboxStats,
  type Scenario,
  type ServeOptions,
} from '../../sandbox/index.ts';
import type { SandboxEndpoint } from '../commands/sandbox-wiring.ts';

export interface BenchSandboxReport {
  readonly requests: number;
  readonly byStatus: Readonly<Record<string, number>>;
  /** API requests per OAuth client, in the order of `credentials` (counted by the sandbox, per token). */
  readonly perClient: readonly { readonly requests: number; readonly responses429: number }[];
  /** Only for a sandbox in its own process. */
  readonly cpuSeconds?: number;
  readonly peakRssMiB?: number;
}

export interface BenchSandbox extends SandboxEndpoint {
  readonly credentials: readonly SandboxCredentials[];
  close(): Promise<BenchSandboxReport>;
}

export interface BenchSandboxOptions {
  readonly place: 'in-process' | 'process';
  /** The scenario name or file, as the child process loads it. */
  readonly scenarioName: string;
  readonly scenario: Scenario;
  readonly overrides: Pick<ServeOptions, 'rateLimit' | 'days' | 'callsPerDay'>;
  readonly latencyMs: number;
  readonly clients: number;
}

/** The sandbox's per-client counts, in the order of the credentials. */
function perClient(
  credentials: readonly SandboxCredentials[],
  byClient: SandboxStats['byClient'],
): BenchSandboxReport['perClient'] {
  return credentials.map(({ clientId }) => ({
    requests: byClient[clientId]?.requests ?? 0,
    responses429: byClient[clientId]?.byStatus['429'] ?? 0,
  }));
}

export async function openBenchSandbox(options: BenchSandboxOptions): Promise<BenchSandbox> {
  const { latencyMs, clients } = options;
  if (options.place === 'process') {
    const child = await spawnSandbox({ scenario: options.scenarioName, latencyMs, clients, ...options.overrides });
    return {
      host: child.host,
      port: child.port,
      clientId: child.clientId,
      clientSecret: child.clientSecret,
      credentials: child.credentials,
      close: async () => {
        const report = await child.close();
        return {
          requests: report.requests,
          byStatus: report.byStatus,
          perClient: perClient(child.credentials, report.byClient),
          cpuSeconds: Number(((report.cpuUserMs + report.cpuSystemMs) / 1000).toFixed(1)),
          peakRssMiB: report.peakRssMiB,
        };
      },
    };
  }
  const sandbox = await startSandbox({
    scenario: applyOverrides(options.scenario, options.overrides),
    latencyMs,
    clients,
  });
  return {
    host: sandbox.host,
    port: sandbox.port,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    credentials: sandbox.credentials,
    close: async () => {
      const { requests, byStatus, byClient } = sandbox.stats();
      await sandbox.close();
      return { requests, byStatus, perClient: perClient(sandbox.credentials, byClient) };
    },
  };
}
