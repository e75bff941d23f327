/**
 * The dbt project's models built on the BigQuery emulator from their compiled SQL, without dbt's
 * materialisations (which the emulator cannot run: README, "dbt on BigQuery"). dbt compiles the
 * project for BigQuery (`compile --no-populate-cache` renders an incremental model's incremental
 * SQL: its full-refresh SQL plus filters); each model is then created in dependency order.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BigQuery } from '@google-cloud/bigquery';
import { runDbt, type DbtTarget } from '../../scripts/dbt.ts';

export interface ManifestNode {
  readonly unique_id: string;
  readonly name: string;
  readonly resource_type: string;
  /** The dataset the node is built in (models: its BigQuery dataset). */
  readonly schema: string;
  readonly relation_name?: string | null;
  readonly compiled_code?: string;
  readonly depends_on: { readonly nodes: readonly string[] };
  readonly config: {
    readonly materialized?: string;
    readonly sql_header?: string | null;
    readonly contract?: { readonly enforced?: boolean };
  };
  readonly columns: Readonly<Record<string, { readonly name: string; readonly data_type?: string | null }>>;
}

/** A value of a unit test's fixture row (dict format). */
export type FixtureValue = string | number | boolean | null;

export interface ManifestUnitTest {
  readonly name: string;
  /** The model's name. */
  readonly model: string;
  readonly expect: { readonly rows: readonly Readonly<Record<string, FixtureValue>>[] };
}

/** This test process's dbt target directory (test/helpers/dbt-paths.ts). */
export function dbtTargetPath(): string {
  const path = process.env['DBT_TARGET_PATH'];
  if (path === undefined) throw new Error('DBT_TARGET_PATH is set by test/helpers/dbt-paths.ts');
  return path;
}

export async function readManifest(): Promise<{
  nodes: Record<string, ManifestNode>;
  unit_tests: Record<string, ManifestUnitTest>;
}> {
  return JSON.parse(await readFile(join(dbtTargetPath(), 'manifest.json'), 'utf8')) as {
    nodes: Record<string, ManifestNode>;
    unit_tests: Record<string, ManifestUnitTest>;
  };
}

/** The project compiled for BigQuery: the manifest's nodes. */
export async function compileForBigQuery(target: DbtTarget): Promise<ManifestNode[]> {
  await runDbt(['compile', '--no-populate-cache'], { warehousePath: 'unused-for-bigquery', target });
  return Object.values((await readManifest()).nodes);
}

export const compiledCode = (node: ManifestNode): string => {
  assert.ok(node.compiled_code !== undefined, `dbt compile wrote the code of ${node.name}`);
  return node.compiled_code;
};

/** Models in an order where each comes after every model it reads. */
export function inDependencyOrder(models: readonly ManifestNode[]): ManifestNode[] {
  const placed = new Set<string>();
  const order: ManifestNode[] = [];
  while (order.length < models.length) {
    const ready = models.filter(
      (model) =>
        !placed.has(model.unique_id) &&
        model.depends_on.nodes.every((id) => !id.startsWith('model.') || placed.has(id)),
    );
    assert.ok(ready.length > 0, 'the models form no cycle');
    for (const model of ready) {
      order.push(model);
      placed.add(model.unique_id);
    }
  }
  return order;
}

/** A function that runs one query (or script) on `bigquery` in `location` and returns its rows. */
export const queryRunner =
  (bigquery: BigQuery, location: string) =>
  async (query: string): Promise<Record<string, unknown>[]> => {
    const [rows] = await bigquery.query({ query, location });
    return rows as Record<string, unknown>[];
  };

/** The datasets the models are built in. */
export const modelDatasets = (models: readonly ManifestNode[]): string[] => [
  ...new Set(models.map((model) => model.schema)),
];

/**
 * Creates `model` from its compiled SQL with `run` (a query on the emulator). A contract-enforced
 * model's query runs as a subquery, as dbt-bigquery runs it. A model that reads its own table
 * (an incremental mart) gets it empty from its contract's columns first; its query's result is
 * then a table of its own, `<model>__query_types`, whose rows are inserted into the model's.
 * Returns the relation that holds the query's result with the query's own column types.
 */
export async function createModel(run: (query: string) => Promise<unknown>, model: ManifestNode): Promise<string> {
  const relation = model.relation_name ?? '';
  const header = model.config.sql_header ?? '';
  const code = compiledCode(model);
  const query = model.config.contract?.enforced === true ? `select * from (${code}) as model_subq` : code;
  if (!code.includes(relation)) {
    await run(`${header}\ncreate ${model.config.materialized === 'view' ? 'view' : 'table'} ${relation} as ${query}`);
    return relation;
  }
  const columns = Object.values(model.columns).map((column) => {
    assert.ok(column.data_type, `${model.name}.${column.name} has a contract type`);
    return column;
  });
  await run(`create table ${relation} (${columns.map((c) => `${c.name} ${String(c.data_type)}`).join(', ')})`);
  const typed = relation.replace(/`$/, '__query_types`');
  await run(`${header}\ncreate table ${typed} as ${query}`);
  const names = columns.map((column) => column.name).join(', ');
  await run(`insert into ${relation} (${names}) select ${names} from ${typed}`);
  return typed;
}
