/**
 * Finance's reconciliation end to end on the small scenario: the sandbox's billing file is
 * loaded with load-billing (twice: the second load must load nothing), dbt builds the marts, and
 * fct_billing_reconciliation is checked row by row and in totals against expectations computed
 * here from the scenario's ground truth and the billing file's own lines (never through the mart
 * SQL); then export-billing's totals are checked against the mart.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { groundTruth, injectedMalformedIds, writeBillingFile } from '../../../sandbox/index.ts';
import { exportBilling } from '../../../scripts/commands/export-billing.ts';
import { loadBillingCommand } from '../../../scripts/commands/load-billing.ts';
import { buildModels } from '../../../scripts/commands/shared.ts';
import { billedStatus, conversationVerified } from '../../helpers/compliance-truth.ts';
import { extractScenario, quiet, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

interface Expected {
  status: string;
  reason: string;
  amount: number;
  currency: string;
}

const cents = (amount: number): number => Math.round(amount * 100);

function totals(rows: readonly Expected[]): Map<string, { interactions: number; cents: number }> {
  const out = new Map<string, { interactions: number; cents: number }>();
  for (const row of rows) {
    const key = `${row.currency}|${row.status}|${row.reason}`;
    const entry = out.get(key) ?? { interactions: 0, cents: 0 };
    entry.interactions += 1;
    entry.cents += cents(row.amount);
    out.set(key, entry);
  }
  return out;
}

test('billing reconciliation on the small scenario matches the ground truth', { timeout: 600_000 }, async (t) => {
  const workspace = await sandboxWorkspace(t, 'small', { env: { PSEUDONYMISATION_KEY: 'integration-test-key' } });
  const { scenario, config, dir } = workspace;
  await extractScenario(workspace);

  const billingPath = join(dir, 'billing', 'billing-small.csv');
  const file = await writeBillingFile(scenario, billingPath);
  const valid = file.lines.filter((line) => line.valid);
  const invalid = file.lines.filter((line) => !line.valid);
  assert.ok(invalid.length >= 6 && valid.length > 200, 'the file has malformed lines and plenty of valid ones');

  await t.test(
    'load-billing loads the valid lines, quarantines the others with their line, and loads a file once',
    async () => {
      const first = await loadBillingCommand(config, { path: billingPath, build: false, print: false });
      assert.deepEqual(
        { alreadyLoaded: first.alreadyLoaded, read: first.read, loaded: first.loaded, quarantined: first.quarantined },
        { alreadyLoaded: false, read: file.lines.length, loaded: valid.length, quarantined: invalid.length },
      );
      const again = await loadBillingCommand(config, { path: billingPath, build: false, print: false });
      assert.equal(again.alreadyLoaded, true);
      assert.equal(again.runId, first.runId);
      const [counts] = await queryRows(
        config.warehousePath,
        `select (select count(*)::int from raw_finance__billed_interactions) as raw_rows,
              (select count(*)::int from etl_quarantine where stream = 'billed_interactions') as quarantined,
              (select count(*)::int from etl_runs where command = 'load-billing' and status = 'succeeded') as runs`,
      );
      assert.deepEqual(counts, { raw_rows: valid.length, quarantined: invalid.length, runs: 1 });
      const keys = await queryRows(
        config.warehousePath,
        `select record_key from etl_quarantine where stream = 'billed_interactions' order by record_key`,
      );
      assert.deepEqual(
        keys.map((row) => row['record_key']),
        invalid.map((line) => `billing-small.csv:${line.line}`).sort(),
      );
    },
  );

  await buildModels({ ...config, orgTimezone: scenario.orgTimeZone }, quiet);

  // Expectations, from the generator's plans and the file's lines only.
  const truth = new Map(groundTruth(scenario).map((conversation) => [conversation.conversationId, conversation]));
  const malformed = new Set(injectedMalformedIds(scenario));
  const expectedBilled = new Map<string, Expected>();
  for (const line of valid) {
    const status = billedStatus(truth.get(line.conversationId));
    expectedBilled.set(`${line.invoiceId}|${line.conversationId}`, {
      status: status.status,
      reason: status.reason,
      amount: line.amount,
      currency: line.currency,
    });
  }
  const billedIds = new Set(valid.map((line) => line.conversationId));
  const expectedNotBilled = [...truth.values()].filter(
    (conversation) =>
      !malformed.has(conversation.conversationId) &&
      !billedIds.has(conversation.conversationId) &&
      conversationVerified(conversation),
  );
  const statuses = new Set([...expectedBilled.values()].map((row) => `${row.status}:${row.reason}`));
  for (const kind of [
    'verified:',
    'unverified:recording_failed',
    'unverified:not_in_scope',
    'unverified:conversation_unknown',
  ]) {
    assert.ok(statuses.has(kind), `the file exercises ${kind} (saw ${[...statuses].join(', ')})`);
  }
  assert.ok(expectedNotBilled.length > 0, 'some verified conversations are not billed');

  await t.test(
    'every billed interaction has the status, reason, amount and currency the ground truth gives',
    async () => {
      const rows = await queryRows(
        config.warehousePath,
        `select invoice_id, conversation_id, reconciliation_status, coalesce(unverified_reason, '') as reason,
              billed_amount, currency
       from genesys_marts.fct_billing_reconciliation where is_billed`,
      );
      const actual = new Map(
        rows.map((row) => [
          `${String(row['invoice_id'])}|${String(row['conversation_id'])}`,
          {
            status: String(row['reconciliation_status']),
            reason: String(row['reason']),
            amount: Number(row['billed_amount']),
            currency: String(row['currency']),
          },
        ]),
      );
      assert.deepEqual(actual, expectedBilled);
    },
  );

  await t.test('the verified conversations nobody billed are the not_billed_verified rows', async () => {
    const rows = await queryRows(
      config.warehousePath,
      `select conversation_id from genesys_marts.fct_billing_reconciliation
       where reconciliation_status = 'not_billed_verified' order by 1`,
    );
    const actual = rows.map((row) => String(row['conversation_id'])).filter((id) => !malformed.has(id));
    assert.deepEqual(actual, expectedNotBilled.map((conversation) => conversation.conversationId).sort());
  });

  await t.test('the totals per currency, status and reason match', async () => {
    const rows = await queryRows(
      config.warehousePath,
      `select coalesce(currency, '') as currency, reconciliation_status, coalesce(unverified_reason, '') as reason,
              count(*)::int as interactions, coalesce(sum(billed_amount), 0) as amount
       from genesys_marts.fct_billing_reconciliation where is_billed
       group by all`,
    );
    const actual = new Map(
      rows.map((row) => [
        `${String(row['currency'])}|${String(row['reconciliation_status'])}|${String(row['reason'])}`,
        { interactions: Number(row['interactions']), cents: cents(Number(row['amount'])) },
      ]),
    );
    assert.deepEqual(actual, totals([...expectedBilled.values()]));
  });

  await t.test("export-billing's lines and totals agree with the mart", async () => {
    const out = join(dir, 'export', 'billing-2026-11.csv');
    const result = await exportBilling(config, { month: '2026-11', format: 'csv', out });
    assert.equal(result.totalsOut, join(dir, 'export', 'billing-2026-11.totals.csv'));
    const mart = await queryRows(
      config.warehousePath,
      `select coalesce(currency, '') as currency, coalesce(reconciliation_status, 'all') as status,
              coalesce(unverified_reason, '') as reason, count(*)::int as interactions, coalesce(sum(billed_amount), 0) as amount
       from genesys_marts.fct_billing_reconciliation where billing_month = date '2026-11-01'
       group by grouping sets ((currency, reconciliation_status, unverified_reason), (currency))`,
    );
    const expected = new Map(
      mart.map((row) => [
        `${String(row['currency'])}|${String(row['status'])}|${String(row['reason'])}`,
        `${String(row['interactions'])}|${cents(Number(row['amount']))}`,
      ]),
    );
    const [header, ...lines] = (await readFile(result.totalsOut, 'utf8')).trimEnd().split('\n');
    assert.equal(header, 'currency,reconciliation_status,unverified_reason,interactions,billed_amount');
    const written = new Map(
      lines.map((line) => {
        const [currency, status, reason, interactions, amount] = line.split(',');
        return [`${currency}|${status}|${reason}`, `${interactions}|${cents(Number(amount))}`];
      }),
    );
    assert.deepEqual(written, expected);
    const [count] = await queryRows(
      config.warehousePath,
      `select count(*)::int as n from genesys_marts.fct_billing_reconciliation where billing_month = date '2026-11-01'`,
    );
    const exported = (await readFile(out, 'utf8')).trimEnd().split('\n').length - 1;
    assert.equal(exported, count?.['n']);
    assert.equal(result.rows, exported);
  });
});
