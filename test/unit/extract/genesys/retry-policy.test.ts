import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  backoffDelay,
  decideRetry,
  parseRetryAfter,
  safeToResend,
  type RetryOptions,
} from '../../../../extract/genesys/retry-policy.ts';

const options: RetryOptions = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 };
const midRandom = (): number => 0.5;

test('429 honours Retry-After in seconds, with a little jitter, and counts as rate limited', () => {
  const decision = decideRetry({ status: 429, retryAfter: '7' }, 1, options, () => 0);
  assert.deepEqual(decision, { retry: true, delayMs: 7000, reason: 'HTTP 429 (rate limited)', rateLimited: true });
  const jittered = decideRetry({ status: 429, retryAfter: '7' }, 1, options, () => 0.999);
  assert.ok(jittered.retry && jittered.delayMs > 7000 && jittered.delayMs <= 7250);
});

test('429 without Retry-After falls back to exponential backoff', () => {
  const decision = decideRetry({ status: 429 }, 3, options, midRandom);
  assert.ok(decision.retry);
  assert.equal(decision.delayMs, backoffDelay(3, options, midRandom));
  assert.ok(decision.rateLimited);
});

test('Retry-After as an HTTP date is understood, and capped by maxDelayMs', () => {
  const now = Date.parse('2026-11-24T10:00:00Z');
  assert.equal(parseRetryAfter('Tue, 24 Nov 2026 10:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('soon', now), undefined);
  const decision = decideRetry({ status: 429, retryAfter: '3600' }, 1, options, () => 0);
  assert.ok(decision.retry && decision.delayMs === 60_000);
});

test('5xx, 408 and network errors are retried; other 4xx are not', () => {
  for (const status of [408, 500, 502, 503, 504])
    assert.ok(decideRetry({ status }, 1, options).retry, `HTTP ${status}`);
  for (const networkCode of ['ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'ECONNREFUSED']) {
    assert.ok(decideRetry({ networkCode, method: 'GET' }, 1, options).retry, networkCode);
  }
  for (const status of [400, 401, 403, 404, 409, 501]) {
    const decision = decideRetry({ status }, 1, options);
    assert.equal(decision.retry, false, `HTTP ${status}`);
  }
  assert.equal(decideRetry({ networkCode: 'EWHATEVER' }, 1, options).retry, false);
});

test('a reset POST is retried only when sending it again cannot duplicate it', () => {
  for (const networkCode of ['ECONNRESET', 'EPIPE']) {
    for (const method of ['POST', 'PATCH', undefined]) {
      const decision = decideRetry({ networkCode, method }, 1, options);
      assert.equal(decision.retry, false, `${networkCode} on ${method ?? 'an unknown method'}`);
      assert.match(decision.reason, /could duplicate it/);
    }
    for (const method of ['GET', 'get', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']) {
      assert.ok(decideRetry({ networkCode, method }, 1, options).retry, `${networkCode} on ${method}`);
    }
    // A reused keep-alive socket reset before any response byte: the server never read the request.
    assert.ok(decideRetry({ networkCode, method: 'POST', staleSocket: true }, 1, options).retry, networkCode);
    // The caller says the POST only reads.
    assert.ok(decideRetry({ networkCode, method: 'POST', idempotent: true }, 1, options).retry, networkCode);
  }
  // Failures where the request never left, and timeouts, are retried whatever the method.
  for (const networkCode of ['ECONNREFUSED', 'EAI_AGAIN', 'ECONNABORTED', 'ETIMEDOUT']) {
    assert.ok(decideRetry({ networkCode, method: 'POST' }, 1, options).retry, networkCode);
  }
  assert.equal(safeToResend({ method: 'POST' }), false);
  assert.equal(safeToResend({ method: 'GET' }), true);
});

test('gives up after maxAttempts', () => {
  const decision = decideRetry({ status: 503 }, 5, options);
  assert.deepEqual(decision, { retry: false, reason: 'HTTP 503, gave up after 5 attempts' });
});

test('backoff doubles per attempt within [half, full] of the ceiling and respects the cap', () => {
  assert.equal(
    backoffDelay(1, options, () => 0),
    500,
  );
  assert.equal(
    backoffDelay(1, options, () => 1),
    1000,
  );
  assert.equal(
    backoffDelay(4, options, () => 0),
    4000,
  );
  assert.equal(
    backoffDelay(4, options, () => 1),
    8000,
  );
  assert.equal(
    backoffDelay(20, options, () => 1),
    60_000,
  );
});
