import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ConfigError, LoadError } from '../../../../contract/errors.ts';
import { parseConfig } from '../../../../scripts/config.ts';
import {
  defaultDuckdbResources,
  duckdbConfig,
  isDuckdbMemorySize,
  scaledMemorySize,
} from '../../../../load/duckdb/settings.ts';

test('every instance gets an explicit memory limit and thread count, and hands freed memory back early', () => {
  const config = duckdbConfig({ memoryLimit: '192MB', threads: 3 });
  assert.equal(config['memory_limit'], '192MB');
  assert.equal(config['threads'], '3');
  assert.ok(config['allocator_flush_threshold'] !== undefined);
  assert.equal(config['allocator_background_threads'], 'true');
  assert.deepEqual(
    { memory_limit: duckdbConfig(defaultDuckdbResources)['memory_limit'] },
    { memory_limit: defaultDuckdbResources.memoryLimit },
  );
});

test('extra settings are added to, and may override, the resource settings', () => {
  const config = duckdbConfig(defaultDuckdbResources, { temp_directory: '/tmp/x', threads: '1' });
  assert.equal(config['temp_directory'], '/tmp/x');
  assert.equal(config['threads'], '1');
});

test('memory sizes need a number and a unit DuckDB knows', () => {
  for (const good of ['256MB', '1GiB', '1.5GB', ' 512 MiB ', '100000B']) assert.ok(isDuckdbMemorySize(good), good);
  for (const bad of ['256', 'MB', 'lots', '-1GB', '80%', '']) assert.ok(!isDuckdbMemorySize(bad), bad);
  assert.throws(() => duckdbConfig({ memoryLimit: '80%', threads: 2 }), LoadError);
  assert.throws(() => duckdbConfig({ memoryLimit: '1GB', threads: 0 }), LoadError);
  assert.throws(() => duckdbConfig({ memoryLimit: '1GB', threads: 1.5 }), LoadError);
});

test('DUCKDB_MEMORY_LIMIT, DUCKDB_LOAD_MEMORY_LIMIT, DUCKDB_THREADS and DUCKDB_REOPEN_AFTER_MB configure every instance; defaults suit a 1 GiB container', () => {
  assert.deepEqual(parseConfig({}, '/tmp').duckdb, defaultDuckdbResources);
  assert.deepEqual(
    parseConfig(
      {
        DUCKDB_MEMORY_LIMIT: '1GiB',
        DUCKDB_LOAD_MEMORY_LIMIT: '512MB',
        DUCKDB_THREADS: '4',
        DUCKDB_REOPEN_AFTER_MB: '0',
      },
      '/tmp',
    ).duckdb,
    { memoryLimit: '1GiB', threads: 4, loadMemoryLimit: '512MB', reopenAfterBytes: 0 },
  );
  assert.equal(parseConfig({ DUCKDB_REOPEN_AFTER_MB: '64' }, '/tmp').duckdb.reopenAfterBytes, 64 * 1024 ** 2);
  assert.throws(() => parseConfig({ DUCKDB_REOPEN_AFTER_MB: '-1' }, '/tmp'), ConfigError);
  assert.throws(() => parseConfig({ DUCKDB_REOPEN_AFTER_MB: 'often' }, '/tmp'), ConfigError);
  assert.throws(() => parseConfig({ DUCKDB_MEMORY_LIMIT: 'half' }, '/tmp'), ConfigError);
  assert.throws(() => parseConfig({ DUCKDB_LOAD_MEMORY_LIMIT: 'less' }, '/tmp'), ConfigError);
  assert.throws(() => parseConfig({ DUCKDB_THREADS: '0' }, '/tmp'), ConfigError);
  assert.throws(() => duckdbConfig({ memoryLimit: '1GB', threads: 1, loadMemoryLimit: 'less' }), LoadError);
});

test('.env.example documents the defaults', () => {
  const example = readFileSync(new URL('../../../../.env.example', import.meta.url), 'utf8');
  assert.match(example, new RegExp(`^DUCKDB_MEMORY_LIMIT=${defaultDuckdbResources.memoryLimit}$`, 'm'));
  assert.match(example, new RegExp(`^DUCKDB_LOAD_MEMORY_LIMIT=${defaultDuckdbResources.loadMemoryLimit ?? ''}$`, 'm'));
  assert.match(example, new RegExp(`^DUCKDB_THREADS=${defaultDuckdbResources.threads}$`, 'm'));
  assert.match(
    example,
    new RegExp(`^DUCKDB_REOPEN_AFTER_MB=${(defaultDuckdbResources.reopenAfterBytes ?? 0) / 1024 ** 2}$`, 'm'),
  );
});

test('a memory size scales in its own unit', () => {
  assert.equal(scaledMemorySize('96MB', 2), '192MB');
  assert.equal(scaledMemorySize(' 1.5 GiB ', 2), '3GiB');
  assert.throws(() => scaledMemorySize('lots', 2), /not a memory size/);
});
