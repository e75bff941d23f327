import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadScenario } from '../../../sandbox/index.ts';
import { failed, ok, sdkFor } from './helpers/sdk.ts';
import type { Extended } from './helpers/sdk.ts';
import { withSandbox } from './helpers/use-sandbox.ts';

async function settle(call: Promise<unknown>): Promise<Extended<Record<string, unknown>>> {
  return call.then(
    (r) => r as Extended<Record<string, unknown>>,
    (e: unknown) => e as Extended<Record<string, unknown>>,
  );
}

describe('sandbox limits and faults (through the SDK)', () => {
  it('answers 429 with Retry-After once the per-token budget is spent', async () => {
    let now = Date.parse('2026-11-20T08:00:00Z');
    const small = await loadScenario('small');
    const overrides = { limits: { ...small.limits, requestsPerMinute: 5 } };
    await withSandbox({ scenario: small, overrides, clock: () => now }, async ({ sdk, sandbox }) => {
      for (let i = 0; i < 5; i++) assert.equal((await ok(sdk.users.getUsers())).status, 200);
      now += 20_000;
      const limited = await failed(sdk.users.getUsers());
      assert.equal(limited.status, 429);
      assert.equal(limited.headers['retry-after'], '40');
      assert.equal(limited.body['code'], 'too.many.requests.retry.after');
      assert.equal(limited.body['message'], 'Rate limit exceeded the maximum. Retry the request in [40] seconds');
      // A second client has its own token and its own budget.
      const other = sdkFor(sandbox);
      await other.login();
      assert.equal((await ok(other.users.getUsers())).status, 200);
      now += 40_000;
      assert.equal((await ok(sdk.users.getUsers())).status, 200);
    });
  });

  it('injects 503s and 429s deterministically by request counter', async () => {
    const scenario = await loadScenario('faulty');
    const runOnce = async (): Promise<{ statuses: number[]; bare429: number }> =>
      withSandbox({ scenario }, async ({ sdk, sandbox }) => {
        const statuses: number[] = [];
        let bare429 = 0;
        for (let i = 0; i < 110; i++) {
          const response = await settle(sdk.routing.getRoutingQueues());
          statuses.push(response.status);
          if (response.status === 503) assert.equal(response.body['code'], 'service.unavailable');
          if (response.status === 429 && response.headers['retry-after'] === undefined) bare429++;
          assert.ok(response.headers['inin-correlation-id'] !== undefined);
        }
        assert.equal(sandbox.stats().byRoute['routing.queues.list'], 110);
        return { statuses, bare429 };
      });
    const first = await runOnce();
    const count = (status: number): number => first.statuses.filter((s) => s === status).length;
    assert.ok(count(503) >= 1 && count(503) <= 15, `503s: ${count(503)}`);
    assert.ok(count(429) >= 1 && count(429) <= 15, `429s: ${count(429)}`);
    assert.equal(count(200) + count(503) + count(429), 110);
    assert.deepEqual((await runOnce()).statuses, first.statuses);
  });

  it('404s unknown routes with an ErrorBody and a correlation id', async () => {
    await withSandbox('small', async ({ sdk, sandbox }) => {
      const response = await failed(
        sdk.client.callApi(
          '/api/v2/no/such/route',
          'GET',
          {},
          {},
          {},
          {},
          null,
          ['PureCloud OAuth'],
          ['application/json'],
          ['application/json'],
        ),
      );
      assert.equal(response.status, 404);
      assert.equal(response.body['status'], 404);
      assert.equal(response.headers['content-type'], 'application/json');
      assert.equal(response.body['contextId'], response.headers['inin-correlation-id']);
      assert.equal(sandbox.stats().byRoute['notFound'], 1);
    });
  });
});
