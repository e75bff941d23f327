import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../../contract/errors.ts';
import { defaultDuckdbResources } from '../../../load/duckdb/settings.ts';
import { parseConfig } from '../../../scripts/config.ts';

test("DUCKDB_MEMORY_LIMIT, DUCKDB_LOAD_MEMORY_LIMIT and DUCKDB_THREADS configure the pipeline's DuckDB; bad values are refused", () => {
  assert.deepEqual(
    parseConfig({ DUCKDB_MEMORY_LIMIT: '256MB', DUCKDB_LOAD_MEMORY_LIMIT: '128MB', DUCKDB_THREADS: '2' }, '/tmp')
      .duckdb,
    { memoryLimit: '256MB', threads: 2, loadMemoryLimit: '128MB' },
  );
  assert.deepEqual(parseConfig({}, '/tmp').duckdb, defaultDuckdbResources);
  assert.throws(() => parseConfig({ DUCKDB_LOAD_MEMORY_LIMIT: 'less' }, '/tmp'), ConfigError);
});

test('.env.example documents the defaults', () => {
  const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
  assert.match(example, new RegExp(`^DUCKDB_MEMORY_LIMIT=${defaultDuckdbResources.memoryLimit}$`, 'm'));
  assert.match(example, new RegExp(`^DUCKDB_LOAD_MEMORY_LIMIT=${defaultDuckdbResources.loadMemoryLimit ?? ''}$`, 'm'));
  assert.match(example, new RegExp(`^DUCKDB_THREADS=${defaultDuckdbResources.threads}$`, 'm'));
});
