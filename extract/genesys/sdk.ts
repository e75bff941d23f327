/**
 * The one place that touches the `purecloud-platform-client-v2` SDK's construction. Each
 * GenesysClient gets its own ApiClient instance (the SDK's default is a process-wide
 * singleton), so several OAuth clients can live in one process.
 */
import platformClient from 'purecloud-platform-client-v2';
import { httpAgent, httpsAgent, LeanHttpClient } from './http-transport.ts';

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
  /**
   * `lean` (default): requests travel through http-transport.ts, installed with the SDK's
   * setHttpClient hook. `sdk`: the SDK's own axios client (which honours HTTP(S)_PROXY).
   */
  readonly transport?: HttpTransport;
}

export const HTTP_TRANSPORTS = ['lean', 'sdk'] as const;
export type HttpTransport = (typeof HTTP_TRANSPORTS)[number];

/**
 * The SDK's own axios client made leaner (used when the lean transport is off, e.g. behind a
 * proxy, which only axios honours): no redirect following and keep-alive sockets.
 */
function leanAxios(apiClient: InstanceType<typeof platformClient.ApiClientClass>): void {
  const http = apiClient.getHttpClient() as unknown as { _axiosInstance?: { defaults?: AxiosDefaults } };
  const defaults = http._axiosInstance?.defaults;
  if (defaults !== undefined) {
    defaults.maxRedirects = 0;
    defaults.httpAgent = httpAgent;
    defaults.httpsAgent = httpsAgent;
  }
}

interface AxiosDefaults {
  maxRedirects?: number;
  httpAgent?: unknown;
  httpsAgent?: unknown;
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
  if ((options.transport ?? 'lean') === 'lean') apiClient.setHttpClient(new LeanHttpClient(options.timeoutMs));
  else leanAxios(apiClient);
  // The SDK's request logger formats every request, JSON copies of the headers included,
  // before finding that logging is off: silenced.
  const logger = (apiClient as unknown as { config?: { logger?: { log?: unknown } } }).config?.logger;
  if (logger !== undefined) logger.log = () => undefined;
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
