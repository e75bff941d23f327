/**
 * Audit queries are asynchronous transactions (Queued → Running → Succeeded) whose results are
 * paged by cursor: the quality conversation audit (recording custody events) and the org audit
 * (policy and integration changes).
 */
import type { GenesysClient } from '../genesys/client.ts';
import { auditTransactionSchema } from '../schemas/custody.ts';
import { parseResponse } from '../schemas/parse-response.ts';
import { retryAfterMs, succeededJob } from './async-job.ts';
import { cursorPages, type RecordPage } from './cursor-pages.ts';

export interface AuditQueryOptions {
  readonly pollIntervalMs: number;
  readonly timeoutMs: number;
  readonly pageSize: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Stops polling transactions whose results are no longer wanted. */
  readonly signal?: AbortSignal | undefined;
}

export type AuditQuery =
  | { readonly kind: 'quality'; readonly body: { interval: string; filters: { property: string; value: string }[] } }
  | {
      readonly kind: 'org';
      readonly body: { interval: string; serviceName: string; filters?: { property: string; value: string }[] };
    };

/** Submits the audit query and waits for it to succeed; resubmits a failed one. Returns its id. */
const succeededTransaction = (
  client: GenesysClient,
  query: AuditQuery,
  options: AuditQueryOptions,
  label: string,
): Promise<string> =>
  succeededJob({
    what: `${label} for ${query.body.interval}`,
    submit: async () => {
      const created = await client.call(`create ${label}`, (sdk) =>
        query.kind === 'quality'
          ? sdk.quality.postQualityConversationsAuditsQuery(query.body)
          : sdk.audit.postAuditsQuery(query.body),
      );
      return parseResponse(auditTransactionSchema, created.body, label).id;
    },
    poll: async (id) => {
      const status = await client.call(`get ${label}`, (sdk) =>
        query.kind === 'quality'
          ? sdk.quality.getQualityConversationsAuditsQueryTransactionId(id)
          : sdk.audit.getAuditsQueryTransactionId(id),
      );
      const parsed = parseResponse(auditTransactionSchema, status.body, label);
      return { ...parsed, retryAfterMs: retryAfterMs(status.headers['retry-after']) };
    },
    succeeded: 'Succeeded',
    ended: ['Failed', 'Cancelled'],
    attempts: 3,
    pollIntervalMs: options.pollIntervalMs,
    timeoutMs: options.timeoutMs,
    timeoutHint: 'Raise GENESYS_JOB_TIMEOUT_MS or use smaller windows (--window).',
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    signal: options.signal,
  });

const labelOf = (query: AuditQuery): string =>
  query.kind === 'quality' ? 'quality conversation audit query' : 'org audit query';

/**
 * Submits the audit query now and polls it in the background, so several queries (and a
 * window's detail job) wait together; the returned promise never rejects unhandled: its failure
 * surfaces when the pages are read (auditEventPages).
 */
export function submitAuditQuery(
  client: GenesysClient,
  query: AuditQuery,
  options: AuditQueryOptions,
): Promise<string> {
  const transaction = succeededTransaction(client, query, options, labelOf(query));
  transaction.catch(() => undefined);
  return transaction;
}

/** The query's event pages; `submitted` is the transaction submitAuditQuery started, if it was. */
export async function* auditEventPages(
  client: GenesysClient,
  query: AuditQuery,
  options: AuditQueryOptions,
  submitted?: Promise<string>,
): AsyncGenerator<RecordPage> {
  const label = labelOf(query);
  const id = await (submitted ?? succeededTransaction(client, query, options, label));
  yield* cursorPages(client, `get ${label} results`, (sdk, cursor) => {
    const opts = { pageSize: options.pageSize, ...(cursor === undefined ? {} : { cursor }) };
    return query.kind === 'quality'
      ? sdk.quality.getQualityConversationsAuditsQueryTransactionIdResults(id, opts)
      : sdk.audit.getAuditsQueryTransactionIdResults(id, opts);
  });
}
