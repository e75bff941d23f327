/** The Genesys client against the sandbox, through the real SDK: login, retries, Retry-After, non-retryable errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GenesysApiError } from '../../../contract/errors.ts';
import { createGenesysClient, type GenesysClientOptions } from '../../../extract/genesys/client.ts';
import { loadScenario, startSandbox, type Sandbox } from '../../../sandbox/index.ts';
import { sandboxGateway } from '../../../scripts/commands/sandbox-wiring.ts';

async function withSandbox(scenarioName: string, run: (sandbox: Sandbox) => Promise<void>): Promise<void> {
  const sandbox = await startSandbox({ scenario: await loadScenario(scenarioName) });
  try {
    await run(sandbox);
  } finally {
    await sandbox.close();
  }
}

function options(sandbox: Sandbox, overrides: Partial<GenesysClientOptions> = {}): GenesysClientOptions {
  return {
    regionHost: 'mypurecloud.ie',
    gateway: sandboxGateway(sandbox),
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    requestsPerMinute: 0,
    ...overrides,
  };
}

test('retries injected 429s and 503s until every call succeeds, honouring Retry-After', async () => {
  await withSandbox('faulty', async (sandbox) => {
    const sleeps: number[] = [];
    const client = createGenesysClient(
      options(sandbox, {
        retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 60_000 },
        // Record what the client asks for, but do not make the test wait for it.
        sleep: async (ms) => {
          sleeps.push(ms);
          await new Promise((resolve) => setTimeout(resolve, 1));
        },
      }),
    );
    // 90 calls and their retries stay inside the scenario's 120-per-minute budget: every 429 here is an injected one.
    for (let i = 0; i < 90; i += 1) {
      const response = await client.call('list queues', (sdk) =>
        sdk.routing.getRoutingQueues({ pageSize: 25, pageNumber: 1 }),
      );
      assert.equal(response.status, 200);
    }
    assert.ok(client.stats.retries > 0, 'the faulty scenario injects failures');
    assert.ok(client.stats.rateLimited > 0, 'some of them are 429s');
    assert.ok(
      sleeps.some((ms) => ms >= 1000),
      `a 429 with Retry-After (seconds) leads to a sleep of at least a second: ${sleeps.join(', ')}`,
    );
    assert.equal(client.stats.requests, 90 + client.stats.retries);
  });
});

test('bad credentials fail at login with a message that says what to check', async () => {
  await withSandbox('small', async (sandbox) => {
    const client = createGenesysClient(options(sandbox, { clientSecret: 'wrong' }));
    await assert.rejects(
      client.call('list users', (sdk) => sdk.users.getUsers({})),
      (error: unknown) =>
        error instanceof GenesysApiError &&
        error.operation === 'login' &&
        error.message.includes('GENESYS_CLIENT_SECRET'),
    );
  });
});

test('a 404 is not retried and carries status, code and correlation id', async () => {
  await withSandbox('small', async (sandbox) => {
    const client = createGenesysClient(options(sandbox));
    await assert.rejects(
      client.call('get recording metadata', (sdk) =>
        sdk.recording.getConversationRecordingmetadata('no-such-conversation'),
      ),
      (error: unknown) =>
        error instanceof GenesysApiError &&
        error.status === 404 &&
        error.code !== undefined &&
        error.correlationId !== undefined,
    );
    assert.equal(client.stats.retries, 0);
    assert.equal(client.stats.logins, 1);
  });
});
