/**
 * The lean transport (extract/genesys/http-transport.ts) against the SDK's own axios client as
 * ground truth: the same SDK calls through both reach a recording server as the same requests,
 * and the SDK hands back the same responses and failures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createSdk, type HttpTransport, type Sdk } from '../../../extract/genesys/sdk.ts';

interface Seen {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly accept: string | undefined;
  readonly body: string;
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Answers by the conversation id in the path; records what it was sent. */
async function withServer(run: (port: number, seen: Seen[]) => Promise<void>): Promise<void> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    void readAll(req).then((body) => {
      seen.push({
        method: req.method,
        url: req.url,
        contentType: req.headers['content-type'],
        authorization: req.headers.authorization,
        accept: req.headers.accept,
        body,
      });
      const json = (status: number, value: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'Content-Type': 'application/json', 'ININ-Correlation-Id': 'corr-1', ...headers });
        res.end(JSON.stringify(value));
      };
      const url = req.url ?? '';
      if (url.startsWith('/login/oauth/token')) json(200, { access_token: 'token-1', expires_in: 86_400 });
      else if (url.includes('/gzipped/')) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
        res.end(gzipSync(JSON.stringify([{ id: 'r-1', media: 'audio' }])));
      } else if (url.includes('/empty/')) {
        res.writeHead(202);
        res.end();
      } else if (url.includes('/text/')) {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('not json at all');
      } else if (url.includes('/missing/')) json(404, { code: 'not.found', message: 'gone', status: 404 });
      else if (url.includes('/throttled/')) json(429, { code: 'too.many.requests' }, { 'Retry-After': '3' });
      else json(200, { echoed: url, entities: [{ id: 'a' }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await run((server.address() as AddressInfo).port, seen);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  }
}

const sdkFor = (port: number, transport: HttpTransport): Sdk =>
  createSdk({
    regionHost: 'mypurecloud.ie',
    gateway: { host: '127.0.0.1', port, protocol: 'http', loginPath: 'login', apiPath: 'gc' },
    timeoutMs: 2_000,
    transport,
  });

/** What the SDK resolved or rejected with, reduced to what the client reads (status, headers it uses, body). */
async function outcome(call: Promise<unknown>): Promise<unknown> {
  const reduce = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || !('status' in value)) {
      const code = (value as { code?: unknown } | null)?.code;
      return { notAResponse: true, code };
    }
    const v = value as { status: number; headers?: Record<string, unknown>; body?: unknown };
    return {
      status: v.status,
      body: v.body,
      correlationId: v.headers?.['inin-correlation-id'],
      retryAfter: v.headers?.['retry-after'],
    };
  };
  try {
    return { resolved: reduce(await call) };
  } catch (error) {
    return { rejected: reduce(error) };
  }
}

const calls: readonly [string, (sdk: Sdk) => Promise<unknown>][] = [
  ['login', (sdk) => sdk.apiClient.loginClientCredentialsGrant('client id', 'secret:with/odd+chars')],
  ['GET with a path parameter', (sdk) => sdk.recording.getConversationRecordingmetadata('conv 1/ä')],
  [
    'GET with query parameters to encode',
    (sdk) =>
      sdk.analytics.getAnalyticsConversationsDetailsJobResults('job-1', {
        cursor: 'a b+c/d=e:f$g,h&i?j#k%l~m!n',
        pageSize: 5,
      }),
  ],
  [
    'POST with a JSON body',
    (sdk) =>
      sdk.analytics.postAnalyticsConversationsDetailsJobs({
        interval: '2026-10-01T00:00:00.000Z/2026-10-02T00:00:00.000Z',
        order: 'asc',
      }),
  ],
  ['a gzip-encoded response', (sdk) => sdk.recording.getConversationRecordingmetadata('gzipped')],
  ['an empty 202', (sdk) => sdk.recording.getConversationRecordingmetadata('empty')],
  ['a body that is not JSON', (sdk) => sdk.recording.getConversationRecordingmetadata('text')],
  ['a 404', (sdk) => sdk.recording.getConversationRecordingmetadata('missing')],
  ['a 429 with Retry-After', (sdk) => sdk.recording.getConversationRecordingmetadata('throttled')],
];

test('the lean transport sends what axios sends and hands the SDK what axios hands it', async () => {
  await withServer(async (port, seen) => {
    for (const [what, call] of calls) {
      const results: unknown[] = [];
      const requests: Seen[] = [];
      for (const transport of ['sdk', 'lean'] as const) {
        const sdk = sdkFor(port, transport);
        if (what !== 'login') await sdk.apiClient.loginClientCredentialsGrant('id', 'secret');
        seen.length = 0;
        results.push(await outcome(call(sdk)));
        requests.push(...seen);
      }
      assert.equal(requests.length, 2, `${what}: one request per transport`);
      const [axiosRequest, leanRequest] = requests as [Seen, Seen];
      assert.deepEqual(leanRequest, axiosRequest, `${what}: the request`);
      assert.deepEqual(results[1], results[0], `${what}: the outcome`);
    }
  });
});

test('a refused connection and a timeout reject with the codes the retry policy knows', async () => {
  // A port that was just free: nothing listens there any more.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => {
    closed.close(() => {
      resolve();
    });
  });
  for (const transport of ['sdk', 'lean'] as const) {
    const refused = await outcome(sdkFor(port, transport).recording.getConversationRecordingmetadata('x'));
    assert.deepEqual(refused, { rejected: { notAResponse: true, code: 'ECONNREFUSED' } }, transport);
  }
  // A server that never answers: the per-request timeout fires.
  const silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const silentPort = (silent.address() as AddressInfo).port;
    const sdk = createSdk({
      regionHost: 'mypurecloud.ie',
      gateway: { host: '127.0.0.1', port: silentPort, protocol: 'http', loginPath: 'login', apiPath: 'gc' },
      timeoutMs: 200,
      transport: 'lean',
    });
    const timedOut = await outcome(sdk.recording.getConversationRecordingmetadata('x'));
    assert.deepEqual(timedOut, { rejected: { notAResponse: true, code: 'ECONNABORTED' } });
  } finally {
    silent.closeAllConnections();
    await new Promise<void>((resolve) => {
      silent.close(() => {
        resolve();
      });
    });
  }
});
