/** WAREHOUSE_URI picks the dbt profile target and the environment models/profiles.yml reads. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbtProjectDir, dbtTargetEnv } from '../../../scripts/dbt.ts';

test('a DuckDB warehouse runs the default target on its file', () => {
  assert.deepEqual(dbtTargetEnv({ kind: 'duckdb' }, '/data/warehouse.duckdb'), {
    args: [],
    env: { DBT_DUCKDB_PATH: '/data/warehouse.duckdb' },
  });
});

test('a BigQuery warehouse runs the bigquery target with the project, raw dataset and location of the URI', () => {
  const target = { kind: 'bigquery', projectId: 'my-project', dataset: 'genesys_raw', location: 'EU' } as const;
  assert.deepEqual(dbtTargetEnv(target, 'bigquery://my-project/genesys_raw?location=EU'), {
    args: ['--target', 'bigquery'],
    env: { DBT_BIGQUERY_PROJECT: 'my-project', DBT_BIGQUERY_DATASET: 'genesys_raw', DBT_BIGQUERY_LOCATION: 'EU' },
  });
  const emulated = dbtTargetEnv({ ...target, apiEndpoint: 'http://127.0.0.1:9050' }, '');
  assert.deepEqual(emulated.args, ['--target', 'bigquery-emulator']);
  assert.equal(emulated.env['DBT_BIGQUERY_API_ENDPOINT'], 'http://127.0.0.1:9050');
});

test('every target and variable named here exists in models/profiles.yml', () => {
  const profiles = readFileSync(join(dbtProjectDir, 'profiles.yml'), 'utf8');
  for (const name of ['bigquery:', 'bigquery-emulator:', 'DBT_DUCKDB_PATH', 'DBT_BIGQUERY_PROJECT']) {
    assert.ok(profiles.includes(name), `${name} in profiles.yml`);
  }
  for (const name of ['DBT_BIGQUERY_DATASET', 'DBT_BIGQUERY_LOCATION', 'DBT_BIGQUERY_API_ENDPOINT']) {
    assert.ok(profiles.includes(`env_var('${name}'`), `${name} read by profiles.yml`);
  }
});
