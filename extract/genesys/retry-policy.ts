/**
 * Which failed API calls are retried, and after how long. Pure: the client feeds it the
 * failure it saw and the attempt number, and sleeps for the delay it returns.
 *
 * Retried: 429 (honouring Retry-After, seconds), 408, 500, 502, 503, 504 and network errors
 * (timeouts, resets, refused connections). A 401 is handled by the client (re-login once).
 * Everything else fails at once: retrying a 400 or 404 cannot succeed.
 *
 * A connection reset (ECONNRESET, EPIPE) may come after the server received the request and
 * acted on it: sent again, a POST that creates an audit query or a detail job would create a
 * second one. A reset is retried only when sending again cannot do that: an idempotent method
 * (GET, HEAD, OPTIONS, PUT, DELETE), a call its caller marks as read-only (`idempotent`, e.g. a
 * POST that only queries), or a request that provably never reached the server (`staleSocket`:
 * a reused keep-alive socket reset before any byte of the response, the server having closed
 * it while idle).
 */

export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** First backoff delay; doubles on every attempt. */
  readonly baseDelayMs: number;
  /** Upper bound for any single backoff delay, Retry-After included. */
  readonly maxDelayMs: number;
}

/** Ten attempts back off for about four minutes in all before a call is given up. */
export const defaultRetryOptions: RetryOptions = { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 60_000 };

/** What the client could tell about a failed call. */
export interface CallFailure {
  /** HTTP status, when the server answered. */
  readonly status?: number | undefined;
  /** Retry-After header value, when the server sent one. */
  readonly retryAfter?: string | undefined;
  /** Node/axios error code for network failures, e.g. ECONNRESET, ECONNABORTED. */
  readonly networkCode?: string | undefined;
  /** The request's HTTP method, when known (unknown counts as not idempotent). */
  readonly method?: string | undefined;
  /** The caller says sending the call again changes nothing (a POST that only reads). */
  readonly idempotent?: boolean | undefined;
  /** A reused keep-alive socket failed before any byte of the response: the server never read the request. */
  readonly staleSocket?: boolean | undefined;
}

export type RetryDecision =
  | { readonly retry: false; readonly reason: string }
  | { readonly retry: true; readonly delayMs: number; readonly reason: string; readonly rateLimited: boolean };

const retryableStatuses = new Set([408, 500, 502, 503, 504]);
const retryableNetworkCodes = new Set([
  'ECONNABORTED',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ERR_NETWORK',
]);

/** Network failures after which the server may have received, and acted on, the request. */
const ambiguousNetworkCodes = new Set(['ECONNRESET', 'EPIPE']);
const idempotentMethods = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Whether sending `failure`'s request again cannot repeat an effect it already had. */
export function safeToResend(failure: CallFailure): boolean {
  return (
    failure.idempotent === true ||
    failure.staleSocket === true ||
    idempotentMethods.has((failure.method ?? '').toUpperCase())
  );
}

/** Parses Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with "equal jitter": a random delay in [c/2, c] where c = min(max, base * 2^(attempt-1)). */
export function backoffDelay(attempt: number, options: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function decideRetry(
  failure: CallFailure,
  attempt: number,
  options: RetryOptions = defaultRetryOptions,
  random: () => number = Math.random,
): RetryDecision {
  const what =
    failure.status === undefined ? `network error ${failure.networkCode ?? 'unknown'}` : `HTTP ${failure.status}`;
  if (attempt >= options.maxAttempts) return { retry: false, reason: `${what}, gave up after ${attempt} attempts` };
  if (failure.status === 429) {
    const hinted = parseRetryAfter(failure.retryAfter);
    // A small jitter on top of Retry-After keeps parallel workers from waking in lockstep.
    const delayMs =
      hinted === undefined
        ? backoffDelay(attempt, options, random)
        : Math.min(options.maxDelayMs, hinted + Math.round(random() * 250));
    return { retry: true, delayMs, reason: `${what} (rate limited)`, rateLimited: true };
  }
  const retryable =
    failure.status === undefined
      ? retryableNetworkCodes.has(failure.networkCode ?? '')
      : retryableStatuses.has(failure.status);
  if (!retryable) return { retry: false, reason: `${what} is not retryable` };
  if (failure.status === undefined && ambiguousNetworkCodes.has(failure.networkCode ?? '') && !safeToResend(failure)) {
    return {
      retry: false,
      reason: `${what} on a ${failure.method ?? 'request'} the server may have acted on is not retried (sending it again could duplicate it)`,
    };
  }
  return { retry: true, delayMs: backoffDelay(attempt, options, random), reason: what, rateLimited: false };
}
