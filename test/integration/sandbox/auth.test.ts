import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import platformClient from 'purecloud-platform-client-v2';
import { failed, ok, sdkFor } from './helpers/sdk.ts';
import { useSandbox } from './helpers/use-sandbox.ts';

describe('sandbox OAuth', () => {
  let now = Date.parse('2026-11-20T08:00:00Z');
  // Every test builds its own SDK client (some must start without a token).
  const env = useSandbox({ scenario: 'small', clock: () => now, login: false });

  it('issues a bearer token for the scenario client', async () => {
    const sdk = sdkFor(env.sandbox);
    const auth = await sdk.login();
    assert.ok(auth.accessToken.length > 20);
    assert.ok(auth.tokenExpiryTime > Date.now() + 86_000_000);
    const users = await ok(sdk.users.getUsers({ pageSize: 1 }));
    assert.equal(users.status, 200);
  });

  it('rejects an unknown client with an OAuth error body', async () => {
    const client = new platformClient.ApiClientClass();
    client.config.live_reload_config = false;
    client.setGateway({ ...env.sandbox.gateway });
    const error = (await client.loginClientCredentialsGrant('sandbox-client', 'wrong').then(
      () => assert.fail('login should fail'),
      (e: unknown) => e,
    )) as { response?: { status: number; data: Record<string, unknown> } };
    assert.equal(error.response?.status, 401);
    assert.equal(error.response.data['error'], 'invalid_client');
    assert.equal(typeof error.response.data['error_description'], 'string');
  });

  it('answers API calls without a valid token with 401 ErrorBody', async () => {
    const sdk = sdkFor(env.sandbox);
    const response = await failed(sdk.users.getUsers());
    assert.equal(response.status, 401);
    assert.deepEqual(Object.keys(response.body).sort(), [
      'code',
      'contextId',
      'details',
      'errors',
      'message',
      'status',
    ]);
    assert.equal(response.body['code'], 'bad.credentials');
    assert.equal(response.body['contextId'], response.headers['inin-correlation-id']);
    sdk.client.setAccessToken('forged-token');
    assert.equal((await failed(sdk.users.getUsers())).status, 401);
  });

  it('expires tokens after tokenTtlSeconds', async () => {
    const sdk = sdkFor(env.sandbox);
    await sdk.login();
    assert.equal((await ok(sdk.users.getUsers())).status, 200);
    now += 86_400_000;
    assert.equal((await failed(sdk.users.getUsers())).status, 401);
  });

  it('also serves the paths without the /login and /gc prefixes', async () => {
    const client = new platformClient.ApiClientClass();
    client.config.live_reload_config = false;
    client.setReturnExtendedResponses(true);
    client.setGateway({ host: env.sandbox.host, protocol: 'http', port: env.sandbox.port });
    await client.loginClientCredentialsGrant(env.sandbox.clientId, env.sandbox.clientSecret);
    const divisions = await ok(new platformClient.AuthorizationApi(client).getAuthorizationDivisions());
    assert.equal(divisions.status, 200);
    assert.equal(divisions.headers['content-type'], 'application/json');
  });
});
