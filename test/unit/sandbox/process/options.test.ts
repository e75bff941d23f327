import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyOverrides, parseScenario, parseServeArgs, serveArgs } from '../../../../sandbox/index.ts';

describe('sandbox process options', () => {
  it('round-trips through the command line', () => {
    const args = serveArgs({ scenario: 'large', latencyMs: 30, rateLimit: 300, clients: 2, days: 4 });
    assert.deepEqual(parseServeArgs(args), {
      scenario: 'large',
      port: 0,
      host: '127.0.0.1',
      latencyMs: 30,
      rateLimit: 300,
      clients: 2,
      days: 4,
    });
  });

  it('rejects unknown flags and bad values', () => {
    assert.throws(() => parseServeArgs(['--latency', '30']));
    assert.throws(() => parseServeArgs(['--clients', '0']));
    assert.throws(() => parseServeArgs(['--latency-ms']));
  });

  it('applies a slice and a rate limit to a scenario', () => {
    const scenario = parseScenario({ days: 20, callsPerDay: 50_000 });
    const sliced = applyOverrides(scenario, { days: 1, callsPerDay: 10_000, rateLimit: 300 });
    assert.equal(sliced.days, 1);
    assert.equal(sliced.callsPerDay, 10_000);
    assert.equal(sliced.limits.requestsPerMinute, 300);
    assert.equal(applyOverrides(scenario, {}).limits.requestsPerMinute, 0);
  });
});
