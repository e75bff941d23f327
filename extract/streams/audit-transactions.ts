/**
 * Audit queries are asynchronous transactions (Queued → Running → Succeeded) whose results are
 * paged by cursor: the quality conversation audit (recording custody events) and the org audit
 * (policy and integration changes).
 */
import type { GenesysClient } from '../genesys/client.ts';
import { auditTransactionSchema } from '../schemas/custody.ts';
import { parseResponse } from '../schemas/parse-response.ts';
import { succeededJob } from './async-job.ts';
import { cursorPages, type RecordPage } from './cursor-pages.ts';

export interface AuditQueryOptions {
  readonly pollIntervalMs: number;
  readonly timeoutMs: number;
  readonly pageSize: number;
  readonly sleep?: (ms: number) => Promise<void>;
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
      return parseResponse(auditTransactionSchema, status.body, label);
    },
    succeeded: 'Succeeded',
    ended: ['Failed', 'Cancelled'],
    attempts: 3,
    pollIntervalMs: options.pollIntervalMs,
    timeoutMs: options.timeoutMs,
    timeoutHint: 'Raise GENESYS_JOB_TIMEOUT_MS or use smaller windows (--window).',
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  });

export async function* auditEventPages(
  client: GenesysClient,
  query: AuditQuery,
  options: AuditQueryOptions,
): AsyncGenerator<RecordPage> {
  const label = query.kind === 'quality' ? 'quality conversation audit query' : 'org audit query';
  const id = await succeededTransaction(client, query, options, label);
  yield* cursorPages(client, `get ${label} results`, (sdk, cursor) => {
    const opts = { pageSize: options.pageSize, ...(cursor === undefined ? {} : { cursor }) };
    return query.kind === 'quality'
      ? sdk.quality.getQualityConversationsAuditsQueryTransactionIdResults(id, opts)
      : sdk.audit.getAuditsQueryTransactionIdResults(id, opts);
  });
}
