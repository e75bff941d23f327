import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportTotals, toCsv, totalsPath, type ExportRow } from '../../../scripts/billing-export.ts';
import { parseExportBillingOptions } from '../../../scripts/commands/export-billing.ts';

const row = (currency: string | null, status: string, reason: string | null, amount: number | null): ExportRow => ({
  billing_month: '2026-11-01',
  invoice_id: null,
  client_id: null,
  conversation_id: 'c',
  billed_at: null,
  billed_amount: amount,
  currency,
  reconciliation_status: status,
  unverified_reason: reason,
  is_verified: status !== 'unverified',
  conversation_started_at: null,
  source_file_name: null,
});

test('totals per currency, status and reason, and per currency; amounts summed without float drift', () => {
  const totals = exportTotals([
    row('EUR', 'verified', null, 0.1),
    row('EUR', 'verified', null, 0.2),
    row('EUR', 'unverified', 'recording_failed', 1.0001),
    row('USD', 'unverified', 'conversation_unknown', 5),
    row(null, 'not_billed_verified', null, null),
  ]);
  assert.deepEqual(totals, [
    { currency: '', reconciliation_status: 'all', unverified_reason: '', interactions: 1, billed_amount: 0 },
    {
      currency: '',
      reconciliation_status: 'not_billed_verified',
      unverified_reason: '',
      interactions: 1,
      billed_amount: 0,
    },
    { currency: 'EUR', reconciliation_status: 'all', unverified_reason: '', interactions: 3, billed_amount: 1.3001 },
    {
      currency: 'EUR',
      reconciliation_status: 'unverified',
      unverified_reason: 'recording_failed',
      interactions: 1,
      billed_amount: 1.0001,
    },
    { currency: 'EUR', reconciliation_status: 'verified', unverified_reason: '', interactions: 2, billed_amount: 0.3 },
    { currency: 'USD', reconciliation_status: 'all', unverified_reason: '', interactions: 1, billed_amount: 5 },
    {
      currency: 'USD',
      reconciliation_status: 'unverified',
      unverified_reason: 'conversation_unknown',
      interactions: 1,
      billed_amount: 5,
    },
  ]);
});

test('CSV quoting, the totals file name and the option checks', () => {
  assert.equal(
    toCsv(
      ['a', 'b'],
      [
        { a: 'x,"y"', b: null },
        { a: 1.5, b: true },
      ],
    ),
    'a,b\n"x,""y""",\n1.5,true\n',
  );
  assert.equal(totalsPath('/out/november.csv'), '/out/november.totals.csv');
  assert.equal(totalsPath('/out/november'), '/out/november.totals');
  assert.deepEqual(parseExportBillingOptions({ month: '2026-11' }), {
    month: '2026-11',
    format: 'csv',
    out: 'billing-reconciliation-2026-11.csv',
  });
  assert.equal(
    parseExportBillingOptions({ month: '2026-02', format: 'parquet' }).out,
    'billing-reconciliation-2026-02.parquet',
  );
  assert.throws(() => parseExportBillingOptions({}), /--month is required/);
  assert.throws(() => parseExportBillingOptions({ month: '2026-00' }), /YYYY-MM/);
  assert.throws(() => parseExportBillingOptions({ month: '2026-11', format: 'xls' }), /csv or parquet/);
});
