import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBenchArgs } from '../../../../scripts/bench/options.ts';

describe('bench options', () => {
  it('defaults to loopback: in-process sandbox, no latency, 10 ms polls, 600/min budget phase', () => {
    const plan = parseBenchArgs([]);
    assert.equal(plan.mode, 'loopback');
    assert.equal(plan.sandbox, 'in-process');
    assert.equal(plan.latencyMs, 0);
    assert.equal(plan.pollMs, 10);
    assert.equal(plan.rateLimit, 600);
    assert.equal(plan.clientRateLimit, 600);
    assert.equal(plan.clients, 1);
    assert.equal(plan.days, 3);
    assert.equal(plan.throughput, true);
  });

  it('realistic: separate process, 30 ms latency, 2 s polls, 300/min, 2 clients in parallel', () => {
    const plan = parseBenchArgs(['--mode', 'realistic']);
    assert.deepEqual(
      [plan.sandbox, plan.latencyMs, plan.pollMs, plan.rateLimit, plan.clients, plan.parallel, plan.throughput],
      ['process', 30, 2000, 300, 2, 2, false],
    );
    assert.equal(plan.days, null);
  });

  it('lets every flag override the mode', () => {
    const plan = parseBenchArgs(['--mode', 'realistic', '--clients', '3', '--latency-ms', '5', '--rate-limit', '120']);
    assert.equal(plan.clients, 3);
    assert.equal(plan.parallel, 3);
    assert.equal(plan.latencyMs, 5);
    assert.equal(plan.clientRateLimit, 120);
  });

  it('a slice runs the sandbox in its own process and skips the budget phase unless asked', () => {
    const plan = parseBenchArgs(['--scenario', 'large', '--conversations', '10000']);
    assert.equal(plan.conversations, 10_000);
    assert.equal(plan.sandbox, 'process');
    assert.equal(plan.rateLimit, 0);
    assert.equal(plan.days, null);
    assert.equal(parseBenchArgs(['--conversations', '10', '--rate-limit', '60']).rateLimit, 60);
  });

  it('--dbt-warehouse runs the dbt phase with dbt DuckDB settings of its own', () => {
    const plan = parseBenchArgs([
      '--dbt-warehouse',
      '/data/w.duckdb',
      '--dbt-memory-limit',
      '1GB',
      '--dbt-threads',
      '1',
    ]);
    assert.deepEqual([plan.dbtWarehouse, plan.dbtMemoryLimit, plan.dbtThreads], ['/data/w.duckdb', '1GB', 1]);
    assert.equal(parseBenchArgs([]).dbtWarehouse, null);
    assert.throws(() => parseBenchArgs(['--dbt-warehouse', 'w.duckdb', '--dbt-memory-limit', 'plenty']));
  });

  it('rejects unknown flags, modes and bad numbers', () => {
    assert.throws(() => parseBenchArgs(['--mode', 'fast']));
    assert.throws(() => parseBenchArgs(['--clients', '0']));
    assert.throws(() => parseBenchArgs(['--latency-ms', 'abc']));
    assert.throws(() => parseBenchArgs(['--sandbox', 'remote']));
    assert.throws(() => parseBenchArgs(['--bogus']));
  });
});
