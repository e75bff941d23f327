/**
 * Keep-alive sockets and connection resets, through the real SDK and the lean transport
 * (extract/genesys/http-transport.ts) against a local server: idle sockets are closed by the
 * client before a server's keep-alive timeout would close them, and a reset request is sent
 * again only when that cannot duplicate it (retry-policy.ts): a GET, or a POST on a reused
 * socket the server closed before answering; never a POST the server may have acted on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { GenesysApiError } from '../../../contract/errors.ts';
import { createGenesysClient, type GenesysClient } from '../../../extract/genesys/client.ts';
import { idleSocketTimeoutMs } from '../../../extract/genesys/http-transport.ts';
import { HTTP_TRANSPORTS, type HttpTransport } from '../../../extract/genesys/sdk.ts';

interface Received {
  readonly method: string;
  readonly path: string;
  /** 1 for the first request on its connection. */
  readonly onConnection: number;
}

/** Decides, per API request, whether to answer (true) or reset the connection without a response. */
type Behaviour = (request: Received) => boolean;

interface TestServer {
  readonly port: number;
  readonly received: Received[];
  /** Server-side sockets, with when they closed and who closed them first. */
  readonly sockets: { socket: Socket; closedAt?: number; endedByClient?: boolean }[];
  close(): Promise<void>;
}

async function startServer(
  behaviour: Behaviour,
  options: { closeAfterLogin?: boolean; keepAliveTimeoutMs?: number } = {},
): Promise<TestServer> {
  const received: Received[] = [];
  const sockets: TestServer['sockets'] = [];
  const counts = new WeakMap<Socket, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const onConnection = (counts.get(req.socket) ?? 0) + 1;
      counts.set(req.socket, onConnection);
      const path = (req.url ?? '').split('?')[0] ?? '';
      const json = (value: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(200, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify(value));
      };
      if (path.startsWith('/login/oauth/token')) {
        json({ access_token: 'token-1', expires_in: 86_400 }, options.closeAfterLogin ? { Connection: 'close' } : {});
        return;
      }
      const request = { method: req.method ?? '', path, onConnection };
      received.push(request);
      if (behaviour(request)) json({ id: 'job-1', state: 'QUEUED' });
      // No response byte: the client sees the connection reset.
      else req.socket.resetAndDestroy();
    });
  });
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 60_000;
  server.on('connection', (socket: Socket) => {
    const entry: TestServer['sockets'][number] = { socket };
    sockets.push(entry);
    socket.on('end', () => {
      entry.endedByClient ??= true;
    });
    socket.on('close', () => {
      entry.closedAt = Date.now();
      entry.endedByClient ??= false;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    received,
    sockets,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

const clientFor = (port: number, transport: HttpTransport = 'lean'): GenesysClient =>
  createGenesysClient({
    transport,
    regionHost: 'mypurecloud.ie',
    gateway: { host: '127.0.0.1', port, protocol: 'http', loginPath: 'login', apiPath: 'gc' },
    clientId: 'id',
    clientSecret: 'secret',
    requestsPerMinute: 0,
    retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 5 },
    sleep: () => Promise.resolve(),
  });

const createJob = (client: GenesysClient): Promise<unknown> =>
  client.call('create a detail job', (sdk) =>
    sdk.analytics.postAnalyticsConversationsDetailsJobs({
      interval: '2026-10-01T00:00:00.000Z/2026-10-02T00:00:00.000Z',
    }),
  );

for (const transport of HTTP_TRANSPORTS) {
  test(`a POST reset after it reached the server is not sent again (${transport} transport)`, async () => {
    // The login's connection closes: the POST goes out on a fresh socket, and the server resets it.
    const server = await startServer((request) => request.method !== 'POST', { closeAfterLogin: true });
    try {
      const client = clientFor(server.port, transport);
      await assert.rejects(createJob(client), (error: unknown) => {
        assert.ok(error instanceof GenesysApiError);
        assert.match(error.message, /ECONNRESET.*could duplicate it/);
        return true;
      });
      assert.deepEqual(
        server.received.map((request) => request.method),
        ['POST'],
        'one POST: a second could have created a second job',
      );
      assert.equal(client.stats.retries, 0);
    } finally {
      await server.close();
    }
  });
}

test('a GET reset the same way is retried until it is answered', async () => {
  let resets = 0;
  const server = await startServer(() => (resets += 1) > 2, { closeAfterLogin: true });
  try {
    const client = clientFor(server.port);
    const response = await client.call('read recording metadata', (sdk) =>
      sdk.recording.getConversationRecordingmetadata('conversation-1'),
    );
    assert.equal(response.status, 200);
    assert.equal(server.received.length, 3);
    assert.equal(client.stats.retries, 2);
  } finally {
    await server.close();
  }
});

for (const transport of HTTP_TRANSPORTS) {
  test(`a POST on a reused keep-alive socket the server reset before answering is sent again (${transport} transport)`, async () => {
    // The login leaves its socket open; the POST reuses it and the server drops it unanswered, as a
    // server does when it closes an idle socket the moment the request is sent.
    const server = await startServer((request) => request.onConnection === 1);
    try {
      const client = clientFor(server.port, transport);
      await createJob(client);
      assert.deepEqual(
        server.received.map((request) => [request.method, request.onConnection]),
        [
          ['POST', 2],
          ['POST', 1],
        ],
      );
      assert.equal(client.stats.retries, 1);
    } finally {
      await server.close();
    }
  });
}

test('an idle keep-alive socket is closed by the client before a 5 s server keep-alive timeout', async () => {
  // The server would keep the socket for a minute: only the client's idle timeout closes it.
  const server = await startServer(() => true);
  try {
    const client = clientFor(server.port);
    const response = await client.call('read recording metadata', (sdk) =>
      sdk.recording.getConversationRecordingmetadata('conversation-1'),
    );
    const answeredAt = Date.now();
    assert.equal(response.status, 200);
    assert.equal(server.sockets.length, 1, 'the login and the read share one keep-alive socket');
    const deadline = answeredAt + 5_000;
    while (server.sockets[0]?.closedAt === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const socket = server.sockets[0];
    assert.ok(socket?.closedAt !== undefined, 'the idle socket is still open 5 s after the last response');
    assert.equal(socket.endedByClient, true, 'the client closed it');
    assert.ok(socket.closedAt - answeredAt >= idleSocketTimeoutMs - 200, 'not before the idle timeout');
  } finally {
    await server.close();
  }
});
