/**
 * Finance's billing file for a scenario: the CSV `genesys-etl load-billing` reads (columns
 * conversation_id, client_id, invoice_id, billed_at, amount, currency), drawn deterministically
 * from the scenario's conversations, with the anomalies a reconciliation must surface: billed
 * conversations whose recordings failed or are missing (they come from the scenario's own
 * failures), verified conversations that were not billed, conversations billed outside the
 * recording policy's scope (abandoned calls, uncovered queues), ids that do not exist, and a few
 * malformed lines. Three clients in three currencies. `lines` is the file's ground truth, for tests.
 */
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { conversationCount } from './generator/arrivals.ts';
import { deterministicUuid } from './generator/ids.ts';
import { hashUnit } from './generator/random.ts';
import { iterateGroundTruth, type ConversationTruth } from './ground-truth.ts';
import type { Scenario } from './scenario.ts';

export const BILLING_HEADER = 'conversation_id,client_id,invoice_id,billed_at,amount,currency';

interface Client {
  readonly id: string;
  readonly currency: string;
  /** Cumulative share of billed conversations. */
  readonly upTo: number;
  readonly base: number;
  readonly perMinute: number;
}

const acme: Client = { id: 'ACME-RETAIL', currency: 'EUR', upTo: 0.55, base: 1.2, perMinute: 0.85 };
const clients: readonly Client[] = [
  acme,
  { id: 'NORDBANK', currency: 'SEK', upTo: 0.8, base: 12, perMinute: 9.5 },
  { id: 'GLOBEX-US', currency: 'USD', upTo: 1, base: 1.5, perMinute: 0.95 },
];

export type BillingLineKind =
  | 'billed'
  | 'unknown_conversation'
  | 'bad_amount'
  | 'missing_currency'
  | 'bad_billed_at'
  | 'bad_conversation_id'
  | 'missing_field'
  | 'duplicate';

export const MALFORMED_BILLING_KINDS: readonly BillingLineKind[] = [
  'bad_amount',
  'missing_currency',
  'bad_billed_at',
  'bad_conversation_id',
  'missing_field',
  'duplicate',
];

export interface BillingLineTruth {
  /** 1-based line of the file (the header is line 1). */
  readonly line: number;
  readonly kind: BillingLineKind;
  /** False for the malformed kinds: load-billing must quarantine them. */
  readonly valid: boolean;
  readonly conversationId: string;
  readonly clientId: string;
  readonly invoiceId: string;
  /** ISO-8601 UTC. */
  readonly billedAt: string;
  readonly amount: number;
  readonly currency: string;
  readonly text: string;
}

export interface BillingFile {
  readonly csv: string;
  readonly lines: readonly BillingLineTruth[];
}

type Draft = Omit<BillingLineTruth, 'line'>;

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** An element drawn from a non-empty list by a hash in [0, 1). */
function pick<T>(list: readonly [T, ...T[]] | readonly T[], draw: number, fallback: T): T {
  return list[Math.floor(draw * list.length)] ?? fallback;
}

/** The end of the conversation rounded up to the next whole UTC hour, without milliseconds. */
function billedAtOf(endIso: string): string {
  const hour = 3_600_000;
  return new Date(Math.ceil((Date.parse(endIso) + 1) / hour) * hour).toISOString().replace('.000Z', 'Z');
}

function clientOf(seed: number, index: number, label: string): Client {
  const draw = hashUnit(seed, index, label);
  return clients.find((client) => draw < client.upTo) ?? acme;
}

/** Probability that the conversation is billed: handled calls in a recorded queue almost always. */
function billShare(conversation: ConversationTruth): number {
  if (!conversation.handled) return 0.04;
  return conversation.agents.some((agent) => agent.coveredByPolicy) ? 0.9 : 0.3;
}

function billedLine(seed: number, conversation: ConversationTruth, kind: BillingLineKind): Draft {
  const client = clientOf(seed, conversation.index, 'billing-client');
  const minutes = (Date.parse(conversation.end) - Date.parse(conversation.start)) / 60_000;
  const billedAt = billedAtOf(conversation.end);
  const amount = round2(client.base + client.perMinute * minutes);
  const invoiceId = `INV-${billedAt.slice(0, 7).replace('-', '')}-${client.id}`;
  const fields = [conversation.conversationId, client.id, invoiceId, billedAt, amount.toFixed(2), client.currency];
  switch (kind) {
    case 'bad_amount':
      fields[4] = `"${amount.toFixed(2).replace('.', ',')}"`;
      break;
    case 'missing_currency':
      fields[5] = '';
      break;
    case 'bad_billed_at':
      fields[3] = `${billedAt.slice(8, 10)}/${billedAt.slice(5, 7)}/${billedAt.slice(0, 4)} ${billedAt.slice(11, 16)}`;
      break;
    case 'bad_conversation_id':
      fields[0] = 'N/A';
      break;
    case 'missing_field':
      fields.splice(2, 1);
      break;
    default:
      break;
  }
  return {
    kind,
    valid: !MALFORMED_BILLING_KINDS.includes(kind),
    conversationId: fields[0] ?? '',
    clientId: client.id,
    invoiceId,
    billedAt,
    amount,
    currency: client.currency,
    text: fields.join(','),
  };
}

/** The scenario's billing file; `now` is the clock reading of the ground truth (default: Date.now). */
export function billingFile(scenario: Scenario, options: { now?: number } = {}): BillingFile {
  const seed = scenario.seed;
  const billed: Draft[] = [];
  const others: ConversationTruth[] = [];
  for (const conversation of iterateGroundTruth(scenario, 0, conversationCount(scenario), options)) {
    // Malformed conversations are what the API gets wrong, not what finance bills.
    if (conversation.malformed !== null) continue;
    if (hashUnit(seed, conversation.index, 'billing-billed') < billShare(conversation)) {
      billed.push(billedLine(seed, conversation, 'billed'));
    } else {
      others.push(conversation);
    }
  }
  const extras: Draft[] = [];
  const unknown = Math.max(2, Math.round(billed.length * 0.004));
  const [first] = billed;
  for (let k = 0; k < unknown && first !== undefined; k++) {
    const like = pick(billed, hashUnit(seed, k, 'billing-unknown-like'), first);
    const id = deterministicUuid(seed, 'billing-unknown', k);
    extras.push({
      ...like,
      kind: 'unknown_conversation',
      conversationId: id,
      text: like.text.replace(like.conversationId, id),
    });
  }
  const malformed = Math.max(MALFORMED_BILLING_KINDS.length, Math.round(billed.length * 0.003));
  const [firstOther] = others;
  for (let k = 0; k < malformed && first !== undefined; k++) {
    const kind = pick(
      MALFORMED_BILLING_KINDS,
      (k % MALFORMED_BILLING_KINDS.length) / MALFORMED_BILLING_KINDS.length,
      'duplicate',
    );
    if (kind === 'duplicate') {
      const earlier = pick(billed, hashUnit(seed, k, 'billing-duplicate'), first);
      extras.push({ ...earlier, kind, valid: false });
    } else if (firstOther !== undefined) {
      const conversation = pick(others, hashUnit(seed, k, 'billing-malformed'), firstOther);
      extras.push(billedLine(seed, conversation, kind));
    }
  }
  // Extras go in after a line drawn for each, so they are spread through the file (a duplicate after its original).
  const drafts = [...billed];
  for (const [k, extra] of extras.entries()) {
    const original = extra.kind === 'duplicate' ? drafts.findIndex((draft) => draft.text === extra.text) : -1;
    const at = Math.max(original + 1, Math.floor(hashUnit(seed, k, 'billing-position') * (drafts.length + 1)));
    drafts.splice(at, 0, extra);
  }
  const lines = drafts.map((draft, i) => ({ ...draft, line: i + 2 }));
  return { csv: `${[BILLING_HEADER, ...lines.map((line) => line.text)].join('\n')}\n`, lines };
}

/** Writes the scenario's billing file to `path` and returns it. */
export async function writeBillingFile(
  scenario: Scenario,
  path: string,
  options: { now?: number } = {},
): Promise<BillingFile> {
  const file = billingFile(scenario, options);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, file.csv);
  return file;
}
