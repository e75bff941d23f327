/**
 * One line of finance's billing file, validated with zod. The file's columns (any order, header
 * required, names exact):
 *
 *   conversation_id  the Genesys conversation billed: a UUID (case-insensitive; stored lower case)
 *   client_id        finance's client (account) the interaction was billed to: 1-100 characters
 *   invoice_id       the invoice the line is on: 1-100 characters
 *   billed_at        when it was billed: an ISO-8601 timestamp with Z or an offset
 *                    (2026-11-03T10:15:00Z, 2026-11-03T11:15:00+01:00) or a date (2026-11-03 = midnight UTC)
 *   amount           the amount billed: a decimal number >= 0 with a dot and at most 4 decimals (12.50)
 *   currency         ISO 4217 code, three letters (EUR, usd: stored upper case)
 *
 * A line is billed once per (invoice_id, conversation_id).
 */
import { z } from 'zod';
import type { Row } from '../../contract/tables.ts';

export const billingColumns = [
  'conversation_id',
  'client_id',
  'invoice_id',
  'billed_at',
  'amount',
  'currency',
] as const;
export type BillingColumn = (typeof billingColumns)[number];

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
const decimal = /^\d+(\.\d{1,4})?$/;

const text = (what: string) =>
  z.string().trim().min(1, `${what} is empty`).max(100, `${what} is longer than 100 characters`);

const billedAt = z
  .string()
  .trim()
  .refine(
    (value) =>
      (dateOnly.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) ||
      z.iso.datetime({ offset: true }).safeParse(value).success,
    'billed_at must be an ISO-8601 timestamp with Z or an offset (2026-11-03T10:15:00Z) or a date (2026-11-03)',
  )
  .transform((value) => new Date(dateOnly.test(value) ? `${value}T00:00:00Z` : value).toISOString());

export const billingLineSchema = z.object({
  conversation_id: z
    .string()
    .trim()
    .regex(uuid, 'conversation_id must be a Genesys conversation id (a UUID)')
    .transform((value) => value.toLowerCase()),
  client_id: text('client_id'),
  invoice_id: text('invoice_id'),
  billed_at: billedAt,
  amount: z
    .string()
    .trim()
    .regex(decimal, 'amount must be a number >= 0 with a dot and at most 4 decimals (12.50)')
    .transform(Number),
  currency: z
    .string()
    .trim()
    .transform((value) => value.toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code of three letters (EUR)')),
});

export type BillingLine = z.infer<typeof billingLineSchema>;

/** Where a line came from, stamped on its row. */
export interface BillingSource {
  readonly fileName: string;
  readonly sha256: string;
}

export const billingRow = (
  line: BillingLine,
  source: BillingSource,
  lineNumber: number,
): Row<'billed_interactions'> => ({
  ...line,
  source_file_name: source.fileName,
  source_file_sha256: source.sha256,
  source_line_number: lineNumber,
});
