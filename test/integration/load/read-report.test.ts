/**
 * The report's sections read from a real DuckDB file whose marts schema the test fills by hand
 * (a few rows per mart, named as the mart contracts name them): which marts a section needs, the
 * "not available" notice when one is missing, the failure-rate source switching to
 * agg_recording_failure_root_cause when it exists, and a renamed column failing loudly.
 */
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { LoadError } from '../../../contract/errors.ts';
import { openDuckdbMartReader } from '../../../load/duckdb/mart-reader.ts';
import { defaultDuckdbResources } from '../../../load/duckdb/settings.ts';
import { readReport, type Section } from '../../../load/report/read-report.ts';
import { renderReportHtml } from '../../../scripts/report/html.ts';
import { handFilledWarehouse } from '../../helpers/warehouse.ts';

const schema = 'genesys_marts';

// Agent sessions: conversation c1 was transferred (two sessions in hour 9), so the headline and
// the by-hour chart must count it once; c6 needs no screen recording and was never reported compliant.
const sessions = `create table ${schema}.fct_recording_compliance as
  select * from (values
    ('c1', 9, true, false, true, 'failed', 'timeout', '408'),
    ('c1', 9, true, true, true, 'verified', 'timeout', '408'),
    ('c2', 9, true, true, true, 'verified', 'success', '200'),
    ('c3', 14, true, false, true, 'missing', null, null),
    ('c4', 14, true, false, true, 'verified', 'success', '200'),
    ('c5', 14, true, true, false, 'not_required', 'timeout', '408'),
    ('c6', 9, false, false, false, 'not_required', null, null)
  ) as t (conversation_id, local_hour, is_reported_compliant, is_verified_compliant,
    is_screen_required, screen_status, data_action_result, data_action_http_status)`;
const rootCause = `create table ${schema}.agg_recording_failure_root_cause as
  select * from (values (9, 4, 3, 30, 3), (14, 6, 5, 10, 1)) as t
    (local_hour, interactions_with_timeout, screen_failures_with_timeout, interactions_without_timeout, screen_failures_without_timeout)`;
const custody = `create table ${schema}.fct_recording_custody as
  select * from (values ('r1', 'intact'), ('r2', 'intact'), ('r3', 'deleted_without_export')) as t (recording_id, custody_verdict)`;
const billing = `create table ${schema}.fct_billing_reconciliation as
  select * from (values
    ('b1', 'verified', 'EUR', true, 10.5), ('b2', 'verified', 'EUR', true, 4.25),
    ('b3', 'unverified', 'EUR', true, 3.0), ('b4', 'not_billed_verified', null, false, null)
  ) as t (billing_reconciliation_id, reconciliation_status, currency, is_billed, billed_amount)`;

const warehouse = (t: TestContext, statements: readonly string[]) => handFilledWarehouse(t, schema, statements);

function rowsOf<Row>(section: Section<Row>): readonly Row[] {
  if (section.status !== 'ok') throw new Error(`section missing: ${section.reason}`);
  return section.rows;
}

function reasonOf(section: Section<unknown>): string {
  if (section.status !== 'missing') throw new Error('section is there');
  return section.reason;
}

async function read(path: string) {
  const reader = await openDuckdbMartReader(path, defaultDuckdbResources);
  try {
    return await readReport(reader, schema);
  } finally {
    reader.close();
  }
}

test('only the compliance fact: custody and billing are reported missing, failures come from the sessions', async (t) => {
  const data = await read(await warehouse(t, [sessions]));
  assert.deepEqual(rowsOf(data.headline), [
    {
      interactions: 6,
      reported_compliant_interactions: 5,
      verified_compliant_interactions: 2,
      reported_compliance_rate: 5 / 6,
      verified_compliance_rate: 2 / 6,
    },
  ]);
  assert.deepEqual(
    rowsOf(data.byHour).map((row) => [
      row.local_hour,
      row.interactions,
      row.reported_compliance_rate,
      row.verified_compliance_rate,
    ]),
    [
      [9, 3, 2 / 3, 1 / 3],
      [14, 3, 3 / 3, 1 / 3],
    ],
  );
  assert.deepEqual(data.failureRate.marts, ['fct_recording_compliance']);
  assert.deepEqual(rowsOf(data.failureRate), [
    { segment: 'all', in_scope: 5, failures: 2, failure_rate: 2 / 5 },
    { segment: 'with timeout', in_scope: 2, failures: 1, failure_rate: 1 / 2 },
    { segment: 'without timeout', in_scope: 3, failures: 1, failure_rate: 1 / 3 },
  ]);
  assert.match(reasonOf(data.custody), /^genesys_marts\.fct_recording_custody missing: /);
  assert.match(reasonOf(data.billing), /^genesys_marts\.fct_billing_reconciliation missing: /);

  const html = await renderReportHtml(data, { generatedAt: new Date('2026-12-01T00:00:00Z'), source: 'test' });
  assert.match(html, /not available: genesys_marts\.fct_recording_custody missing/);
  assert.match(html, /not available: genesys_marts\.fct_billing_reconciliation missing/);
  assert.match(html, /data-figure="peak_local_hour" data-value="14"/);
  assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org)/);
  assert.equal(html.match(/<figure class="chart"/g)?.length, 2);
});

test('every mart present: root-cause mart for failures, custody verdicts and billing totals', async (t) => {
  const data = await read(await warehouse(t, [sessions, rootCause, custody, billing]));
  assert.deepEqual(data.failureRate.marts, ['agg_recording_failure_root_cause']);
  assert.deepEqual(rowsOf(data.failureRate), [
    { segment: 'all', in_scope: 50, failures: 12, failure_rate: 12 / 50 },
    { segment: 'with timeout', in_scope: 10, failures: 8, failure_rate: 8 / 10 },
    { segment: 'without timeout', in_scope: 40, failures: 4, failure_rate: 4 / 40 },
  ]);
  assert.deepEqual(rowsOf(data.custody), [
    { custody_verdict: 'intact', recordings: 2 },
    { custody_verdict: 'deleted_without_export', recordings: 1 },
  ]);
  assert.deepEqual(rowsOf(data.billing), [
    {
      reconciliation_status: 'not_billed_verified',
      currency: null,
      billing_rows: 1,
      billed_interactions: 0,
      billed_amount: 0,
    },
    { reconciliation_status: 'unverified', currency: 'EUR', billing_rows: 1, billed_interactions: 1, billed_amount: 3 },
    {
      reconciliation_status: 'verified',
      currency: 'EUR',
      billing_rows: 2,
      billed_interactions: 2,
      billed_amount: 14.75,
    },
  ]);
  const html = await renderReportHtml(data, { generatedAt: new Date('2026-12-01T00:00:00Z'), source: 'test' });
  assert.doesNotMatch(html, /not available/);
  assert.equal(html.match(/<figure class="chart"/g)?.length, 4);
  assert.match(html, /<td data-value="14.75">14.75<\/td>/);
});

test('a renamed mart column is an error naming the section and the mart, not an empty chart', async (t) => {
  const renamed = sessions.replace('is_verified_compliant,', 'is_verified,');
  await assert.rejects(read(await warehouse(t, [renamed])), (error: unknown) => {
    assert.ok(error instanceof LoadError);
    assert.match(error.message, /^The report's headline query failed on genesys_marts\.fct_recording_compliance: /);
    assert.match(error.message, /is_verified_compliant/);
    return true;
  });
});
