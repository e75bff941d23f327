/**
 * The unmodified Genesys SDK pointed at a sandbox. Each call gets its own ApiClient instance
 * (ApiClientClass), so tests do not share the SDK's process-wide singleton.
 */
import platformClient from 'purecloud-platform-client-v2';
import type { Sandbox } from '../../../../sandbox/index.ts';

/** What the SDK resolves or rejects with when extended responses are on. */
export interface Extended<T> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: T;
}

export function sdkFor(sandbox: Sandbox) {
  const client = new platformClient.ApiClientClass();
  client.config.live_reload_config = false;
  client.config.setConfigPath('');
  client.setReturnExtendedResponses(true);
  client.setEnvironment('mypurecloud.ie');
  client.setGateway({ ...sandbox.gateway });
  return {
    client,
    analytics: new platformClient.AnalyticsApi(client),
    recording: new platformClient.RecordingApi(client),
    users: new platformClient.UsersApi(client),
    routing: new platformClient.RoutingApi(client),
    authorization: new platformClient.AuthorizationApi(client),
    quality: new platformClient.QualityApi(client),
    audit: new platformClient.AuditApi(client),
    integrations: new platformClient.IntegrationsApi(client),
    login: () => client.loginClientCredentialsGrant(sandbox.clientId, sandbox.clientSecret),
  };
}

export type Sdk = ReturnType<typeof sdkFor>;

/** The extended response of a successful SDK call (the SDK's typings do not know the mode). */
export async function ok<T>(call: Promise<T>): Promise<Extended<T>> {
  return (await call) as unknown as Extended<T>;
}

/** The extended response an SDK call rejected with; fails if it resolved. */
export async function failed(call: Promise<unknown>): Promise<Extended<Record<string, unknown>>> {
  try {
    await call;
  } catch (error: unknown) {
    return error as Extended<Record<string, unknown>>;
  }
  throw new Error('expected the SDK call to fail');
}
