/**
 * extract → stage → load, window by window (DESIGN decision 2). Each window is staged, loaded
 * and recorded in etl_windows before it counts as done, so a crash loses at most the windows in
 * flight; `skipSucceeded` (backfill) resumes at the first window no run has completed. For each
 * window and stream it checks that every record received was loaded or quarantined. A window
 * whose end is later than the API's dataAvailabilityDate is recorded as provisional: loaded, but
 * to be extracted again.
 */
import { randomBytes } from 'node:crypto';
import { mapWithConcurrency } from '../contract/concurrency.ts';
import { totals, type RunCounts } from '../extract/counts.ts';
import { LoadError } from '../contract/errors.ts';
import { extractDimensions } from '../extract/extract-dimensions.ts';
import { extractCustodyWindow } from '../extract/extract-custody.ts';
import { extractConversationWindow, stageRecordings } from '../extract/extract-window.ts';
import type { AuditQueryOptions } from '../extract/streams/audit-transactions.ts';
import type { GenesysClient } from '../extract/genesys/client.ts';
import type { Pseudonymiser } from '../extract/pseudonymise.ts';
import { fetchDataAvailability, type ConversationJobOptions } from '../extract/streams/conversation-jobs.ts';
import type { Window } from '../contract/window.ts';
import { quoteLiteral } from '../load/duckdb-sql.ts';
import { openDuckdbWarehouse, type Warehouse } from '../load/duckdb-warehouse.ts';
import { createStageWriter, type StageWriter } from '../load/stage-writer.ts';
import { tables, type StreamName } from '../contract/tables.ts';
import type { Progress } from './progress.ts';

export interface PipelineOptions {
  readonly command: string;
  /** One client per OAuth client; windows are shared among them round-robin, each within its own budget. */
  readonly clients: readonly [GenesysClient, ...GenesysClient[]];
  readonly windows: readonly Window[];
  readonly stageDir: string;
  readonly warehousePath: string;
  readonly pseudonymise: Pseudonymiser;
  readonly job: ConversationJobOptions;
  readonly custody: {
    readonly audit: AuditQueryOptions;
    readonly orgAuditServices: readonly string[];
    readonly retentionThresholdDays: number;
  };
  readonly recordingConcurrency: number;
  /** Windows extracted at once. */
  readonly parallel?: number;
  /** Skip windows some earlier run completed as final (backfill); `run` re-extracts its look-back. */
  readonly skipSucceeded?: boolean;
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
  readonly windowsExtracted: number;
  readonly windowsSkipped: number;
  readonly reconciliation: readonly StreamReconciliation[];
  readonly apiRequests: number;
}

/** The stream name windows of conversation data are recorded under in etl_windows. */
export const conversationWindowStream = 'conversations';

export const newRunId = (now = new Date()): string =>
  `${now
    .toISOString()
    .replaceAll(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;

const windowKey = (window: Window): string => `${window.start}|${window.end}`;

/** Counts, per stream, what this run loaded and quarantined for one window (null: the dimension streams). */
async function reconcile(
  warehouse: Warehouse,
  runId: string,
  window: Window | null,
  counts: RunCounts,
): Promise<StreamReconciliation[]> {
  const windowFilter =
    window === null ? '_window_start is null' : `_window_start = ${quoteLiteral(window.start)}::timestamptz`;
  const result: StreamReconciliation[] = [];
  for (const [stream, entry] of Object.entries(counts) as [StreamName, NonNullable<RunCounts[StreamName]>][]) {
    const [row] = await warehouse.query(
      `select (select count(*) from ${tables[stream].table} where _run_id = ${quoteLiteral(runId)} and ${windowFilter}) as loaded,
              (select count(*) from etl_quarantine where _run_id = ${quoteLiteral(runId)} and ${windowFilter}
                 and stream = ${quoteLiteral(stream)}) as quarantined`,
    );
    const loaded = Number(row?.['loaded'] ?? 0);
    const quarantined = Number(row?.['quarantined'] ?? 0);
    if (loaded + quarantined !== entry.received) {
      throw new LoadError(
        `Stream ${stream}${window === null ? '' : ` window ${window.start}`}: received ${entry.received} records ` +
          `but loaded ${loaded} and quarantined ${quarantined}.`,
      );
    }
    result.push({ stream, received: entry.received, loaded, quarantined });
  }
  return result;
}

function addCounts(into: RunCounts, from: RunCounts): void {
  for (const [stream, entry] of Object.entries(from) as [StreamName, NonNullable<RunCounts[StreamName]>][]) {
    const target = (into[stream] ??= { received: 0, staged: 0, quarantined: 0 });
    target.received += entry.received;
    target.staged += entry.staged;
    target.quarantined += entry.quarantined;
  }
}

/** A view of the client that counts the calls made through it (for one window's etl_windows row). */
function countingClient(client: GenesysClient): { client: GenesysClient; calls: () => number } {
  let calls = 0;
  return {
    client: {
      call: (operation, send) => {
        calls += 1;
        return client.call(operation, send);
      },
      stats: client.stats,
    },
    calls: () => calls,
  };
}

interface RunContext {
  readonly options: PipelineOptions;
  readonly runId: string;
  readonly warehouse: Warehouse;
  readonly stage: StageWriter;
  readonly totals: RunCounts;
}

async function commitWindow(context: RunContext, window: Window | null, counts: RunCounts): Promise<void> {
  const files = await context.stage.closeWindow(window?.start ?? null, window?.end ?? null);
  await context.warehouse.loadFiles(context.runId, files, context.options.stageDir);
  await reconcile(context.warehouse, context.runId, window, counts);
  addCounts(context.totals, counts);
}

async function extractWindow(context: RunContext, window: Window, client: GenesysClient, label: string): Promise<void> {
  const startedAt = new Date().toISOString();
  // Both streams are recorded even when the window is empty: an empty window is done, too.
  const counts: RunCounts = {
    conversations: { received: 0, staged: 0, quarantined: 0 },
    recordings: { received: 0, staged: 0, quarantined: 0 },
  };
  const counting = countingClient(client);
  const reported =
    (await extractConversationWindow({
      client: counting.client,
      stage: context.stage,
      window,
      counts,
      pseudonymise: context.options.pseudonymise,
      job: context.options.job,
      recordingConcurrency: context.options.recordingConcurrency,
      onProgress: (event) => {
        context.options.progress.update(
          `${label}: ${event.conversations} conversations, ${event.recordings} recordings`,
        );
      },
    })) ?? (await fetchDataAvailability(counting.client));
  await extractCustodyWindow({
    client: counting.client,
    stage: context.stage,
    window,
    counts,
    pseudonymise: context.options.pseudonymise,
    audit: context.options.custody.audit,
    orgAuditServices: context.options.custody.orgAuditServices,
  });
  await commitWindow(context, window, counts);
  const isFinal = Date.parse(reported) >= Date.parse(window.end);
  for (const [stream, entry] of Object.entries(counts) as [StreamName, NonNullable<RunCounts[StreamName]>][]) {
    await context.warehouse.recordWindow({
      runId: context.runId,
      stream,
      windowStart: window.start,
      windowEnd: window.end,
      status: isFinal ? 'succeeded' : 'provisional',
      received: entry.received,
      loaded: entry.staged,
      quarantined: entry.quarantined,
      apiCalls: stream === conversationWindowStream ? counting.calls() : 0,
      dataAvailabilityDate: reported,
      startedAt,
    });
  }
}

const apiRequests = (options: PipelineOptions): number =>
  options.clients.reduce((sum, client) => sum + client.stats.requests, 0);

function formatEta(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const runId = newRunId();
  const { progress } = options;
  const warehouse = await openDuckdbWarehouse(options.warehousePath);
  const stage = await createStageWriter({ stageDir: options.stageDir, runId });
  const context: RunContext = { options, runId, warehouse, stage, totals: {} };
  const first = options.windows[0];
  const last = options.windows.at(-1);
  try {
    await warehouse.startRun({
      runId,
      command: options.command,
      windowStart: first?.start ?? null,
      windowEnd: last?.end ?? null,
    });
    const done = options.skipSucceeded ? await warehouse.succeededWindows(conversationWindowStream) : new Set<string>();
    const todo = options.windows.filter((window) => !done.has(windowKey(window)));
    progress.log(
      `run ${runId}: ${todo.length} window(s) to extract from ${first?.start ?? '-'} to ${last?.end ?? '-'}` +
        (todo.length < options.windows.length ? ` (${options.windows.length - todo.length} already done)` : ''),
    );

    progress.update('extract: users, queues, divisions, policies, data actions, recording jobs and lifecycles');
    const dimensionCounts: RunCounts = {};
    await extractDimensions({
      client: options.clients[0],
      stage,
      counts: dimensionCounts,
      pseudonymise: options.pseudonymise,
      retentionThresholdDays: options.custody.retentionThresholdDays,
    });
    // Recordings seen unsettled by earlier runs are read again, whatever their window.
    const unsettled = await warehouse.unsettledConversationIds();
    if (unsettled.length > 0) {
      progress.update(`extract: re-reading ${unsettled.length} conversations with unsettled recordings`);
      await stageRecordings(
        {
          client: options.clients[0],
          stage,
          counts: dimensionCounts,
          recordingConcurrency: options.recordingConcurrency,
        },
        unsettled,
        { extractedAt: new Date().toISOString(), windowStart: null, windowEnd: null },
      );
    }
    await commitWindow(context, null, dimensionCounts);

    const started = Date.now();
    let finished = 0;
    await mapWithConcurrency(todo, options.parallel ?? 1, async (window, index) => {
      const client = options.clients[index % options.clients.length] ?? options.clients[0];
      await extractWindow(context, window, client, `window ${index + 1}/${todo.length} ${window.start.slice(0, 16)}`);
      finished += 1;
      // Wall time per finished window already reflects the windows extracted in parallel.
      const eta = ((Date.now() - started) / finished) * (todo.length - finished);
      progress.update(`${finished}/${todo.length} windows done, ETA ${formatEta(eta)}`);
    });

    const manifest = await stage.finish();
    const sum = totals(context.totals);
    progress.log(
      `extracted and loaded ${sum.received} records (${sum.quarantined} quarantined) in ${manifest.files.length} ` +
        `Parquet files, ${apiRequests(options)} API requests, into ${options.warehousePath}`,
    );
    await warehouse.finishRun(runId, {
      status: 'succeeded',
      received: sum.received,
      loaded: sum.staged,
      quarantined: sum.quarantined,
      apiRequests: apiRequests(options),
    });
    const reconciliation = (Object.entries(context.totals) as [StreamName, NonNullable<RunCounts[StreamName]>][]).map(
      ([stream, entry]) => ({ stream, received: entry.received, loaded: entry.staged, quarantined: entry.quarantined }),
    );
    return {
      runId,
      counts: context.totals,
      windowsExtracted: todo.length,
      windowsSkipped: options.windows.length - todo.length,
      reconciliation,
      apiRequests: apiRequests(options),
    };
  } catch (error) {
    await stage.abort().catch(() => undefined);
    const sum = totals(context.totals);
    await warehouse
      .finishRun(runId, {
        status: 'failed',
        received: sum.received,
        loaded: sum.staged,
        quarantined: sum.quarantined,
        apiRequests: apiRequests(options),
        errorMessage: error instanceof Error ? error.message : String(error),
      })
      .catch(() => undefined);
    throw error;
  } finally {
    warehouse.close();
  }
}
