/**
 * The report and finance's export read BigQuery marts as they read DuckDB ones. dbt cannot build
 * on the BigQuery emulator (README, "dbt on the emulator"), so the marts are built with dbt on
 * DuckDB from the small scenario and its billing file, then copied table for table, column for
 * column into the emulator's marts dataset. `report` and `export-billing` then run against each
 * warehouse, and what they read must agree: every section's rows, and the exported lines and totals.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TableField } from '@google-cloud/bigquery';
import { writeBillingFile } from '../../../sandbox/index.ts';
import { exportBilling } from '../../../scripts/commands/export-billing.ts';
import { loadBillingCommand } from '../../../scripts/commands/load-billing.ts';
import { writeReport } from '../../../scripts/commands/report.ts';
import { buildModels, openWarehouse } from '../../../scripts/commands/shared.ts';
import { parseConfig } from '../../../scripts/config.ts';
import { startEmulators } from '../../helpers/emulators.ts';
import { extractScenario, quiet, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

/** The marts the report and the export read. */
const marts = [
  'agg_recording_compliance_hourly',
  'agg_recording_failure_root_cause',
  'fct_recording_compliance',
  'fct_recording_custody',
  'fct_billing_reconciliation',
];

/** BigQuery's type for a DuckDB column type, and how the value travels as JSON. */
function bigqueryType(duckdbType: string): { type: string; select: (column: string) => string } {
  const plain = (type: string) => ({ type, select: (column: string) => `"${column}"` });
  if (duckdbType === 'VARCHAR') return plain('STRING');
  if (duckdbType === 'BOOLEAN') return plain('BOOL');
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UBIGINT|UINTEGER)$/.test(duckdbType)) {
    return { type: 'INT64', select: (column) => `cast("${column}" as bigint)` };
  }
  if (/^(DOUBLE|FLOAT|DECIMAL)/.test(duckdbType)) return { type: 'FLOAT64', select: (c) => `cast("${c}" as double)` };
  if (duckdbType === 'DATE') return { type: 'DATE', select: (column) => `cast("${column}" as varchar)` };
  if (duckdbType === 'TIMESTAMP WITH TIME ZONE') {
    return {
      type: 'TIMESTAMP',
      select: (column) => `strftime(timezone('UTC', "${column}"), '%Y-%m-%d %H:%M:%S.%f')`,
    };
  }
  if (duckdbType === 'TIMESTAMP')
    return { type: 'DATETIME', select: (c) => `strftime("${c}", '%Y-%m-%d %H:%M:%S.%f')` };
  throw new Error(`no BigQuery type for DuckDB ${duckdbType}`);
}

test('report and export-billing read BigQuery marts as they read DuckDB ones', { timeout: 900_000 }, async (t) => {
  const workspace = await sandboxWorkspace(t, 'small', {
    env: { PSEUDONYMISATION_KEY: 'report-bigquery-test-key-0123' },
  });
  const { config, dir, scenario } = workspace;
  await extractScenario(workspace);
  const billingPath = join(dir, 'billing.csv');
  await writeBillingFile(scenario, billingPath);
  await loadBillingCommand(config, { path: billingPath, build: false, print: false });
  await buildModels({ ...config, orgTimezone: scenario.orgTimeZone }, quiet);

  const emulators = await startEmulators(t);
  const bigquery = emulators.bigquery();
  const schema = config.dbtSchemas.marts;
  const [dataset] = await bigquery.createDataset(schema, { location: 'EU' });
  let copied = 0;
  for (const mart of marts) {
    const columns = await queryRows(
      config.warehousePath,
      `select column_name, data_type from information_schema.columns
        where table_schema = '${schema}' and table_name = '${mart}' order by ordinal_position`,
    );
    assert.ok(columns.length > 0, `${mart} was built`);
    const mapped = columns.map((c) => ({ name: String(c['column_name']), ...bigqueryType(String(c['data_type'])) }));
    const fields: TableField[] = mapped.map((c) => ({ name: c.name, type: c.type, mode: 'NULLABLE' }));
    const [table] = await dataset.createTable(mart, { schema: { fields } });
    const rows = await queryRows(
      config.warehousePath,
      `select ${mapped.map((c) => `${c.select(c.name)} as "${c.name}"`).join(', ')} from ${schema}.${mart}`,
    );
    for (let i = 0; i < rows.length; i += 500) await table.insert(rows.slice(i, i + 500));
    const [counted] = await bigquery.query({ query: `select count(*) as n from ${schema}.${mart}`, location: 'EU' });
    assert.equal(Number((counted[0] as { n?: unknown } | undefined)?.n), rows.length, `${mart} copied whole`);
    copied += rows.length;
  }
  assert.ok(copied > 1000, `the marts hold the scenario (${copied} rows)`);

  const onBigquery = parseConfig(
    {
      STAGE_URI: `gs://unused-bucket/stage`,
      WAREHOUSE_URI: `bigquery://${emulators.projectId}/genesys_raw?location=EU`,
      DBT_MARTS_SCHEMA: schema,
      ...emulators.env(),
    },
    dir,
  );

  await t.test('every section of the report has the same rows', async () => {
    const fromDuckdb = (await writeReport(config, { out: join(dir, 'duckdb.html') })).data;
    const fromBigquery = await writeReport(onBigquery, { out: join(dir, 'bigquery.html') });
    for (const name of ['headline', 'byHour', 'failureRate', 'custody', 'billing'] as const) {
      const a = fromDuckdb[name];
      const b = fromBigquery.data[name];
      if (a.status !== 'ok' || b.status !== 'ok') {
        assert.fail(`${name}: DuckDB ${a.status}, BigQuery ${b.status}`);
      }
      assert.ok(a.rows.length > 0, `${name} has rows`);
      // Sums of doubles may differ in the last bits between the engines.
      const rounded = (rows: readonly object[]): unknown =>
        JSON.parse(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)));
      assert.deepEqual(rounded(b.rows), rounded(a.rows), name);
    }
    const html = await readFile(fromBigquery.path, 'utf8');
    assert.match(html, new RegExp(`bigquery://${emulators.projectId}/${schema}`));
  });

  await t.test('the compliance-gap alert reads the same local hours', async () => {
    // The day after the scenario's last, so the alert reads its last day.
    const after = new Date(Date.parse(`${scenario.startDate}T00:00:00Z`) + (scenario.days + 1) * 86_400_000);
    const beforeLocalDate = after.toISOString().slice(0, 10);
    const read = async (of: typeof config) => {
      const warehouse = await openWarehouse(of);
      try {
        return await warehouse.complianceByLocalHour(schema, beforeLocalDate);
      } finally {
        await warehouse.close();
      }
    };
    const fromDuckdb = await read(config);
    assert.ok(fromDuckdb.length > 0, 'the last day has hours');
    assert.deepEqual(await read(onBigquery), fromDuckdb);
  });

  await t.test("finance's export has the same lines and totals", async () => {
    const month = scenario.startDate.slice(0, 7);
    const a = await exportBilling(config, { month, format: 'csv', out: join(dir, 'duckdb.csv') });
    const b = await exportBilling(onBigquery, { month, format: 'csv', out: join(dir, 'bigquery.csv') });
    assert.ok(a.rows > 0, 'the month has billed lines');
    assert.equal(b.rows, a.rows);
    assert.deepEqual(b.totals, a.totals);
    assert.equal(await readFile(b.out, 'utf8'), await readFile(a.out, 'utf8'));
  });
});
