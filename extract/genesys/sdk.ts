/**
 * The one place that touches the `purecloud-platform-client-v2` SDK's construction. Each
 * GenesysClient gets its own ApiClient instance (the SDK's default is a process-wide
 * singleton), so several OAuth clients can live in one process.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
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

/** Sockets kept open between requests, shared by every client of the process (one per host and port). */
const keepAlive = { keepAlive: true, keepAliveMsecs: 10_000, maxSockets: 64, maxFreeSockets: 64 };
const httpAgent = new HttpAgent(keepAlive);
const httpsAgent = new HttpsAgent(keepAlive);

interface AxiosDefaults {
  maxRedirects?: number;
  httpAgent?: unknown;
  httpsAgent?: unknown;
}

/**
 * The SDK's own HTTP client made lean for thousands of small reads: no redirect following (the
 * API answers none; axios then uses the plain http module instead of follow-redirects),
 * keep-alive sockets, and its request logger silenced (it formats every request, JSON copies of
 * the headers included, before finding that logging is off).
 */
function leanTransport(apiClient: InstanceType<typeof platformClient.ApiClientClass>): void {
  const http = apiClient.getHttpClient() as unknown as { _axiosInstance?: { defaults?: AxiosDefaults } };
  const defaults = http._axiosInstance?.defaults;
  if (defaults !== undefined) {
    defaults.maxRedirects = 0;
    defaults.httpAgent = httpAgent;
    defaults.httpsAgent = httpsAgent;
  }
  const logger = (apiClient as unknown as { config?: { logger?: { log?: unknown } } }).config?.logger;
  if (logger !== undefined) logger.log = () => undefined;
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
  leanTransport(apiClient);
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
