/**
 * The marts of one scenario agree on both warehouses, row for row. The sandbox's "small"
 * scenario is extracted twice through the real SDK: into DuckDB (a file stage) and into BigQuery
 * (a gs:// stage on fake-gcs-server, loaded into goccy's bigquery-emulator). dbt builds the
 * DuckDB marts; the BigQuery ones are built on the emulator from dbt's compiled BigQuery SQL
 * (test/helpers/bigquery-models.ts). So every dispatched macro's BigQuery branch meets the same
 * data as its DuckDB branch.
 *
 * Every column of every mart is compared, but those that record when, or in which run, the
 * pipeline looked: the two extractions differ there by design (`runDependent`, with reasons).
 * Timestamps are compared as epoch milliseconds, floats to 9 decimals, the rest as text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dbtBuildArgs, runDbt } from '../../../scripts/dbt.ts';
import {
  compileForBigQuery,
  createModel,
  inDependencyOrder,
  modelDatasets,
  queryRunner,
} from '../../helpers/bigquery-models.ts';
import { emulatorProject, startEmulators } from '../../helpers/emulators.ts';
import { bigqueryWorkspace, extractScenario, sandboxWorkspace } from '../../helpers/sandbox-workspace.ts';
import { queryRows } from '../../helpers/warehouse.ts';

const location = 'EU';
const rawDataset = 'genesys_raw';

/** Mart columns that differ between two extractions of the same scenario, by design. */
const runDependent: Readonly<Record<string, readonly string[]>> = {
  // When the users and queues were extracted.
  dim_agents: ['extracted_at'],
  dim_queues: ['extracted_at'],
  // When the deletion protection was checked and the recording last observed.
  fct_recording_custody: ['protection_checked_at', 'last_observed_at'],
  // A metadata event's time is when the state was observed, and its source the staged file, which
  // names the run; the event's id and the hash chain cover both.
  fct_recording_custody_events: [
    'custody_event_id',
    'source_event_id',
    'event_hash',
    'previous_event_hash',
    'event_at',
  ],
  // A policy's first version starts when the policy was first observed; the version's id covers that start.
  dim_retention_policy_versions: ['policy_version_id', 'valid_from', 'valid_to'],
};

test('the marts of the small scenario are the same on DuckDB and on BigQuery', { timeout: 900_000 }, async (t) => {
  const emulators = await startEmulators(t);
  const workspace = await sandboxWorkspace(t, 'small');
  const production = await bigqueryWorkspace(workspace, emulators, rawDataset);
  await extractScenario(workspace);
  await extractScenario(production);
  await runDbt(dbtBuildArgs(), { warehousePath: workspace.config.warehousePath });

  const nodes = await compileForBigQuery({
    kind: 'bigquery',
    projectId: emulatorProject,
    dataset: rawDataset,
    location,
    apiEndpoint: emulators.bigqueryUrl,
  });
  const bigquery = emulators.bigquery();
  const run = queryRunner(bigquery, location);
  const models = inDependencyOrder(nodes.filter((node) => node.resource_type === 'model'));
  for (const dataset of modelDatasets(models)) await bigquery.createDataset(dataset, { location });
  for (const model of models) await createModel(run, model);

  const marts = models.filter((model) => model.config.contract?.enforced === true);
  assert.ok(marts.length >= 10, `${String(marts.length)} marts`);
  for (const mart of marts) {
    const skipped = new Set(runDependent[mart.name] ?? []);
    const columns = Object.values(mart.columns).filter((column) => !skipped.has(column.name));
    const select = (timestampAsMillis: string, text: string): string =>
      columns
        .map(({ name, data_type: type }) => {
          if (type === 'timestamp') return `${timestampAsMillis}(${name}) as ${name}`;
          if (type === 'float64') return `round(${name}, 9) as ${name}`;
          return `cast(${name} as ${text}) as ${name}`;
        })
        .join(', ');
    const normalise = (rows: readonly Record<string, unknown>[]): string[] =>
      rows
        .map((row) =>
          JSON.stringify(columns.map(({ name }) => (row[name] == null ? null : String(row[name] as string | number)))),
        )
        .sort();
    const duckdb = normalise(
      await queryRows(
        workspace.config.warehousePath,
        `select ${select('epoch_ms', 'varchar')} from genesys_marts.${mart.name}`,
      ),
    );
    const onBigquery = normalise(
      await run(`select ${select('unix_millis', 'string')} from ${mart.relation_name ?? ''}`),
    );
    assert.ok(duckdb.length > 0, `${mart.name} has rows`);
    assert.deepEqual(onBigquery, duckdb, `${mart.name}: ${columns.map((column) => column.name).join(', ')}`);
  }
});
