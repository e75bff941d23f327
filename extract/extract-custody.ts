/**
 * The custody streams of one window: recording audit events (quality conversation audit),
 * org audit events for policies and integrations, and data-action executions per hour; plus
 * the deletion-protection lookup for a page of conversations.
 */
import type { Batch } from '../contract/batch.ts';
import type { Row } from '../contract/tables.ts';
import { policyChangeRows } from './flatten/policy-conditions.ts';
import { flattenActionAggregates, flattenOrgAuditEvent, flattenQualityAuditEvent } from './flatten/custody.ts';
import type { GenesysClient } from './genesys/client.ts';
import { pseudonymiseAuditEvent } from './personal-data.ts';
import type { Pseudonymiser } from './pseudonymise.ts';
import {
  actionAggregatesSchema,
  orgAuditEventSchema,
  protectedConversationsSchema,
  qualityAuditEventSchema,
} from './schemas/custody.ts';
import {
  auditEventPages,
  submitAuditQuery,
  type AuditQuery,
  type AuditQueryOptions,
} from './streams/audit-transactions.ts';
import { parseResponse } from './schemas/parse-response.ts';
import { pageBatches } from './page-batches.ts';
import { intervalOf, type Window } from '../contract/window.ts';

/** Entity types of the quality audit that concern recordings. */
const recordingEntityTypes = ['Recording', 'ScreenRecording'];
/**
 * Lookups per deletion-protection call: one call per page of up to 1000 conversations, so the
 * legal-hold check costs 0.001 requests per conversation, not 0.01. 1000 is the body limit the
 * API lists for deletion protection (and the sandbox enforces); a per-request limit for the
 * lookup alone is UNVERIFIED.
 */
const protectionBatch = 1000;

export interface CustodyOptions {
  readonly client: GenesysClient;
  readonly pseudonymise: Pseudonymiser;
  readonly window: Window;
  readonly audit: AuditQueryOptions;
  /** Org audit services whose events are kept (retention policies, integrations, data actions). */
  readonly orgAuditServices: readonly string[];
}

/**
 * Audit events of the window, page by page, then its data-action executions per hour. Every
 * audit query is submitted when this is called (not when the batches are first read), so the
 * queries wait together, and alongside whatever the caller does meanwhile (the window's detail
 * job); `options.audit.signal` stops their polling when the caller gives up.
 */
export function custodyBatches(options: CustodyOptions): AsyncGenerator<Batch> {
  const interval = intervalOf(options.window);
  const started = (query: AuditQuery) => ({
    query,
    transaction: submitAuditQuery(options.client, query, options.audit),
  });
  const quality = recordingEntityTypes.map((entityType) =>
    started({ kind: 'quality', body: { interval, filters: [{ property: 'EntityType', value: entityType }] } }),
  );
  const org = options.orgAuditServices.map((serviceName) => started({ kind: 'org', body: { interval, serviceName } }));
  return custodyPages(options, quality, org);
}

async function* custodyPages(
  options: CustodyOptions,
  quality: readonly { query: AuditQuery; transaction: Promise<string> }[],
  org: readonly { query: AuditQuery; transaction: Promise<string> }[],
): AsyncGenerator<Batch> {
  const interval = intervalOf(options.window);
  for (const { query, transaction } of quality) {
    yield* pageBatches(
      {
        stream: 'recording_audit_events',
        keyField: 'id',
        schema: qualityAuditEventSchema,
        pseudonymise: pseudonymiseAuditEvent,
        flatten: (event) => ({ recording_audit_events: [flattenQualityAuditEvent(event)] }),
      },
      auditEventPages(options.client, query, options.audit, transaction),
      options.pseudonymise,
    );
  }
  for (const { query, transaction } of org) {
    yield* pageBatches(
      {
        stream: 'org_audit_events',
        keyField: 'id',
        schema: orgAuditEventSchema,
        pseudonymise: pseudonymiseAuditEvent,
        flatten: (event) => ({
          org_audit_events: [flattenOrgAuditEvent(event)],
          retention_policy_changes: policyChangeRows(event),
        }),
      },
      auditEventPages(options.client, query, options.audit, transaction),
      options.pseudonymise,
    );
  }

  const response = await options.client.call(
    'query data action aggregates',
    (sdk) =>
      sdk.analytics.postAnalyticsActionsAggregatesQuery({
        interval,
        granularity: 'PT1H',
        groupBy: ['actionId', 'responseStatus', 'errorType'],
        metrics: ['tTotalExecution'],
      }),
    // A query: sending it again creates nothing.
    { idempotent: true },
  );
  const aggregates = parseResponse(actionAggregatesSchema, response.body, 'data action aggregates');
  const rows = flattenActionAggregates(aggregates);
  yield {
    stream: 'data_action_aggregates',
    // One record per (group, hour) data point the API returned.
    received: (aggregates.results ?? []).reduce((sum, group) => sum + (group.data ?? []).length, 0),
    rows: { data_action_aggregates: rows },
    quarantined: [],
    extractedAt: new Date().toISOString(),
  };
}

/**
 * Which of these conversations are protected from deletion (legal hold): one row per conversation
 * asked about, so `received` counts the conversations the lookups answered for.
 */
export async function deletionProtectionBatch(
  client: GenesysClient,
  conversationIds: readonly string[],
): Promise<Batch> {
  const rows: Row<'deletion_protection'>[] = [];
  for (let start = 0; start < conversationIds.length; start += protectionBatch) {
    const batch = conversationIds.slice(start, start + protectionBatch);
    const response = await client.call(
      'look up deletion protection',
      (sdk) => sdk.recording.postRecordingsDeletionprotection({ conversationIds: batch }),
      // A lookup (PUT is what protects): sending it again changes nothing.
      { idempotent: true },
    );
    const entries = parseResponse(protectedConversationsSchema, response.body, 'deletion protection') ?? [];
    const protectedIds = new Set(entries.map((entry) => entry.id));
    const checkedAt = new Date().toISOString();
    for (const conversationId of batch) {
      rows.push({
        conversation_id: conversationId,
        is_protected: protectedIds.has(conversationId),
        checked_at: checkedAt,
      });
    }
  }
  return {
    stream: 'deletion_protection',
    received: conversationIds.length,
    rows: { deletion_protection: rows },
    quarantined: [],
    extractedAt: new Date().toISOString(),
  };
}
