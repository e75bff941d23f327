/**
 * A lean HTTP transport for the SDK, installed with its own hook (`apiClient.setHttpClient`): the
 * SDK still builds every request (paths, query, auth header, body) and reads every response, but
 * the bytes travel through node:http(s) on keep-alive sockets instead of axios, whose per-request
 * config merging, header normalisation and proxy look-ups cost more CPU than the small reads
 * themselves (one recording-metadata read per conversation).
 *
 * It keeps the contract the SDK relies on from its default (axios) client: it resolves
 * `{status, statusText, headers, data}` for 2xx and rejects otherwise with an error carrying
 * `response` (same fields); a JSON body is parsed, anything else stays text ('' when empty);
 * network failures and timeouts reject with a `code` (ECONNABORTED for a timeout, as axios);
 * query values are encoded as axios encodes them; an object body is sent as JSON, a string one
 * as a form unless a content type was set; gzip, deflate and br responses are decompressed.
 * Proxies are not supported: with a proxy configured, use the SDK's own client (see sdk.ts).
 *
 * Idle keep-alive sockets are closed after `idleSocketTimeoutMs` (4 s), before a server closes
 * them: Node servers close idle sockets after 5 s, and a request sent on a socket the server is
 * closing fails with ECONNRESET. A failure also says what the retry policy needs to tell whether
 * the request can be sent again (`method`, and `staleSocket`: a reused keep-alive socket failed
 * before any byte of the response, i.e. the server had closed it and never read the request).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import platformClient from 'purecloud-platform-client-v2';

/** What the SDK hands to `request` (its HttpRequestOptions). */
export interface SdkRequest {
  readonly url: string;
  readonly method: string;
  readonly headers?: Readonly<Record<string, unknown>>;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly data?: unknown;
  readonly timeout?: number;
}

/** What the SDK reads from a response (axios' shape). */
export interface SdkResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly data: unknown;
}

/** A failed call in axios' shape, which the SDK turns into its extended error response. */
export type TransportError = Error & {
  readonly code: string;
  readonly response: SdkResponse | undefined;
  /** The request's method, upper case. */
  readonly method: string;
  /** A reused keep-alive socket failed before any byte of the response: the request was never processed. */
  readonly staleSocket: boolean;
};

interface FailureDetails {
  readonly method: string;
  readonly response?: SdkResponse | undefined;
  readonly staleSocket?: boolean;
  readonly cause?: unknown;
}

/** `response` when the server answered, `code` either way (a Node/axios error code). */
const transportError = (message: string, code: string, details: FailureDetails): TransportError =>
  Object.assign(new Error(message, details.cause === undefined ? undefined : { cause: details.cause }), {
    code,
    response: details.response,
    method: details.method,
    staleSocket: details.staleSocket ?? false,
  });

/**
 * How long a keep-alive socket may sit idle before the client closes it: below the 5 s after
 * which Node servers (and many proxies) close idle sockets, so the client, not the server, ends
 * them. Servers that announce `Keep-Alive: timeout=N` get their sockets closed a second before N.
 */
export const idleSocketTimeoutMs = 4_000;

/** Sockets kept open between requests, shared by every client of the process (one pool per host and port). */
const keepAlive = {
  keepAlive: true,
  keepAliveMsecs: 10_000,
  maxSockets: 64,
  maxFreeSockets: 64,
  // The agent sets this timeout on sockets it keeps free, and destroys them when it fires.
  timeout: idleSocketTimeoutMs,
};
export const httpAgent = new HttpAgent(keepAlive);
export const httpsAgent = new HttpsAgent(keepAlive);

/** axios' query encoding: encodeURIComponent, then `: $ ,` kept and spaces as `+`. */
const encodeQuery = (value: string): string =>
  encodeURIComponent(value).replace(/%3A/gi, ':').replace(/%24/g, '$').replace(/%2C/gi, ',').replace(/%20/g, '+');

/** The request URL with its query string (arrays repeat the key with `[]`, as axios does; null and undefined are left out). */
export function requestUrl(url: string, params: Readonly<Record<string, unknown>> | undefined): string {
  if (params === undefined) return url;
  const parts: string[] = [];
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) {
      for (const item of value) parts.push(`${encodeQuery(`${key}[]`)}=${encodeQuery(String(item))}`);
    } else {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      parts.push(`${encodeQuery(key)}=${encodeQuery(text)}`);
    }
  }
  if (parts.length === 0) return url;
  const base = url.includes('#') ? url.slice(0, url.indexOf('#')) : url;
  return `${base}${base.includes('?') ? '&' : '?'}${parts.join('&')}`;
}

function hasHeader(headers: OutgoingHttpHeaders, name: string): boolean {
  const lower = name.toLowerCase();
  return Object.keys(headers).some((key) => key.toLowerCase() === lower);
}

/** Headers and body bytes as axios would send them. */
function encodeRequest(options: SdkRequest): { headers: OutgoingHttpHeaders; body: Buffer | undefined } {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value !== undefined && value !== null) headers[name] = value as string;
  }
  if (!hasHeader(headers, 'accept')) headers['Accept'] = 'application/json, text/plain, */*';
  headers['Accept-Encoding'] = 'gzip, deflate, br';
  let body: Buffer | undefined;
  const { data } = options;
  if (data !== undefined && data !== null && data !== '') {
    if (typeof data === 'string') {
      body = Buffer.from(data, 'utf8');
    } else if (Buffer.isBuffer(data)) {
      body = data;
    } else {
      body = Buffer.from(JSON.stringify(data), 'utf8');
      if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
    }
  }
  const method = options.method.toUpperCase();
  if ((method === 'POST' || method === 'PUT' || method === 'PATCH') && !hasHeader(headers, 'content-type')) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  if (body !== undefined) headers['Content-Length'] = String(body.length);
  return { headers, body };
}

function decodeBody(response: IncomingMessage, raw: Buffer): unknown {
  const encoding = response.headers['content-encoding']?.toLowerCase().trim();
  const bytes =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? gunzipSync(raw)
      : encoding === 'deflate'
        ? inflateSync(raw)
        : encoding === 'br'
          ? brotliDecompressSync(raw)
          : raw;
  const text = bytes.toString('utf8');
  if (text === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // axios' silent JSON parsing: what is not JSON stays text.
    return text;
  }
}

/** Sends one request; resolves for 2xx, rejects with a TransportError otherwise. */
export function send(options: SdkRequest, timeoutMs: number): Promise<SdkResponse> {
  const url = new URL(requestUrl(options.url, options.params));
  const secure = url.protocol === 'https:';
  const { headers, body } = encodeRequest(options);
  const method = options.method.toUpperCase();
  return new Promise<SdkResponse>((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(url, {
      method,
      headers,
      agent: secure ? httpsAgent : httpAgent,
      // The socket's timeout while the request is in flight (the agent's idle timeout otherwise).
      timeout: timeoutMs,
    });
    let settled = false;
    let answered = false;
    const fail = (error: TransportError): void => {
      if (settled) return;
      settled = true;
      reject(error);
      request.destroy();
    };
    request.setTimeout(timeoutMs, () => {
      fail(transportError(`timeout of ${timeoutMs}ms exceeded`, 'ECONNABORTED', { method }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      const staleSocket = request.reusedSocket && !answered;
      fail(transportError(error.message, error.code ?? 'ERR_NETWORK', { method, staleSocket, cause: error }));
    });
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error: NodeJS.ErrnoException) => {
        fail(transportError(error.message, error.code ?? 'ECONNRESET', { method, cause: error }));
      });
      response.on('end', () => {
        if (settled) return;
        let data: unknown;
        try {
          data = decodeBody(response, (chunks.length === 1 ? chunks[0] : undefined) ?? Buffer.concat(chunks));
        } catch (error) {
          fail(
            transportError(`could not decode the response: ${String(error)}`, 'ERR_BAD_RESPONSE', {
              method,
              cause: error,
            }),
          );
          return;
        }
        settled = true;
        const status = response.statusCode ?? 0;
        const result: SdkResponse = {
          status,
          statusText: response.statusMessage ?? '',
          headers: response.headers,
          data,
        };
        if (status >= 200 && status < 300) resolve(result);
        else
          reject(
            transportError(`Request failed with status code ${status}`, 'ERR_BAD_RESPONSE', {
              method,
              response: result,
            }),
          );
      });
    });
    request.end(body);
  });
}

/** The SDK's HttpClient over `send`: `apiClient.setHttpClient(new LeanHttpClient(timeoutMs))`. */
export class LeanHttpClient extends platformClient.AbstractHttpClient {
  constructor(timeoutMs: number) {
    super();
    this.timeout = timeoutMs;
  }

  override request(options: SdkRequest): Promise<SdkResponse> {
    return send(options, this.timeout);
  }

  override enableHooks(): void {
    throw new Error('The lean HTTP transport has no pre- or post-hooks.');
  }
}
