/**
 * Genesys-style error bodies (ErrorBody: message, code, status, contextId, details, errors),
 * shaped like published captures (see test/fixtures/genesys/SOURCES.md).
 */
import type { Reply } from './types.ts';

export interface ErrorExtras {
  readonly messageWithParams?: string;
  readonly messageParams?: Readonly<Record<string, string>>;
  readonly limit?: { readonly key: string; readonly namespace: string; readonly value: number };
}

export function errorReply(status: number, code: string, message: string, extras: ErrorExtras = {}): Reply {
  return {
    status,
    // contextId is filled in by the server with the request's correlation id.
    body: { message, code, status, ...extras, contextId: '', details: [], errors: [] },
  };
}

export const badRequest = (message: string): Reply => errorReply(400, 'bad.request', message);

export const invalidValue = (message: string): Reply => errorReply(400, 'invalid.value', message);

export const notFound = (message = 'HTTP 404 Not Found'): Reply => errorReply(404, 'not.found', message);

export const unauthorized = (): Reply => errorReply(401, 'bad.credentials', 'Invalid login credentials.');

export const serviceUnavailable = (): Reply =>
  errorReply(503, 'service.unavailable', 'The service is currently unavailable. Please try again later.');

const SERVER_ERRORS: Readonly<Record<number, readonly [string, string]>> = {
  500: ['internal.server.error', 'The server encountered an unexpected condition.'],
  502: ['bad.gateway', 'The server received an invalid response from an upstream server.'],
  // 504 bodies carry `request.timeout` (the SDK's and the API docs' status tables).
  504: ['request.timeout', 'The request timed out.'],
};

/** An injected 5xx (503 is serviceUnavailable). */
export function serverError(status: number): Reply {
  const known = SERVER_ERRORS[status];
  return known === undefined ? serviceUnavailable() : errorReply(status, known[0], known[1]);
}

/** A 429; `retryAfterSeconds` null means the Retry-After header is left out. */
export function tooManyRequests(retryAfterSeconds: number | null, limitPerMinute: number): Reply {
  const withHeader = retryAfterSeconds !== null;
  const reply = errorReply(
    429,
    withHeader ? 'too.many.requests.retry.after' : 'too.many.requests',
    withHeader
      ? `Rate limit exceeded the maximum. Retry the request in [${retryAfterSeconds}] seconds`
      : `Rate limit exceeded the maximum [${limitPerMinute}] requests within [60] seconds`,
    { limit: { key: 'token.rate.per.minute', namespace: 'platform.api', value: limitPerMinute } },
  );
  return withHeader ? { ...reply, headers: { 'Retry-After': String(retryAfterSeconds) } } : reply;
}
