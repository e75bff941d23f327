import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import platformClient from 'purecloud-platform-client-v2';
import { spawnSandbox } from '../../../../sandbox/index.ts';

function sdkAt(port: number) {
  const client = new platformClient.ApiClientClass();
  client.config.live_reload_config = false;
  client.config.setConfigPath('');
  client.setGateway({ host: '127.0.0.1', protocol: 'http', port, path_params_login: 'login', path_params_api: 'gc' });
  return { client, users: new platformClient.UsersApi(client) };
}

describe('sandbox in its own process', () => {
  it('serves the SDK with latency to every client, enforces the rate limit per token, and stops cleanly', async () => {
    const sandbox = await spawnSandbox({ scenario: 'small', latencyMs: 40, rateLimit: 3, clients: 2 });
    try {
      assert.equal(sandbox.credentials.length, 2);
      assert.notEqual(sandbox.pid, process.pid);
      for (const credentials of sandbox.credentials) {
        const sdk = sdkAt(sandbox.port);
        await sdk.client.loginClientCredentialsGrant(credentials.clientId, credentials.clientSecret);
        const started = performance.now();
        const users = await sdk.users.getUsers({ pageSize: 1 });
        assert.ok(performance.now() - started >= 38, 'the reply waits for the latency');
        assert.equal(users.entities?.length, 1);
        await sdk.users.getUsers({ pageSize: 1 });
        await sdk.users.getUsers({ pageSize: 1 });
        // A fourth request in the minute is over this token's budget of 3.
        await assert.rejects(sdk.users.getUsers({ pageSize: 1 }), (error: { status?: number }) => error.status === 429);
      }
      const unknown = sdkAt(sandbox.port);
      await assert.rejects(unknown.client.loginClientCredentialsGrant('sandbox-client-3', 'sandbox-secret-3'));
    } finally {
      const report = await sandbox.close();
      assert.equal(report.byStatus['429'], 2);
      assert.equal(report.byRoute['oauth.token'], 3);
      assert.ok(report.peakRssMiB > 0);
      assert.ok(report.cpuUserMs > 0);
    }
    await assert.rejects(fetch(`${sandbox.url}/gc/api/v2/users`), 'the process no longer listens');
  });
});
