/** The bench's sandbox: in-process (loopback, today's) or a child process (the pipeline measured alone). */
import {
  applyOverrides,
  spawnSandbox,
  startSandbox,
  type SandboxCredentials,
  type Scenario,
  type ServeOptions,
} from '../../sandbox/index.ts';
import type { SandboxEndpoint } from '../commands/sandbox-wiring.ts';

export interface BenchSandboxReport {
  readonly requests: number;
  readonly byStatus: Readonly<Record<string, number>>;
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
      const { requests, byStatus } = sandbox.stats();
      await sandbox.close();
      return { requests, byStatus };
    },
  };
}
