/**
 * The orchestrator: the one place that knows extract, stage and warehouse. It pulls batches from
 * the extractors, writes them through the Stage, loads each window's files through the
 * Warehouse, reconciles three independent counts and records the window in the ledger
 * (DESIGN decision 2). On a warehouse whose loads are rationed (BigQuery) committed windows wait
 * to be loaded together, one load job per table, and are recorded together once loaded
 * (pipeline/load-batch.ts). A crash loses at most the windows in flight or waiting for their load; a window whose end is later
 * than the API's dataAvailabilityDate is recorded as provisional, to be extracted again.
 *
 * Cancellation: one failed window, or the caller's signal (Ctrl-C), aborts the run's signal.
 * No window starts after that; windows still extracting are abandoned (their open stage parts
 * discarded, recorded `interrupted`), windows already committing finish their commit. The run
 * returns only once every window has settled.
 *
 * A window whose detail job holds more results than the API pages through (the result cap) is
 * dropped from the stage and extracted as smaller windows instead (pipeline/window-split.ts);
 * the run remembers the smaller size, so its later windows are split before their jobs run.
 * The ledger records the parts, which together cover the window (plan.ts counts it done).
 *
 * Budget: the run-level streams extract alongside the windows, not before them, and every unit
 * of work (the run-level streams, each window) leases the least loaded OAuth client of the pool
 * (pipeline/client-pool.ts); the per-conversation recording reads go through whichever client has
 * the shortest queue, so no client's budget idles while a window waits for its detail job.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Batch } from '../contract/batch.ts';
import { settleEach } from '../contract/concurrency.ts';
import { InterruptedError, ReconciliationError, ResultCapError } from '../contract/errors.ts';
import type { StreamName } from '../contract/tables.ts';
import type { Window } from '../contract/window.ts';
import { dimensionBatches } from '../extract/extract-dimensions.ts';
import { recordingsBatch, windowBatches, type WindowExtractionOptions } from '../extract/extract-window.ts';
import type { GenesysClient } from '../extract/genesys/client.ts';
import { fetchDataAvailability } from '../extract/streams/conversation-jobs.ts';
import type { StagedFile } from '../load/manifest.ts';
import type { Stage } from '../load/stage.ts';
import type { FileLoad, StreamStateEntry, Warehouse, WindowRecord, WindowStatus } from '../load/warehouse.ts';
import { clientPool, type ClientPool } from './client-pool.ts';
import { commitQueue, type CommitQueue } from './commit-queue.ts';
import { loadBatcher, type LoadBatcher, type QueuedLoad } from './load-batch.ts';
import { remainingParts, windowStream } from './plan.ts';
import {
  addBatch,
  addReconciliation,
  newTallies,
  reconcileWindow,
  type StreamReconciliation,
  type Tallies,
} from './reconcile.ts';
import { partition, splitForCap } from './window-split.ts';

/** Progress for long steps (the CLI redraws a line on a terminal, prints one every few seconds in a log). */
export interface Progress {
  update(message: string): void;
  /** Prints a line that stays. */
  log(message: string): void;
}

export interface PipelineOptions {
  readonly runId: string;
  readonly command: string;
  /**
   * One client per OAuth client (interchangeable: same org, roles and divisions), each within its
   * own budget; the run's units of work and recording reads are spread over them by load.
   */
  readonly clients: readonly [GenesysClient, ...GenesysClient[]];
  readonly windows: readonly Window[];
  readonly stage: Stage;
  readonly warehouse: Warehouse;
  readonly extraction: WindowExtractionOptions & {
    /** `retentionThresholdDays` of the recording retention query. */
    readonly retentionThresholdDays: number;
    /** The retention query sweeps every recording at most this often (ms; default: every run). */
    readonly retentionSweepEveryMs?: number;
  };
  /** When the run starts, for the schedule of scheduled streams (default: the wall clock). */
  readonly now?: Date | undefined;
  /** Windows extracted at once. */
  readonly parallel?: number;
  /** Skip windows some earlier run completed as final (backfill); `run` re-extracts its look-back. */
  readonly skipCompleted?: boolean;
  /**
   * Extract the run-level streams (listings, lifecycle, re-reads of unsettled recordings) beside
   * the windows (default true). A scheduler's background backfill leaves them to its ticks.
   */
  readonly runLevelStreams?: boolean;
  readonly progress: Progress;
  /** Aborting it interrupts the run (finished windows are kept). */
  readonly signal?: AbortSignal | undefined;
}

export interface PipelineResult {
  readonly runId: string;
  /** Per stream over the whole run: received = loaded + quarantined, each measured on its own. */
  readonly reconciliation: readonly StreamReconciliation[];
  readonly windowsExtracted: number;
  readonly windowsSkipped: number;
  readonly filesStaged: number;
  readonly apiRequests: number;
}

/** Recordings re-read per batch when earlier runs saw them unsettled. */
const unsettledBatchSize = 500;

export const newRunId = (now = new Date()): string =>
  `${now
    .toISOString()
    .replaceAll(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;

interface RunContext {
  readonly options: PipelineOptions;
  readonly signal: AbortSignal;
  readonly totals: Map<StreamName, StreamReconciliation>;
  /** The longest window one detail job may cover, learned from the result cap (Infinity until then). */
  maxWindowMs: number;
  /** Window commits, run behind the extraction of the next windows. */
  readonly commits: CommitQueue;
  /** The OAuth clients, leased per unit of work by load. */
  readonly pool: ClientPool;
  /** Committed windows waiting for their load (at once without batching; pipeline/load-batch.ts). */
  readonly loads: LoadBatcher<PendingCommit>;
}

/** The ledger writes of one committed unit. */
interface LedgerWrites {
  readonly windows: readonly WindowRecord[];
  readonly states: readonly StreamStateEntry[];
}

/** A committed unit (a window, or the run-level streams) whose staged files wait for their load. */
interface PendingCommit extends QueuedLoad {
  /** Names it in reconciliation errors. */
  readonly label: string;
  readonly tallies: Tallies;
  /** What the ledger records once its files are loaded and its counts reconcile. */
  readonly committed: (lines: readonly StreamReconciliation[]) => LedgerWrites;
  /** What the ledger records when its load or its reconciliation failed. */
  readonly failed: (error: unknown) => LedgerWrites;
}

/**
 * Views of clients that count the calls made through any of them (for one window's ledger
 * record) and send none once the run is aborted.
 */
function callCounter(signal: AbortSignal): { through: (client: GenesysClient) => GenesysClient; calls: () => number } {
  let calls = 0;
  return {
    through: (client) => ({
      call: (operation, send) => {
        signal.throwIfAborted();
        calls += 1;
        return client.call(operation, send);
      },
      stats: client.stats,
    }),
    calls: () => calls,
  };
}

async function writeBatch(stage: Stage, batch: Batch, window: Window | null): Promise<void> {
  const lineage = {
    extractedAt: batch.extractedAt,
    windowStart: window?.start ?? null,
    windowEnd: window?.end ?? null,
  };
  for (const [stream, rows] of Object.entries(batch.rows) as [StreamName, never[]][]) {
    await stage.write(stream, rows, lineage);
  }
  await stage.write('quarantine', batch.quarantined, lineage);
}

/**
 * Loads the files of committed units in one call (one load job per table on BigQuery), reconciles
 * each unit on its own files, and records them all in the ledger at once: a window is recorded
 * done only once every file of the load is in the warehouse. A unit that does not reconcile is
 * recorded failed (the others are kept) and its error thrown.
 */
async function loadCommits(context: RunContext, units: readonly PendingCommit[]): Promise<void> {
  const { warehouse, runId } = context.options;
  const record = (writes: readonly LedgerWrites[]): Promise<void> =>
    warehouse.ledger.recordWindows(
      writes.flatMap((entry) => entry.windows),
      writes.flatMap((entry) => entry.states),
    );
  let loads: FileLoad[];
  try {
    loads = await warehouse.load(
      runId,
      units.flatMap((unit) => unit.files),
    );
  } catch (error) {
    await record(units.map((unit) => unit.failed(error))).catch(() => undefined);
    throw error;
  }
  const byFile = new Map(loads.map((load) => [load.file.fileId, load]));
  const loadOf = (file: StagedFile): FileLoad =>
    byFile.get(file.fileId) ?? { file, rowsLoaded: 0, alreadyLoaded: false };
  const writes: LedgerWrites[] = [];
  const errors: unknown[] = [];
  for (const unit of units) {
    try {
      const lines = reconcileWindow(unit.label, unit.tallies, unit.files.map(loadOf));
      addReconciliation(context.totals, lines);
      writes.push(unit.committed(lines));
    } catch (error) {
      errors.push(error);
      writes.push(unit.failed(error));
    }
  }
  await record(writes);
  if (errors.length > 0) throw errors[0];
}

/** Ledger state of the retention sweep: when the last one that was loaded started (ISO-8601). */
export const retentionSweepKey = 'recording_lifecycle.last_sweep';
/** Ledger state of the bulk jobs whose failed recordings were read for good (a JSON array of job ids). */
export const jobFailuresReadKey = 'recording_job_failures.jobs_read';

/** Whether the retention sweep is due: never swept, or the last sweep is at least `everyMs` old. */
export function retentionSweepDue(lastSweep: string | null, now: Date, everyMs = 0): boolean {
  return lastSweep === null || now.getTime() - Date.parse(lastSweep) >= everyMs;
}

/** What the run-level streams need from the warehouse, read before any window of the run commits. */
interface RunLevelState {
  readonly retentionSweep: boolean;
  readonly jobsRead: readonly string[];
  /** Conversations whose recordings earlier runs saw unsettled. */
  readonly unsettled: readonly string[];
}

async function runLevelState(context: RunContext, startedAt: Date): Promise<RunLevelState> {
  const { warehouse, extraction } = context.options;
  return {
    retentionSweep: retentionSweepDue(
      await warehouse.ledger.streamState(retentionSweepKey),
      startedAt,
      extraction.retentionSweepEveryMs,
    ),
    jobsRead: parseJobIds(await warehouse.ledger.streamState(jobFailuresReadKey)),
    unsettled: await warehouse.unsettledConversationIds(),
  };
}

/**
 * The run-level streams (listings, lifecycle, re-reads of unsettled recordings), committed as one
 * unit through the commit queue; they extract alongside the windows, on a leased client, the
 * re-reads spread over every client. What grows with the org's history is read incrementally,
 * with its state in the ledger (saved only once the unit is loaded): the retention query, which
 * can only list every recording, sweeps on its own schedule (GENESYS_RETENTION_SWEEP_EVERY), and
 * the failed recordings of a finished bulk job are read once. The marts do not depend on the
 * sweep: a recording's lifecycle dates come with every recording read, and custody events are
 * extracted per window. On failure its open stage parts are dropped and the error thrown.
 */
async function extractRunLevel(context: RunContext, state: RunLevelState, startedAt: Date): Promise<void> {
  const { options } = context;
  const lease = context.pool.lease();
  const counting = callCounter(context.signal);
  const client = counting.through(lease.client);
  const tallies = newTallies();
  const { retentionSweep, unsettled } = state;
  const jobsRead = new Set(state.jobsRead);
  const jobsReadBefore = jobsRead.size;
  const pull = async (batches: AsyncIterable<Batch>): Promise<void> => {
    for await (const batch of batches) {
      context.signal.throwIfAborted();
      await writeBatch(options.stage, batch, null);
      addBatch(tallies, batch);
    }
  };
  try {
    options.progress.update('extract: users, queues, divisions, policies, data actions, recording jobs and lifecycles');
    await pull(
      dimensionBatches({
        client,
        pseudonymise: options.extraction.pseudonymise,
        retentionThresholdDays: options.extraction.retentionThresholdDays,
        retentionSweep,
        jobFailuresRead: new Set(jobsRead),
        onJobFailuresRead: (jobId) => jobsRead.add(jobId),
      }),
    );
    // Recordings seen unsettled by earlier runs are read again, whatever their window.
    if (unsettled.length > 0) {
      options.progress.update(`extract: re-reading ${unsettled.length} conversations with unsettled recordings`);
      const reads = counting.through(context.pool.spread);
      await pull(
        (async function* () {
          for (let start = 0; start < unsettled.length; start += unsettledBatchSize) {
            const ids = unsettled.slice(start, start + unsettledBatchSize);
            yield await recordingsBatch(
              reads,
              ids,
              options.extraction.recordingConcurrency,
              options.extraction.pseudonymise,
            );
          }
        })(),
      );
    }
  } catch (error) {
    await options.stage.discardWindow(null).catch(() => undefined);
    throw error;
  } finally {
    lease.release();
  }
  // Extracted whole: committed even if the run is interrupted meanwhile, like a window. Its
  // state is saved with the load of its files, never before.
  const states: StreamStateEntry[] = [];
  if (retentionSweep) states.push({ key: retentionSweepKey, state: startedAt.toISOString() });
  if (jobsRead.size > jobsReadBefore) states.push({ key: jobFailuresReadKey, state: JSON.stringify([...jobsRead]) });
  context.commits.enqueue(async () => {
    const files = await options.stage.closeWindow(null);
    await context.loads.add({
      label: 'the run-level streams',
      files,
      tallies,
      committed: () => ({ windows: [], states }),
      failed: () => ({ windows: [], states: [] }),
    });
  });
}

const jobIdsSchema = z.array(z.string());

/** The saved job ids; a state that does not parse is dropped (those failures are simply read again). */
function parseJobIds(state: string | null): string[] {
  if (state === null) return [];
  try {
    return jobIdsSchema.parse(JSON.parse(state));
  } catch {
    return [];
  }
}

/** Extracts one window; returns its commit, for the commit queue to run (behind the next window's extraction). */
async function extractWindow(
  context: RunContext,
  window: Window,
  client: GenesysClient,
  label: string,
): Promise<() => Promise<void>> {
  const { options } = context;
  const { ledger } = options.warehouse;
  const startedAt = new Date().toISOString();
  const counting = callCounter(context.signal);
  const windowApi = counting.through(client);
  const windowRecord = (
    stream: StreamName,
    status: WindowStatus,
    counts: { received: number; loaded: number; quarantined: number },
    dataAvailabilityDate: string | null,
    errorMessage?: string,
  ): WindowRecord => ({
    runId: options.runId,
    stream,
    windowStart: window.start,
    windowEnd: window.end,
    status,
    ...counts,
    apiCalls: stream === windowStream ? counting.calls() : 0,
    dataAvailabilityDate,
    startedAt,
    errorMessage,
  });
  const failedRecord = (error: unknown, tallies: Tallies): WindowRecord => {
    const abandoned = context.signal.aborted && !(error instanceof ReconciliationError);
    const conversations = tallies.get(windowStream) ?? { received: 0, quarantined: 0 };
    return windowRecord(
      windowStream,
      abandoned ? 'interrupted' : 'failed',
      { ...conversations, loaded: 0 },
      null,
      error instanceof Error ? error.message : String(error),
    );
  };
  const failed = async (error: unknown, tallies: Tallies): Promise<never> => {
    await ledger.recordWindow(failedRecord(error, tallies)).catch(() => undefined);
    throw error;
  };

  await ledger.recordWindow(windowRecord(windowStream, 'running', { received: 0, loaded: 0, quarantined: 0 }, null));
  // Both conversation streams are recorded even when the window is empty: an empty window is done, too.
  const tallies = newTallies([windowStream, 'recordings']);
  let dataAvailabilityDate: string | undefined;
  try {
    let conversations = 0;
    let recordings = 0;
    const reads = counting.through(context.pool.spread);
    for await (const batch of windowBatches(windowApi, window, options.extraction, reads)) {
      context.signal.throwIfAborted();
      await writeBatch(options.stage, batch, window);
      addBatch(tallies, batch);
      dataAvailabilityDate = batch.dataAvailabilityDate ?? dataAvailabilityDate;
      if (batch.stream === 'conversations') conversations += batch.received;
      if (batch.stream === 'recordings') recordings += batch.received;
      options.progress.update(`${label}: ${conversations} conversations, ${recordings} recordings`);
    }
    dataAvailabilityDate ??= await fetchDataAvailability(windowApi);
  } catch (error) {
    // Abandoned: its open stage parts are dropped and it is extracted again by the next run.
    await options.stage.discardWindow(window).catch(() => undefined);
    // Too large for one job: the caller extracts it as smaller windows. Its `running` record is
    // replaced by the first part's (same run, stream and start; etl_windows is keyed by those).
    if (error instanceof ResultCapError && !context.signal.aborted) throw error;
    return failed(error, tallies);
  }
  const availableUntil = dataAvailabilityDate;
  const status = Date.parse(availableUntil) >= Date.parse(window.end) ? 'succeeded' : 'provisional';
  // From here on the window is committed even if the run is interrupted meanwhile: its files are
  // closed, then loaded (with other windows' on a batching warehouse) and recorded.
  return async () => {
    let files: StagedFile[];
    try {
      files = await options.stage.closeWindow(window);
    } catch (error) {
      return failed(error, tallies);
    }
    await context.loads.add({
      label: `Window ${window.start} → ${window.end}`,
      files,
      tallies,
      committed: (lines) => ({
        windows: lines.map((line) => windowRecord(line.stream, status, line, availableUntil)),
        states: [],
      }),
      failed: (error) => ({ windows: [failedRecord(error, tallies)], states: [] }),
    });
  };
}

const spanOf = (window: Window): string => `${window.start} → ${window.end}`;

const formatMinutes = (ms: number): string =>
  ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.round(ms / 60_000)} min`;

/**
 * Extracts a window, as parts no longer than the run's learned maximum; a part whose job goes
 * past the result cap is split (sized by how far its capped results reached) and its parts
 * extracted in turn, recursively.
 */
async function extractRange(context: RunContext, window: Window, client: GenesysClient, label: string): Promise<void> {
  const { progress } = context.options;
  const parts = partition(window, context.maxWindowMs);
  if (parts.length > 1) {
    progress.log(
      `${spanOf(window)}: extracted as ${parts.length} windows of at most ${formatMinutes(context.maxWindowMs)} ` +
        '(learned from the detail-job result cap earlier in this run)',
    );
  }
  for (const part of parts) {
    const partLabel = parts.length > 1 ? `${label} part ${part.start.slice(11, 16)}` : label;
    // At most `parallel` windows wait to commit while this one extracts; none starts once the run is aborted.
    await context.commits.room();
    context.signal.throwIfAborted();
    try {
      context.commits.enqueue(await extractWindow(context, part, client, partLabel));
    } catch (error) {
      if (!(error instanceof ResultCapError)) throw error;
      const split = splitForCap(part, error);
      if (split === undefined) {
        throw new ResultCapError(`${error.message} The window ${spanOf(part)} cannot be split any further.`, error);
      }
      context.maxWindowMs = Math.min(context.maxWindowMs, split.maxWindowMs);
      progress.log(
        `${spanOf(part)}: its detail job went past the API's cap of ${error.cap} results ` +
          `(${error.paged} paged, from ${error.first ?? 'the start'} to ${error.reached ?? 'the start'}); split into ${split.windows.length} windows ` +
          `of at most ${formatMinutes(split.maxWindowMs)}, and later windows of this run are no longer`,
      );
      for (const child of split.windows) await extractRange(context, child, client, partLabel);
    }
  }
}

const apiRequests = (options: PipelineOptions): number =>
  options.clients.reduce((sum, client) => sum + client.stats.requests, 0);

function formatEta(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

function sum(totals: Map<StreamName, StreamReconciliation>): { received: number; loaded: number; quarantined: number } {
  const result = { received: 0, loaded: 0, quarantined: 0 };
  for (const line of totals.values()) {
    result.received += line.received;
    result.loaded += line.loaded;
    result.quarantined += line.quarantined;
  }
  return result;
}

/**
 * The runs this process has started and not finished. A scheduler runs its ticks beside its
 * background backfill; a new run must not take the other one, still marked running, for dead.
 */
const liveRuns = new Set<string>();

export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const { runId, progress, stage, warehouse } = options;
  const { ledger } = warehouse;
  const controller = new AbortController();
  const interrupt = (): void => {
    const reason: unknown = options.signal?.reason;
    controller.abort(reason instanceof InterruptedError ? reason : new InterruptedError('The run was interrupted.'));
  };
  if (options.signal?.aborted) interrupt();
  options.signal?.addEventListener('abort', interrupt, { once: true });
  // A failed commit stops the run like a failed extraction.
  const commits = commitQueue(options.parallel ?? 1, (error) => {
    if (!controller.signal.aborted) controller.abort(error);
  });
  const context: RunContext = {
    options,
    signal: controller.signal,
    totals: new Map(),
    maxWindowMs: Number.POSITIVE_INFINITY,
    commits,
    pool: clientPool(options.clients),
    loads: loadBatcher<PendingCommit>({
      batching: warehouse.loadBatching,
      load: (units) => loadCommits(context, units),
      // An overdue queue is loaded behind the commits already queued, never beside them.
      onDue: () => {
        commits.enqueue(() => context.loads.flushIfDue());
      },
    }),
  };
  const first = options.windows[0];
  const last = options.windows.at(-1);
  await ledger.startRun({
    runId,
    command: options.command,
    windowStart: first?.start ?? null,
    windowEnd: last?.end ?? null,
    concurrentRunIds: [...liveRuns],
  });
  liveRuns.add(runId);
  try {
    const done = options.skipCompleted ? await ledger.completedWindows(windowStream) : new Set<string>();
    // A window earlier runs extracted in parts (result cap) is done once they cover it; only gaps are left.
    const remaining = options.windows.map((window) => remainingParts(window, done));
    const todo = remaining.flat();
    const skipped = remaining.filter((parts) => parts.length === 0).length;
    progress.log(
      `run ${runId}: ${todo.length} window(s) to extract from ${first?.start ?? '-'} to ${last?.end ?? '-'}` +
        (skipped > 0 ? ` (${skipped} already done)` : ''),
    );
    // A failure of either the run-level streams or a window stops the others.
    const stop = (error: unknown): void => {
      if (!controller.signal.aborted) controller.abort(error);
    };
    let runLevel: Promise<unknown[]> = Promise.resolve([]);
    if (options.runLevelStreams ?? true) {
      // Read before any window of this run commits (its recordings must not count as earlier runs').
      const startedAt = options.now ?? new Date();
      const state = await runLevelState(context, startedAt);
      // Settles without rejecting (its failure is collected below), alongside the windows.
      runLevel = extractRunLevel(context, state, startedAt).then(
        () => [],
        (error: unknown) => {
          stop(error);
          return [error];
        },
      );
    }

    const started = Date.now();
    let finished = 0;
    const windowFailures = await settleEach(todo, options.parallel ?? 1, controller.signal, async (window, index) => {
      const lease = context.pool.lease();
      try {
        await extractRange(
          context,
          window,
          lease.client,
          `window ${index + 1}/${todo.length} ${window.start.slice(0, 16)}`,
        );
      } catch (error) {
        // One failed window stops the others: none starts after it, those extracting are abandoned.
        stop(error);
        throw error;
      } finally {
        lease.release();
      }
      finished += 1;
      // Wall time per finished window already reflects the windows extracted in parallel.
      const eta = ((Date.now() - started) / finished) * (todo.length - finished);
      progress.update(`${finished}/${todo.length} windows extracted, ETA ${formatEta(eta)}`);
    });
    const failures = [...(await runLevel), ...windowFailures];
    // The windows still queued for their load are loaded last, interrupted or not; every queued
    // commit settles before the run returns.
    context.commits.enqueue(() => context.loads.flush());
    failures.push(...(await context.commits.drain()));
    if (controller.signal.aborted) throw controller.signal.reason ?? failures[0];
    const manifest = await stage.finish();
    const counts = sum(context.totals);
    progress.log(
      `extracted and loaded ${counts.received} records (${counts.quarantined} quarantined) in ${manifest.files.length} ` +
        `staged files, ${apiRequests(options)} API requests, into ${warehouse.uri}`,
    );
    await ledger.finishRun(runId, { status: 'succeeded', ...counts, apiRequests: apiRequests(options) });
    return {
      runId,
      reconciliation: [...context.totals.values()],
      windowsExtracted: todo.length,
      windowsSkipped: skipped,
      filesStaged: manifest.files.length,
      apiRequests: apiRequests(options),
    };
  } catch (error) {
    await stage.abort().catch(() => undefined);
    const interrupted = error instanceof InterruptedError;
    await ledger
      .finishRun(runId, {
        status: interrupted ? 'interrupted' : 'failed',
        ...sum(context.totals),
        apiRequests: apiRequests(options),
        errorMessage: error instanceof Error ? error.message : String(error),
      })
      .catch(() => undefined);
    throw error;
  } finally {
    liveRuns.delete(runId);
    context.loads.close();
    options.signal?.removeEventListener('abort', interrupt);
  }
}
