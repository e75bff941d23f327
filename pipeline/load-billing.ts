/**
 * Loads one billing file (finance's CSV, extract/billing/) through the stage and the warehouse,
 * like a run-level stream: valid lines into raw_finance__billed_interactions, rejected ones into
 * etl_quarantine with their line and reason, and lines read = loaded + quarantined checked
 * against the rows the warehouse counted; the load is a run of its own in etl_runs (command
 * load-billing). Exactly once per file content: the load is keyed on
 * the file's sha256 in the ledger's stream state (`billing_file.<sha256>`), so loading the same
 * file again (under any name) loads nothing. Should a process die between the load and that
 * record, staging still counts each (invoice_id, conversation_id) once.
 */
import { basename } from 'node:path';
import { ReconciliationError } from '../contract/errors.ts';
import { inspectBillingFile, readBillingFile } from '../extract/billing/read-billing-file.ts';
import type { Stage } from '../load/stage.ts';
import type { Warehouse } from '../load/warehouse.ts';
import { addBatch, newTallies, reconcileWindow } from './reconcile.ts';

export interface BillingLoadOptions {
  readonly runId: string;
  readonly path: string;
  readonly warehouse: Warehouse;
  /** Opens the run's stage; called only when the file was not loaded before. */
  readonly openStage: () => Promise<Stage>;
  readonly now?: Date;
}

export interface BillingLoadResult {
  readonly fileName: string;
  readonly sha256: string;
  /** The run that loaded the file (an earlier one when alreadyLoaded). */
  readonly runId: string;
  readonly loadedAt: string;
  readonly alreadyLoaded: boolean;
  /** Lines read (blank lines aside) = loaded + quarantined. */
  readonly read: number;
  readonly loaded: number;
  readonly quarantined: number;
}

export const billingFileStateKey = (sha256: string): string => `billing_file.${sha256}`;

function earlierLoad(state: string, sha256: string): BillingLoadResult {
  const parsed = JSON.parse(state) as Omit<BillingLoadResult, 'alreadyLoaded' | 'sha256'>;
  return { ...parsed, sha256, alreadyLoaded: true };
}

const counts = (result: BillingLoadResult) => ({
  received: result.read,
  loaded: result.loaded,
  quarantined: result.quarantined,
});

export async function loadBillingFile(options: BillingLoadOptions): Promise<BillingLoadResult> {
  const { runId, path, warehouse } = options;
  const facts = await inspectBillingFile(path);
  const key = billingFileStateKey(facts.sha256);
  const state = await warehouse.ledger.streamState(key);
  if (state !== null) return earlierLoad(state, facts.sha256);

  const fileName = basename(path);
  const loadedAt = (options.now ?? new Date()).toISOString();
  const { ledger } = warehouse;
  await ledger.startRun({ runId, command: 'load-billing', windowStart: null, windowEnd: null });
  let stage: Stage | undefined;
  try {
    stage = await options.openStage();
    const tallies = newTallies(['billed_interactions']);
    const lineage = { extractedAt: loadedAt, windowStart: null, windowEnd: null };
    for await (const batch of readBillingFile(path, { source: { fileName, sha256: facts.sha256 }, readAt: loadedAt })) {
      addBatch(tallies, batch);
      await stage.write('billed_interactions', batch.rows.billed_interactions ?? [], lineage);
      await stage.write('quarantine', batch.quarantined, lineage);
    }
    const files = await stage.closeWindow(null);
    const loads = await warehouse.load(runId, files);
    const [line] = reconcileWindow(`billing file ${fileName}`, tallies, loads);
    if (line === undefined) throw new ReconciliationError(`billing file ${fileName}: no reconciliation line`);
    await stage.finish();
    const result: BillingLoadResult = {
      fileName,
      sha256: facts.sha256,
      runId,
      loadedAt,
      alreadyLoaded: false,
      read: line.received,
      loaded: line.loaded,
      quarantined: line.quarantined,
    };
    const recorded = {
      fileName,
      runId,
      loadedAt,
      read: line.received,
      loaded: line.loaded,
      quarantined: line.quarantined,
    };
    await ledger.setStreamState(key, JSON.stringify(recorded));
    await ledger.finishRun(runId, { status: 'succeeded', ...counts(result), apiRequests: 0 });
    return result;
  } catch (error) {
    await stage?.abort().catch(() => undefined);
    await ledger
      .finishRun(runId, {
        status: 'failed',
        received: 0,
        loaded: 0,
        quarantined: 0,
        apiRequests: 0,
        errorMessage: error instanceof Error ? error.message : String(error),
      })
      .catch(() => undefined);
    throw error;
  }
}
