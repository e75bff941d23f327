/**
 * Alerts against local HTTP receivers on free loopback ports: one that answers, one that is
 * down, one that hangs, one that fails once. Delivery never throws and gives up after a timeout
 * and one retry.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { alertBody, createAlerter, type Alert } from '../../../../scripts/alerts/webhook.ts';
import type { AlertSettings } from '../../../../scripts/config.ts';

async function receiver(
  t: TestContext,
  handle: (request: IncomingMessage, body: string, response: ServerResponse) => void,
): Promise<string> {
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      handle(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

const alert: Alert = {
  kind: 'run_failed',
  severity: 'error',
  summary: 'scheduled tick 3 failed: Genesys login failed (HTTP 401)',
  details: { error: 'Genesys login failed (HTTP 401)' },
};

const settings = (webhookUrl: string | undefined, overrides: Partial<AlertSettings> = {}): AlertSettings => ({
  webhookUrl,
  format: 'generic',
  timeoutMs: 500,
  maxLagMs: 3_600_000,
  complianceGapPoints: 10,
  ...overrides,
});

test('the alert is posted as JSON with a text field and the structured alert', async (t) => {
  const received: { contentType: string | undefined; body: unknown }[] = [];
  const url = await receiver(t, (request, body, response) => {
    received.push({ contentType: request.headers['content-type'], body: JSON.parse(body) });
    response.end('ok');
  });
  const lines: string[] = [];
  const delivery = await createAlerter(settings(url), '/data/warehouse.duckdb', (line) => lines.push(line)).fire(alert);
  assert.deepEqual(delivery, { delivered: true, attempts: 1 });
  assert.equal(received.length, 1);
  const [first] = received;
  assert.ok(first !== undefined);
  assert.equal(first.contentType, 'application/json');
  const body = first.body as Record<string, unknown>;
  assert.equal(
    body['text'],
    'genesys-etl ALERT [run_failed] scheduled tick 3 failed: Genesys login failed (HTTP 401) (/data/warehouse.duckdb)',
  );
  const structured = body['alert'] as Record<string, unknown>;
  assert.equal(structured['kind'], 'run_failed');
  assert.equal(structured['source'], 'genesys-etl');
  assert.deepEqual(structured['details'], alert.details);
  assert.deepEqual(lines, ['alert run_failed sent to the webhook']);
});

test('the text format sends the text field only (Google Chat rejects unknown fields)', () => {
  assert.deepEqual(Object.keys(alertBody(alert, 'text', 'w', new Date())), ['text']);
});

test('a receiver that fails once gets the alert on the retry', async (t) => {
  let calls = 0;
  const url = await receiver(t, (_request, _body, response) => {
    calls += 1;
    response.statusCode = calls === 1 ? 503 : 200;
    response.end();
  });
  const delivery = await createAlerter(settings(url), 'w', () => undefined, { retryDelayMs: 10 }).fire(alert);
  assert.deepEqual(delivery, { delivered: true, attempts: 2 });
  assert.equal(calls, 2);
});

test('a receiver that is down: two attempts, then the failure is logged, nothing thrown', async (t) => {
  // A port that was free a moment ago and has nothing listening now.
  const url = await receiver(t, (_request, _body, response) => response.end());
  const server = new URL(url);
  const closedPort = await new Promise<number>((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => {
        resolve(port);
      });
    });
  });
  server.port = String(closedPort);
  const lines: string[] = [];
  const delivery = await createAlerter(settings(server.href), 'w', (line) => lines.push(line), {
    retryDelayMs: 10,
  }).fire(alert);
  assert.deepEqual(delivery, { delivered: false, attempts: 2, error: 'ECONNREFUSED' });
  assert.match(lines[0] ?? '', /could not be sent to the webhook \(ECONNREFUSED, 2 attempts\)/);
});

test('a receiver that hangs: each attempt times out, and the alert gives up within two timeouts', async (t) => {
  let calls = 0;
  const url = await receiver(t, () => {
    calls += 1; // never answers
  });
  const started = Date.now();
  const delivery = await createAlerter(settings(url, { timeoutMs: 300 }), 'w', () => undefined, {
    retryDelayMs: 10,
  }).fire(alert);
  const elapsed = Date.now() - started;
  assert.deepEqual(delivery, { delivered: false, attempts: 2, error: 'no answer within 300 ms' });
  assert.equal(calls, 2);
  assert.ok(elapsed >= 600 && elapsed < 3_000, `took ${elapsed} ms`);
});

test('without a webhook URL nothing is sent', async () => {
  assert.equal(await createAlerter(settings(undefined), 'w', () => undefined).fire(alert), undefined);
});
