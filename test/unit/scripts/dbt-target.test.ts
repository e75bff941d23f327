/** WAREHOUSE_URI picks the dbt profile target and the environment models/profiles.yml reads. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { dbtProjectDir, dbtTargetEnv, dbtWorkDirs } from '../../../scripts/dbt.ts';

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

test('each warehouse has dbt target and log directories of its own under models/, unless the environment names them', () => {
  const duckdb = { kind: 'duckdb' } as const;
  const first = dbtWorkDirs(duckdb, '/data/a/warehouse.duckdb', {});
  assert.equal(dirname(first.DBT_TARGET_PATH), join(dbtProjectDir, 'target'));
  assert.equal(dirname(first.DBT_LOG_PATH), join(dbtProjectDir, 'logs'));
  assert.match(basename(first.DBT_TARGET_PATH), /^duckdb-warehouse-[0-9a-f]{8}$/);
  assert.deepEqual(
    dbtWorkDirs(duckdb, '/data/a/../a/warehouse.duckdb', {}),
    first,
    'the same file, the same directories',
  );
  const other = dbtWorkDirs(duckdb, '/data/b/warehouse.duckdb', {});
  assert.notEqual(other.DBT_TARGET_PATH, first.DBT_TARGET_PATH, 'another file of the same name');
  assert.notEqual(other.DBT_LOG_PATH, first.DBT_LOG_PATH);

  const bigquery = { kind: 'bigquery', projectId: 'my-project', dataset: 'genesys raw', location: 'EU' } as const;
  const production = dbtWorkDirs(bigquery, '', {});
  assert.match(basename(production.DBT_TARGET_PATH), /^bigquery-my-project-genesys_raw-[0-9a-f]{8}$/);
  assert.notEqual(
    dbtWorkDirs({ ...bigquery, apiEndpoint: 'http://127.0.0.1:9050' }, '', {}).DBT_TARGET_PATH,
    production.DBT_TARGET_PATH,
    'the emulator is not the real dataset',
  );

  assert.deepEqual(dbtWorkDirs(duckdb, '/data/a/warehouse.duckdb', { DBT_TARGET_PATH: '/t', DBT_LOG_PATH: '/l' }), {
    DBT_TARGET_PATH: '/t',
    DBT_LOG_PATH: '/l',
  });
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
