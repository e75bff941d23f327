/**
 * Audit queries are asynchronous transactions (Queued → Running → Succeeded) whose results are
 * paged by cursor: the quality conversation audit (recording custody events) and the org audit
 * (policy and integration changes).
 */
import type { GenesysClient } from '../genesys/client.ts';
import { JobError, ResponseShapeError } from '../errors.ts';
import { auditTransactionSchema } from '../schemas/custody.ts';
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

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function transaction(body: unknown, what: string): { id: string; state: string } {
  const parsed = auditTransactionSchema.safeParse(body);
  if (!parsed.success) throw new ResponseShapeError(`Unexpected ${what} response: ${String(parsed.error)}`);
  return parsed.data;
}

/** Transactions that end Failed or Cancelled are submitted again this many times in all. */
const transactionAttempts = 3;

/** Submits the audit query and waits for it to succeed; resubmits a failed one. Returns its id. */
async function succeededTransaction(
  client: GenesysClient,
  query: AuditQuery,
  options: AuditQueryOptions,
  label: string,
): Promise<string> {
  const sleep = options.sleep ?? defaultSleep;
  const ended: string[] = [];
  for (let attempt = 1; attempt <= transactionAttempts; attempt += 1) {
    const created = await client.call(`create ${label}`, (sdk) =>
      query.kind === 'quality'
        ? sdk.quality.postQualityConversationsAuditsQuery(query.body)
        : sdk.audit.postAuditsQuery(query.body),
    );
    const { id } = transaction(created.body, label);
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const status = await client.call(`get ${label}`, (sdk) =>
        query.kind === 'quality'
          ? sdk.quality.getQualityConversationsAuditsQueryTransactionId(id)
          : sdk.audit.getAuditsQueryTransactionId(id),
      );
      const { state } = transaction(status.body, label);
      if (state === 'Succeeded') return id;
      if (state === 'Failed' || state === 'Cancelled') {
        ended.push(`${id} ${state}`);
        break;
      }
      if (Date.now() > deadline)
        throw new JobError(`The ${label} ${id} was still ${state} after ${options.timeoutMs} ms.`);
      await sleep(options.pollIntervalMs);
    }
    await sleep(options.pollIntervalMs * attempt);
  }
  throw new JobError(
    `The ${label} for ${query.body.interval} ended unsuccessfully ${transactionAttempts} times: ${ended.join('; ')}. ` +
      'Run the command again later; finished windows are kept.',
  );
}

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
