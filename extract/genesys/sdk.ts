/**
 * The one place that touches the `purecloud-platform-client-v2` SDK's construction. Each
 * GenesysClient gets its own ApiClient instance (the SDK's default is a process-wide
 * singleton), so several OAuth clients can live in one process.
 */
import platformClient from 'purecloud-platform-client-v2';

export interface GatewayOptions {
  readonly host: string;
  readonly protocol: 'http' | 'https';
  readonly port?: number | undefined;
  readonly loginPath: string;
  readonly apiPath: string;
}

export interface SdkOptions {
  /** Region host, e.g. `mypurecloud.ie`; ignored when a gateway is set. */
  readonly regionHost: string;
  readonly gateway?: GatewayOptions | undefined;
  /** Per-request timeout; the SDK's default is 16 s. */
  readonly timeoutMs: number;
}

export function createSdk(options: SdkOptions) {
  const apiClient = new platformClient.ApiClientClass();
  // Never let a developer's ~/.genesyscloudjavascript/config redirect or reconfigure calls.
  apiClient.config.live_reload_config = false;
  apiClient.config.setConfigPath('');
  // Extended responses keep status and headers (Retry-After, ININ-Correlation-Id).
  apiClient.setReturnExtendedResponses(true);
  // The SDK caches its HTTP client with the timeout it had at the first call.
  (apiClient as unknown as { timeout: number }).timeout = options.timeoutMs;
  apiClient.setEnvironment(options.regionHost);
  if (options.gateway !== undefined) {
    apiClient.setGateway({
      host: options.gateway.host,
      protocol: options.gateway.protocol,
      ...(options.gateway.port === undefined ? {} : { port: options.gateway.port }),
      path_params_login: options.gateway.loginPath,
      path_params_api: options.gateway.apiPath,
    });
  }
  return {
    apiClient,
    analytics: new platformClient.AnalyticsApi(apiClient),
    recording: new platformClient.RecordingApi(apiClient),
    users: new platformClient.UsersApi(apiClient),
    routing: new platformClient.RoutingApi(apiClient),
    authorization: new platformClient.AuthorizationApi(apiClient),
    quality: new platformClient.QualityApi(apiClient),
    audit: new platformClient.AuditApi(apiClient),
    integrations: new platformClient.IntegrationsApi(apiClient),
  };
}

export type Sdk = ReturnType<typeof createSdk>;
