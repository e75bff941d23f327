/** Wiring shared by the commands: config → client, pipeline, dbt. */
import { createGenesysClient, type GenesysClient } from '../../extract/genesys/client.ts';
import type { GatewayOptions } from '../../extract/genesys/sdk.ts';
import { createPseudonymiser } from '../../extract/pseudonymise.ts';
import type { Window } from '../../contract/window.ts';
import type { Config } from '../config.ts';
import { runDbt } from '../dbt.ts';
import type { Progress } from '../progress.ts';
import { runPipeline, type PipelineResult } from '../run-pipeline.ts';

export function clientFor(
  config: Config,
  credentials: { clientId: string; clientSecret: string },
  progress: Progress,
  gateway: GatewayOptions | undefined = config.genesys.gateway,
  requestsPerMinute: number = config.genesys.requestsPerMinute,
): GenesysClient {
  return createGenesysClient({
    regionHost: config.genesys.regionHost,
    gateway,
    ...credentials,
    requestsPerMinute,
    timeoutMs: config.genesys.timeoutMs,
    onRetry: (event) => {
      progress.update(`retrying ${event.operation} in ${event.delayMs} ms (${event.reason})`);
    },
  });
}

export async function extractAndLoad(
  config: Config,
  options: {
    command: string;
    clients: readonly [GenesysClient, ...GenesysClient[]];
    windows: readonly Window[];
    pseudonymisationKey: string | null;
    progress: Progress;
    jobPollMs?: number;
    parallel?: number;
    skipSucceeded?: boolean;
  },
): Promise<PipelineResult> {
  return runPipeline({
    command: options.command,
    clients: options.clients,
    windows: options.windows,
    stageDir: config.stageDir,
    warehousePath: config.warehousePath,
    pseudonymise: createPseudonymiser(options.pseudonymisationKey),
    job: {
      pageSize: config.genesys.jobPageSize,
      pollIntervalMs: options.jobPollMs ?? config.genesys.jobPollMs,
      jobTimeoutMs: config.genesys.jobTimeoutMs,
    },
    custody: {
      audit: {
        pollIntervalMs: options.jobPollMs ?? config.genesys.jobPollMs,
        timeoutMs: config.genesys.jobTimeoutMs,
        pageSize: config.genesys.auditPageSize,
      },
      orgAuditServices: config.genesys.orgAuditServices,
      retentionThresholdDays: config.genesys.retentionThresholdDays,
    },
    recordingConcurrency: config.genesys.recordingConcurrency,
    parallel: options.parallel ?? 1,
    skipSucceeded: options.skipSucceeded ?? false,
    progress: options.progress,
  });
}

export async function buildModels(config: Config, progress: Progress): Promise<void> {
  progress.log('running dbt build');
  await runDbt(['build'], {
    warehousePath: config.warehousePath,
    vars: { org_timezone: config.orgTimezone, screen_coverage_threshold: config.screenCoverageThreshold },
    progress,
  });
}
