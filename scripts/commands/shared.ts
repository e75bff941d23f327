/** Wiring shared by the commands: config → client, stage, warehouse, pipeline, dbt. */
import type { Window } from '../../contract/window.ts';
import { createGenesysClient, type GenesysClient } from '../../extract/genesys/client.ts';
import type { RateLimiter } from '../../extract/genesys/rate-limiter.ts';
import type { GatewayOptions } from '../../extract/genesys/sdk.ts';
import { createPseudonymiser } from '../../extract/pseudonymise.ts';
import { openDuckdbWarehouse } from '../../load/duckdb/warehouse.ts';
import { createLocalStage } from '../../load/local-stage.ts';
import type { ParquetConverter } from '../../load/parquet-converter.ts';
import type { Stage } from '../../load/stage.ts';
import type { Warehouse } from '../../load/warehouse.ts';
import { newRunId, runPipeline, type PipelineResult } from '../../pipeline/run-pipeline.ts';
import type { Config } from '../config.ts';
import { dbtBuildArgs, runDbt } from '../dbt.ts';
import type { Progress } from '../progress.ts';
import { statusSnapshotPath, withStatusSnapshots } from '../status-snapshot.ts';

export function clientFor(
  config: Config,
  credentials: { clientId: string; clientSecret: string },
  progress: Progress,
  gateway: GatewayOptions | undefined = config.genesys.gateway,
  requestsPerMinute: number = config.genesys.requestsPerMinute,
  /** The OAuth client's budget shared with other clients of it (a scheduler's); a bucket of its own by default. */
  limiter?: RateLimiter,
): GenesysClient {
  return createGenesysClient({
    regionHost: config.genesys.regionHost,
    gateway,
    ...credentials,
    requestsPerMinute,
    limiter,
    timeoutMs: config.genesys.timeoutMs,
    transport: config.genesys.transport,
    onRetry: (event) => {
      progress.update(`retrying ${event.operation} in ${event.delayMs} ms (${event.reason})`);
    },
  });
}

/** The warehouse WAREHOUSE_URI names; the caller closes it. (config.ts has checked it pairs with the stage.) */
export async function openWarehouse(config: Config): Promise<Warehouse> {
  const { warehouse } = config;
  if (warehouse.kind === 'duckdb') {
    // What `status` reads while this process has the file (DuckDB lets no other process open it).
    return withStatusSnapshots(
      await openDuckdbWarehouse(warehouse.path, config.duckdb),
      statusSnapshotPath(warehouse.path),
    );
  }
  // The Google clients load only on the production path (importing them takes seconds).
  const [{ openBigQueryWarehouse }, { bigqueryClient, storageClient }] = await Promise.all([
    import('../../load/bigquery/warehouse.ts'),
    import('./google-clients.ts'),
  ]);
  return openBigQueryWarehouse({
    bigquery: bigqueryClient(config, warehouse.projectId, warehouse.location),
    storage: storageClient(config),
    target: { projectId: warehouse.projectId, dataset: warehouse.dataset, location: warehouse.location },
    loadBatching: config.bigqueryLoadBatching,
  });
}

/**
 * The stage STAGE_URI names, for one run. A local stage given the warehouse's converter converts
 * its parts in the warehouse's DuckDB instance (one instance per process); else it opens its own.
 */
export async function openStage(config: Config, runId: string, converter?: ParquetConverter): Promise<Stage> {
  const { stage } = config;
  if (stage.kind === 'file') {
    return createLocalStage({
      stageDir: stage.dir,
      runId,
      duckdb: config.duckdb,
      ...(converter === undefined ? {} : { converter }),
    });
  }
  const [{ createGcsStage }, { storageClient }] = await Promise.all([
    import('../../load/gcs/stage.ts'),
    import('./google-clients.ts'),
  ]);
  return createGcsStage({
    location: { bucket: stage.bucket, prefix: stage.prefix },
    storage: storageClient(config),
    runId,
    scratchDir: config.stageDir,
    duckdb: config.duckdb,
  });
}

/** Runs `work` with the warehouse open, and closes it afterwards whatever happens. */
export async function withWarehouse<T>(config: Config, work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  const warehouse = await openWarehouse(config);
  try {
    return await work(warehouse);
  } finally {
    await warehouse.close();
  }
}

export interface ExtractAndLoadOptions {
  readonly command: string;
  readonly clients: readonly [GenesysClient, ...GenesysClient[]];
  readonly windows: readonly Window[];
  readonly pseudonymisationKey: string | null;
  readonly progress: Progress;
  readonly jobPollMs?: number;
  readonly parallel?: number;
  readonly skipCompleted?: boolean;
  /** Extract the run-level streams beside the windows (default true; a scheduler's backfill leaves them to its ticks). */
  readonly runLevelStreams?: boolean;
  readonly signal?: AbortSignal | undefined;
  /** When the run starts, for scheduled streams (tests and the bench drive a sandbox clock). */
  readonly now?: Date | undefined;
  /** Wraps the stage (tests use it to break it on purpose). */
  readonly wrapStage?: (stage: Stage) => Stage;
  /** A warehouse the caller holds open (and closes); by default one is opened for the run and closed after it. */
  readonly warehouse?: Warehouse | undefined;
}

export async function extractAndLoad(config: Config, options: ExtractAndLoadOptions): Promise<PipelineResult> {
  const runId = newRunId();
  const pollIntervalMs = options.jobPollMs ?? config.genesys.jobPollMs;
  const work = async (warehouse: Warehouse): Promise<PipelineResult> => {
    const stage = await openStage(config, runId, warehouse.parquetConverter);
    return runPipeline({
      runId,
      command: options.command,
      clients: options.clients,
      windows: options.windows,
      stage: options.wrapStage === undefined ? stage : options.wrapStage(stage),
      warehouse,
      extraction: {
        pseudonymise: createPseudonymiser(options.pseudonymisationKey),
        attributeAllowlist: new Set(config.attributeAllowlist),
        job: { pageSize: config.genesys.jobPageSize, pollIntervalMs, jobTimeoutMs: config.genesys.jobTimeoutMs },
        audit: { pollIntervalMs, timeoutMs: config.genesys.jobTimeoutMs, pageSize: config.genesys.auditPageSize },
        orgAuditServices: config.genesys.orgAuditServices,
        recordingConcurrency: config.genesys.recordingConcurrency,
        retentionThresholdDays: config.genesys.retentionThresholdDays,
        retentionSweepEveryMs: config.genesys.retentionSweepEveryMs,
      },
      parallel: options.parallel ?? 1,
      skipCompleted: options.skipCompleted ?? false,
      runLevelStreams: options.runLevelStreams ?? true,
      progress: options.progress,
      signal: options.signal,
      now: options.now,
    });
  };
  return options.warehouse === undefined ? withWarehouse(config, work) : work(options.warehouse);
}

export interface BuildOptions {
  /** dbt build --full-refresh: the incremental models rebuilt from all history instead of the look-back. */
  readonly fullRefresh?: boolean;
}

/**
 * The least look-back of an incremental build: it must reach back past the previous build, or
 * what was loaded in between would be skipped, so one missed daily build is covered even when
 * EXTRACT_LOOKBACK is shorter.
 */
const minimumIncrementalLookbackMs = 48 * 3_600_000;

/**
 * dbt build. The incremental models re-process what was extracted within EXTRACT_LOOKBACK (at
 * least 48 h) before the latest extraction: var incremental_lookback_hours (README, "Incremental
 * builds").
 */
export async function buildModels(config: Config, progress: Progress, options: BuildOptions = {}): Promise<void> {
  progress.log(options.fullRefresh === true ? 'running dbt build --full-refresh' : 'running dbt build');
  await runDbt(dbtBuildArgs(options), {
    warehousePath: config.warehousePath,
    target:
      config.warehouse.kind === 'duckdb'
        ? { kind: 'duckdb' }
        : { ...config.warehouse, apiEndpoint: config.googleEndpoints.bigquery },
    duckdb: config.dbtDuckdb,
    vars: {
      org_timezone: config.orgTimezone,
      screen_coverage_threshold: config.screenCoverageThreshold,
      staging_schema: config.dbtSchemas.staging,
      marts_schema: config.dbtSchemas.marts,
      incremental_lookback_hours: Math.max(config.lookbackMs, minimumIncrementalLookbackMs) / 3_600_000,
    },
    progress,
  });
}
