/**
 * extract → stage → load for a set of windows, recorded in etl_runs. After loading it checks,
 * per stream, that every record received was either loaded or quarantined, and fails the run
 * when that does not hold.
 */
import { randomBytes } from 'node:crypto';
import { totals, type RunCounts } from '../extract/counts.ts';
import { LoadError } from '../extract/errors.ts';
import { extractRun } from '../extract/extract-run.ts';
import type { GenesysClient } from '../extract/genesys/client.ts';
import type { Pseudonymiser } from '../extract/pseudonymise.ts';
import type { ConversationJobOptions } from '../extract/streams/conversation-jobs.ts';
import type { Window } from '../extract/window.ts';
import { openDuckdbWarehouse, type LoadResult } from '../load/duckdb-warehouse.ts';
import { quoteLiteral } from '../load/duckdb-sql.ts';
import { tables, type StreamName } from '../load/tables.ts';
import type { Progress } from './progress.ts';

export interface PipelineOptions {
  readonly command: string;
  readonly client: GenesysClient;
  readonly windows: readonly Window[];
  readonly stageDir: string;
  readonly warehousePath: string;
  readonly pseudonymise: Pseudonymiser;
  readonly job: ConversationJobOptions;
  readonly recordingConcurrency: number;
  readonly progress: Progress;
}

export interface StreamReconciliation {
  readonly stream: StreamName;
  readonly received: number;
  readonly loaded: number;
  readonly quarantined: number;
}

export interface PipelineResult {
  readonly runId: string;
  readonly counts: RunCounts;
  readonly load: LoadResult;
  readonly reconciliation: readonly StreamReconciliation[];
  readonly apiRequests: number;
}

export const newRunId = (now = new Date()): string =>
  `${now
    .toISOString()
    .replaceAll(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const runId = newRunId();
  const { progress } = options;
  const warehouse = await openDuckdbWarehouse(options.warehousePath);
  const first = options.windows[0];
  const last = options.windows.at(-1);
  let counts: RunCounts = {};
  try {
    await warehouse.startRun({
      runId,
      command: options.command,
      windowStart: first?.start ?? null,
      windowEnd: last?.end ?? null,
    });
    progress.log(
      `run ${runId}: ${options.windows.length} window(s) from ${first?.start ?? '-'} to ${last?.end ?? '-'}`,
    );
    const extracted = await extractRun({
      runId,
      client: options.client,
      stageDir: options.stageDir,
      windows: options.windows,
      pseudonymise: options.pseudonymise,
      job: options.job,
      recordingConcurrency: options.recordingConcurrency,
      onProgress: (message) => {
        progress.update(`extract: ${message}`);
      },
    });
    counts = extracted.counts;
    const sum = totals(counts);
    progress.log(
      `extracted ${sum.received} records (${sum.quarantined} quarantined) in ${extracted.manifest.files.length} ` +
        `Parquet files, ${options.client.stats.requests} API requests`,
    );
    const load = await warehouse.loadManifest(extracted.manifest, options.stageDir, (file, index) => {
      progress.update(`load: ${index + 1}/${extracted.manifest.files.length} ${file.path}`);
    });
    progress.log(`loaded ${load.filesLoaded} files into ${options.warehousePath}`);

    const reconciliation: StreamReconciliation[] = [];
    for (const [stream, entry] of Object.entries(counts) as [StreamName, NonNullable<RunCounts[StreamName]>][]) {
      const [row] = await warehouse.query(
        `select (select count(*) from ${tables[stream].table} where _run_id = ${quoteLiteral(runId)}) as loaded,
                (select count(*) from etl_quarantine where _run_id = ${quoteLiteral(runId)}
                   and stream = ${quoteLiteral(stream)}) as quarantined`,
      );
      const loaded = Number(row?.['loaded'] ?? 0);
      const quarantined = Number(row?.['quarantined'] ?? 0);
      reconciliation.push({ stream, received: entry.received, loaded, quarantined });
      if (loaded + quarantined !== entry.received) {
        throw new LoadError(
          `Stream ${stream}: received ${entry.received} records but loaded ${loaded} and quarantined ${quarantined}.`,
        );
      }
    }
    await warehouse.finishRun(runId, {
      status: 'succeeded',
      received: sum.received,
      loaded: sum.staged,
      quarantined: sum.quarantined,
      apiRequests: options.client.stats.requests,
    });
    return { runId, counts, load, reconciliation, apiRequests: options.client.stats.requests };
  } catch (error) {
    const sum = totals(counts);
    await warehouse
      .finishRun(runId, {
        status: 'failed',
        received: sum.received,
        loaded: sum.staged,
        quarantined: sum.quarantined,
        apiRequests: options.client.stats.requests,
        errorMessage: error instanceof Error ? error.message : String(error),
      })
      .catch(() => undefined);
    throw error;
  } finally {
    warehouse.close();
  }
}
