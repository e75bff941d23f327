/**
 * The thin client every stream uses: OAuth client-credentials login (renewed before expiry
 * and once on a 401), a token-bucket limiter per OAuth client, and the retry policy. Streams
 * call `client.call('operation', (sdk) => sdk.analytics.someMethod(...))` and get back the
 * status, headers and the (still unvalidated) body.
 */
import { GenesysApiError } from '../../contract/errors.ts';
import { createTokenBucket, type RateLimiter } from './rate-limiter.ts';
import { decideRetry, defaultRetryOptions, type CallFailure, type RetryOptions } from './retry-policy.ts';
import { createSdk, type GatewayOptions, type HttpTransport, type Sdk } from './sdk.ts';

export interface GenesysClientOptions {
  readonly regionHost: string;
  readonly gateway?: GatewayOptions | undefined;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Budget of this OAuth client; Genesys allows 300 requests a minute per token by default. 0 disables. */
  readonly requestsPerMinute: number;
  /** Share of the budget kept free, so clock skew and bursts do not cross it (default 2%). */
  readonly budgetHeadroom?: number;
  /**
   * The OAuth client's budget when it is shared with other clients of the same OAuth client (a
   * scheduler's runs and its background backfill: scripts/schedule/budget.ts); requestsPerMinute
   * and budgetHeadroom are then the limiter's business. Default: a token bucket of its own.
   */
  readonly limiter?: RateLimiter | undefined;
  /** Stops the client: calls not yet sent reject with the signal's reason. */
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** How requests travel (sdk.ts): `lean` (default) or the SDK's own axios client. */
  readonly transport?: HttpTransport;
  readonly retry?: RetryOptions;
  /** Renew the token this long before it expires. */
  readonly tokenRenewalMarginMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Told about every retry, for progress output. */
  readonly onRetry?: (event: { operation: string; attempt: number; delayMs: number; reason: string }) => void;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface ClientStats {
  requests: number;
  retries: number;
  rateLimited: number;
  logins: number;
}

/** What a caller can tell the client about a call. */
export interface CallOptions {
  /**
   * Sending the call again changes nothing on the server (a POST that only queries, such as an
   * aggregates query): a connection reset is retried as for a GET.
   */
  readonly idempotent?: boolean;
}

export interface GenesysClient {
  call(operation: string, send: (sdk: Sdk) => Promise<unknown>, options?: CallOptions): Promise<ApiResponse>;
  readonly stats: Readonly<ClientStats>;
}

/** Share of an OAuth client's budget kept free by default. */
export const defaultBudgetHeadroom = 0.02;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface ExtendedResponse {
  status: number;
  headers?: Record<string, unknown>;
  body?: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function isExtendedResponse(value: unknown): value is ExtendedResponse {
  return isRecord(value) && typeof value['status'] === 'number' && 'headers' in value;
}

function headersOf(response: ExtendedResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (typeof value === 'string' || typeof value === 'number') headers[name.toLowerCase()] = String(value);
  }
  return headers;
}

const messageOf = (error: Record<string, unknown>, fallback: string): string =>
  typeof error['message'] === 'string' ? error['message'] : fallback;

/** Turns whatever the SDK rejected with into a CallFailure plus the details an error message needs. */
function describeFailure(error: unknown): CallFailure & { message: string; code?: string; correlationId?: string } {
  if (isExtendedResponse(error)) {
    const headers = headersOf(error);
    const body = isRecord(error.body) ? error.body : {};
    const code = typeof body['code'] === 'string' ? body['code'] : undefined;
    const message = typeof body['message'] === 'string' ? body['message'] : `HTTP ${error.status}`;
    return {
      status: error.status,
      retryAfter: headers['retry-after'],
      message,
      ...(code === undefined ? {} : { code }),
      ...(headers['inin-correlation-id'] === undefined ? {} : { correlationId: headers['inin-correlation-id'] }),
    };
  }
  if (isRecord(error)) {
    const response = error['response'];
    if (isRecord(response) && typeof response['status'] === 'number') {
      return { status: response['status'], message: messageOf(error, `HTTP ${response['status']}`) };
    }
    const code = typeof error['code'] === 'string' ? error['code'] : undefined;
    // The lean transport says `method` and `staleSocket`; axios' error has its config and request.
    const config = isRecord(error['config']) ? error['config'] : {};
    const request = isRecord(error['request']) ? error['request'] : {};
    const method = typeof error['method'] === 'string' ? error['method'] : config['method'];
    const staleSocket =
      typeof error['staleSocket'] === 'boolean' ? error['staleSocket'] : request['reusedSocket'] === true;
    return {
      networkCode: code,
      method: typeof method === 'string' ? method.toUpperCase() : undefined,
      staleSocket,
      message: messageOf(error, code ?? 'network error'),
    };
  }
  // The SDK throws plain strings for missing required parameters.
  return { message: String(error) };
}

export function createGenesysClient(options: GenesysClientOptions): GenesysClient {
  const sdk = createSdk({
    regionHost: options.regionHost,
    gateway: options.gateway,
    timeoutMs: options.timeoutMs ?? 16_000,
    ...(options.transport === undefined ? {} : { transport: options.transport }),
  });
  const sleep = options.sleep ?? defaultSleep;
  const retry = options.retry ?? defaultRetryOptions;
  const margin = options.tokenRenewalMarginMs ?? 5 * 60_000;
  const limiter: RateLimiter =
    options.limiter ??
    createTokenBucket({
      ratePerMinute: options.requestsPerMinute * (1 - (options.budgetHeadroom ?? defaultBudgetHeadroom)),
      sleep,
    });
  const stats: ClientStats = { requests: 0, retries: 0, rateLimited: 0, logins: 0 };
  let tokenExpiresAt = 0;
  let renewAt = 0;
  let login: Promise<void> | undefined;

  const loginNow = async (): Promise<void> => {
    try {
      stats.logins += 1;
      const auth = await sdk.apiClient.loginClientCredentialsGrant(options.clientId, options.clientSecret);
      tokenExpiresAt = auth.tokenExpiryTime;
      // Renew `margin` before expiry, but never sooner than 90% into a short-lived token's life.
      const lifetime = Math.max(0, tokenExpiresAt - Date.now());
      renewAt = tokenExpiresAt - Math.min(margin, lifetime / 10);
    } catch (error) {
      const failure = describeFailure(error);
      const hint =
        failure.status === 401 || failure.status === 400
          ? 'check GENESYS_CLIENT_ID and GENESYS_CLIENT_SECRET (an OAuth client with the Client Credentials grant)'
          : 'check GENESYS_REGION_HOST / GENESYS_GATEWAY_URL and that the login host is reachable';
      throw new GenesysApiError(
        `Genesys login failed (${failure.status === undefined ? failure.message : `HTTP ${failure.status}`}): ${hint}`,
        { status: failure.status, operation: 'login' },
        { cause: error },
      );
    }
  };

  const ensureToken = async (force: boolean): Promise<void> => {
    if (!force && Date.now() < renewAt) return;
    // One login at a time; concurrent callers wait for the same one.
    login ??= loginNow().finally(() => {
      login = undefined;
    });
    await login;
  };

  const call = async (
    operation: string,
    send: (sdk: Sdk) => Promise<unknown>,
    callOptions: CallOptions = {},
  ): Promise<ApiResponse> => {
    let reauthenticated = false;
    for (let attempt = 1; ; attempt += 1) {
      options.signal?.throwIfAborted();
      await ensureToken(false);
      await limiter.acquire();
      options.signal?.throwIfAborted();
      stats.requests += 1;
      try {
        const response = await send(sdk);
        if (!isExtendedResponse(response)) {
          // An empty 202 can reach here as undefined; treat it as an empty body.
          return { status: 200, headers: {}, body: response };
        }
        return { status: response.status, headers: headersOf(response), body: response.body };
      } catch (error) {
        const failure = describeFailure(error);
        if (failure.status === 401 && !reauthenticated) {
          reauthenticated = true;
          await ensureToken(true);
          attempt -= 1;
          continue;
        }
        const decision = decideRetry({ ...failure, idempotent: callOptions.idempotent }, attempt, retry);
        if (!decision.retry) {
          throw new GenesysApiError(
            `Genesys ${operation} failed: ${failure.message} (${decision.reason})`,
            { status: failure.status, operation, correlationId: failure.correlationId, code: failure.code },
            { cause: error },
          );
        }
        stats.retries += 1;
        if (decision.rateLimited) {
          stats.rateLimited += 1;
          limiter.throttle(decision.delayMs);
        }
        options.onRetry?.({ operation, attempt, delayMs: decision.delayMs, reason: decision.reason });
        await sleep(decision.delayMs);
      }
    }
  };

  return { call, stats };
}
