/**
 * The custody streams of one window: recording audit events (quality conversation audit),
 * org audit events for policies and integrations, and data-action executions per hour; plus
 * the deletion-protection lookup for a page of conversations.
 */
import type { z } from 'zod';
import type { Lineage, StageWriter } from '../load/stage-writer.ts';
import type { Row, StreamName } from '../load/tables.ts';
import { countInto, type RunCounts } from './counts.ts';
import { flattenActionAggregates, flattenOrgAuditEvent, flattenQualityAuditEvent } from './flatten/custody.ts';
import type { GenesysClient } from './genesys/client.ts';
import { pseudonymiseAuditEvent, type Pseudonymiser } from './pseudonymise.ts';
import {
  actionAggregatesSchema,
  orgAuditEventSchema,
  protectedConversationsSchema,
  qualityAuditEventSchema,
} from './schemas/custody.ts';
import { auditEventPages, type AuditQuery, type AuditQueryOptions } from './streams/audit-transactions.ts';
import { ResponseShapeError } from './errors.ts';
import { validateRecord } from './validate.ts';
import { intervalOf, type Window } from './window.ts';

/** Entity types of the quality audit that concern recordings. */
const recordingEntityTypes = ['Recording', 'ScreenRecording'];
/** Lookups per deletion-protection call; the API's own limit is UNVERIFIED. */
const protectionBatch = 100;

export interface CustodyOptions {
  readonly client: GenesysClient;
  readonly stage: StageWriter;
  readonly window: Window;
  readonly counts: RunCounts;
  readonly pseudonymise: Pseudonymiser;
  readonly audit: AuditQueryOptions;
  /** Org audit services whose events are kept (retention policies, integrations, data actions). */
  readonly orgAuditServices: readonly string[];
}

const lineageOf = (window: Window, extractedAt: string): Lineage => ({
  extractedAt,
  windowStart: window.start,
  windowEnd: window.end,
});

async function stageAuditEvents<T extends z.ZodType, S extends StreamName>(
  options: CustodyOptions,
  stream: S,
  schema: T,
  query: AuditQuery,
  toRow: (event: z.infer<T>) => Row<S>,
): Promise<void> {
  for await (const page of auditEventPages(options.client, query, options.audit)) {
    const rows: Row<S>[] = [];
    const quarantine: Row<'quarantine'>[] = [];
    for (const raw of page.records) {
      const result = validateRecord(schema, stream, pseudonymiseAuditEvent(raw, options.pseudonymise), 'id');
      countInto(options.counts, stream, result.ok ? 'staged' : 'quarantined');
      if (result.ok) rows.push(toRow(result.value));
      else quarantine.push(result.quarantine);
    }
    const lineage = lineageOf(options.window, page.extractedAt);
    await options.stage.write(stream, rows, lineage);
    await options.stage.write('quarantine', quarantine, lineage);
  }
}

export async function extractCustodyWindow(options: CustodyOptions): Promise<void> {
  const interval = intervalOf(options.window);
  for (const entityType of recordingEntityTypes) {
    await stageAuditEvents(
      options,
      'recording_audit_events',
      qualityAuditEventSchema,
      { kind: 'quality', body: { interval, filters: [{ property: 'EntityType', value: entityType }] } },
      flattenQualityAuditEvent,
    );
  }
  for (const serviceName of options.orgAuditServices) {
    await stageAuditEvents(
      options,
      'org_audit_events',
      orgAuditEventSchema,
      { kind: 'org', body: { interval, serviceName } },
      flattenOrgAuditEvent,
    );
  }

  const response = await options.client.call('query data action aggregates', (sdk) =>
    sdk.analytics.postAnalyticsActionsAggregatesQuery({
      interval,
      granularity: 'PT1H',
      groupBy: ['actionId', 'responseStatus', 'errorType'],
      metrics: ['tTotalExecution'],
    }),
  );
  const parsed = actionAggregatesSchema.safeParse(response.body);
  if (!parsed.success)
    throw new ResponseShapeError(`Unexpected data action aggregates response: ${String(parsed.error)}`);
  const rows = flattenActionAggregates(parsed.data);
  countInto(options.counts, 'data_action_aggregates', 'staged', rows.length);
  await options.stage.write('data_action_aggregates', rows, lineageOf(options.window, new Date().toISOString()));
}

/** Which of these conversations are protected from deletion (legal hold), one row per conversation. */
export async function lookUpDeletionProtection(
  client: GenesysClient,
  conversationIds: readonly string[],
): Promise<Row<'deletion_protection'>[]> {
  const rows: Row<'deletion_protection'>[] = [];
  for (let start = 0; start < conversationIds.length; start += protectionBatch) {
    const batch = conversationIds.slice(start, start + protectionBatch);
    const response = await client.call('look up deletion protection', (sdk) =>
      sdk.recording.postRecordingsDeletionprotection({ conversationIds: batch }),
    );
    const parsed = protectedConversationsSchema.safeParse(response.body);
    if (!parsed.success)
      throw new ResponseShapeError(`Unexpected deletion protection response: ${String(parsed.error)}`);
    const protectedIds = new Set((parsed.data ?? []).map((entry) => entry.id));
    const checkedAt = new Date().toISOString();
    for (const conversationId of batch) {
      rows.push({
        conversation_id: conversationId,
        is_protected: protectedIds.has(conversationId),
        checked_at: checkedAt,
      });
    }
  }
  return rows;
}
