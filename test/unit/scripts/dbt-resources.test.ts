import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../../contract/errors.ts';
import { defaultDbtDuckdbResources, parseConfig } from '../../../scripts/config.ts';

const read = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

test("DBT_DUCKDB_MEMORY_LIMIT and DBT_DUCKDB_THREADS configure dbt's DuckDB; bad values are refused", () => {
  assert.deepEqual(parseConfig({}, '/tmp').dbtDuckdb, defaultDbtDuckdbResources);
  assert.deepEqual(parseConfig({ DBT_DUCKDB_MEMORY_LIMIT: '2GiB', DBT_DUCKDB_THREADS: '4' }, '/tmp').dbtDuckdb, {
    memoryLimit: '2GiB',
    threads: 4,
  });
  assert.throws(() => parseConfig({ DBT_DUCKDB_MEMORY_LIMIT: 'most' }, '/tmp'), ConfigError);
  assert.throws(() => parseConfig({ DBT_DUCKDB_THREADS: '0' }, '/tmp'), ConfigError);
});

test('models/profiles.yml and .env.example carry the same defaults as the configuration', () => {
  const profile = read('models/profiles.yml');
  const fallback = (name: string): string | undefined =>
    new RegExp(`env_var\\('${name}', '([^']+)'\\)`, 'g').exec(profile)?.[1];
  assert.equal(fallback('DBT_DUCKDB_MEMORY_LIMIT'), defaultDbtDuckdbResources.memoryLimit);
  assert.equal(fallback('DBT_DUCKDB_THREADS'), String(defaultDbtDuckdbResources.threads));
  assert.match(profile, /memory_limit: "\{\{ env_var\('DBT_DUCKDB_MEMORY_LIMIT'/);
  assert.match(profile, /threads: "\{\{ env_var\('DBT_DUCKDB_THREADS'/);
  const example = read('.env.example');
  assert.match(example, new RegExp(`^DBT_DUCKDB_MEMORY_LIMIT=${defaultDbtDuckdbResources.memoryLimit}$`, 'm'));
  assert.match(example, new RegExp(`^DBT_DUCKDB_THREADS=${defaultDbtDuckdbResources.threads}$`, 'm'));
});
