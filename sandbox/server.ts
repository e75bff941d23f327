/**
 * The sandbox HTTP server (node:http only). It speaks the Genesys Cloud paths the project uses,
 * with the login host under `/login` and the API under `/gc` (the SDK's setGateway layout);
 * the same paths without those prefixes work too.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deterministicUuid } from './generator/ids.ts';
import { errorReply, notFound, serverError, tooManyRequests, unauthorized } from './http/errors.ts';
import { ReplyError } from './http/query.ts';
import type { Reply, Route } from './http/types.ts';
import { analyticsQueryRoutes } from './routes/analytics-query.ts';
import { auditRoutes } from './routes/audits.ts';
import { detailJobRoutes } from './routes/detail-jobs.ts';
import { listingRoutes } from './routes/listings.ts';
import { tokenRequest } from './routes/oauth.ts';
import { recordingJobRoutes } from './routes/recording-jobs.ts';
import { recordingRoutes } from './routes/recordings.ts';
import { retentionRoutes } from './routes/retention.ts';
import type { Scenario } from './scenario.ts';
import { createFaultInjector } from './state/faults.ts';
import { createJobStore } from './state/jobs.ts';
import type { JobFault } from './state/jobs.ts';
import { createSandboxState } from './state/store.ts';
import { createRateLimiter } from './state/rate-limit.ts';
import { bearerToken, createTokenStore } from './state/tokens.ts';

export interface SandboxOptions {
  readonly scenario: Scenario;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /**
   * Epoch-ms clock that drives everything: token expiry, rate-limit windows, job dates, the data
   * availability date, recording settling, retention, exports and audit events. Defaults to
   * Date.now. Tests pass a fixed clock and advance it.
   */
  readonly clock?: () => number;
  /** Wall-time milliseconds added to every response (a network/API latency for benchmarks); default 0. */
  readonly latencyMs?: number;
  /**
   * OAuth clients the sandbox accepts (default 1): the scenario's credentials, then `<id>-2` /
   * `<secret>-2` and so on. The rate limit is per token, so each client has its own budget.
   */
  readonly clients?: number;
}

/** One OAuth client the sandbox accepts. */
export interface SandboxCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** The scenario's credentials and `count - 1` more, numbered from 2. */
export function sandboxCredentials(scenario: Scenario, count = 1): SandboxCredentials[] {
  const { clientId, clientSecret } = scenario.credentials;
  return Array.from({ length: Math.max(1, count) }, (_, i) =>
    i === 0
      ? { clientId, clientSecret }
      : { clientId: `${clientId}-${i + 1}`, clientSecret: `${clientSecret}-${i + 1}` },
  );
}

/** Test hooks: faults on demand. */
export interface SandboxControl {
  /** The next detail job created ends in this state instead of FULFILLED. */
  failNextDetailJob(state: JobFault): void;
  /** The next `n` GET /conversations/{id}/recordings answer 202 with an empty body. */
  emptyRecordingsNext(n?: number): void;
  /** The next recording bulk job to finish processing ends FAILED. */
  failNextRecordingJob(): void;
}

/** One route's API requests from one OAuth client: how many, and the sandbox-wide sequence numbers of the first and last. */
export interface RouteTraffic {
  readonly count: number;
  readonly first: number;
  readonly last: number;
}

/** The API requests one OAuth client sent (with a valid token), by route and by reply status. */
export interface ClientTraffic {
  readonly requests: number;
  readonly byRoute: Readonly<Record<string, RouteTraffic>>;
  readonly byStatus: Readonly<Record<string, number>>;
}

/**
 * The API requests sent with one access token (Genesys rates per token): when each arrived (the
 * sandbox's clock) and the intervals of the detail jobs it created, which tell whose work it did.
 */
export interface TokenTraffic {
  readonly clientId: string;
  readonly times: readonly number[];
  readonly detailJobIntervals: readonly string[];
}

export interface SandboxStats {
  readonly requests: number;
  readonly byRoute: Readonly<Record<string, number>>;
  readonly byStatus: Readonly<Record<string, number>>;
  /** By OAuth client id; a request's sequence number is its place among every request the sandbox received. */
  readonly byClient: Readonly<Record<string, ClientTraffic>>;
  /** Per access token, in the order of their first API request. */
  readonly byToken: readonly TokenTraffic[];
}

export interface Sandbox {
  /** e.g. `http://127.0.0.1:43817` */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every OAuth client accepted (the first is clientId/clientSecret). */
  readonly credentials: readonly SandboxCredentials[];
  /** Ready for the SDK's `client.setGateway(...)`. */
  readonly gateway: {
    readonly host: string;
    readonly protocol: 'http';
    readonly port: number;
    readonly path_params_login: 'login';
    readonly path_params_api: 'gc';
  };
  close(): Promise<void>;
  stats(): SandboxStats;
  readonly control: SandboxControl;
  /** The sandbox's clock (as passed in, or Date.now). */
  readonly clock: () => number;
}

/** Genesys' `request.bytes.max`. */
const MAX_BODY_BYTES = 512_000;
const routes: readonly Route[] = [
  ...detailJobRoutes,
  ...analyticsQueryRoutes,
  ...recordingRoutes,
  ...recordingJobRoutes,
  ...retentionRoutes,
  ...auditRoutes,
  ...listingRoutes,
];

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new ReplyError(errorReply(413, 'request.entity.too.large', 'Request too large'));
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ReplyError(errorReply(400, 'bad.request', 'The request body is not valid JSON'));
  }
}

function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | null {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match !== null) return { route, params: { ...match.groups } };
  }
  return null;
}

function writeReply(res: ServerResponse, reply: Reply, correlationId: string, startedAt: number): void {
  let body = reply.body;
  if (typeof body === 'object' && body !== null && 'contextId' in body && body.contextId === '') {
    body = { ...body, contextId: correlationId };
  }
  res.writeHead(reply.status, {
    'Content-Type': 'application/json',
    'ININ-Correlation-Id': correlationId,
    // Time spent building the reply, for profiling the sandbox (not a Genesys header).
    'Server-Timing': `app;dur=${(performance.now() - startedAt).toFixed(1)}`,
    ...reply.headers,
  });
  if (reply.status === 204) res.end();
  else if (reply.rawBody !== undefined) res.end(reply.rawBody);
  else res.end(body === undefined ? undefined : JSON.stringify(body));
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const { scenario, port = 0, host = '127.0.0.1', clock = Date.now, latencyMs = 0 } = options;
  const credentials = sandboxCredentials(scenario, options.clients);
  const tokens = createTokenStore();
  const jobs = createJobStore(scenario);
  const limiter = createRateLimiter(scenario.limits.requestsPerMinute);
  const faults = createFaultInjector(scenario);
  const state = createSandboxState();
  const timers = new Set<NodeJS.Timeout>();
  const byRoute: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const byClient: Record<
    string,
    { requests: number; byRoute: Record<string, RouteTraffic>; byStatus: Record<string, number> }
  > = {};
  const byToken = new Map<string, { clientId: string; times: number[]; detailJobIntervals: string[] }>();
  let requests = 0;
  let apiRequests = 0;

  const dispatch = async (
    req: IncomingMessage,
    routeName: { value: string },
    delay: { ms: number },
    caller: { clientId?: string | undefined },
  ): Promise<Reply> => {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname.replace(/\/+$/, '');
    const now = clock();
    if (method === 'POST' && /^(\/login)?\/oauth\/token$/.test(path)) {
      routeName.value = 'oauth.token';
      const body = await readBody(req);
      return tokenRequest(scenario, tokens, { authorization: req.headers.authorization, body, now }, credentials);
    }
    const apiPath = path.startsWith('/gc/') ? path.slice(3) : path;
    const matched = matchRoute(method, apiPath);
    if (matched === null) return notFound();
    routeName.value = matched.route.name;
    const token = bearerToken(req.headers.authorization);
    if (token === null || !tokens.isValid(token, now)) return unauthorized();
    caller.clientId = tokens.clientOf(token);
    let traffic = byToken.get(token);
    if (traffic === undefined) {
      traffic = { clientId: caller.clientId ?? '', times: [], detailJobIntervals: [] };
      byToken.set(token, traffic);
    }
    traffic.times.push(now);
    const retryAfter = limiter.check(token, now);
    if (retryAfter !== null) return tooManyRequests(retryAfter, scenario.limits.requestsPerMinute);
    delay.ms = faults.delayFor(apiRequests++);
    const fault = faults.next();
    if (fault?.kind === 'unavailable') return serverError(fault.status);
    if (fault?.kind === 'throttled') return tooManyRequests(fault.retryAfter, scenario.limits.requestsPerMinute || 300);
    const body = method === 'POST' || method === 'PUT' ? parseJsonBody(await readBody(req)) : undefined;
    if (matched.route.name === 'analytics.detailJobs.create') {
      const interval = (body as { interval?: unknown } | undefined)?.interval;
      if (typeof interval === 'string') traffic.detailJobIntervals.push(interval);
    }
    return matched.route.handle({
      scenario,
      params: matched.params,
      query: url.searchParams,
      body,
      now,
      jobs,
      state,
      token,
      requestNumber: apiRequests - 1,
    });
  };

  // One hashed UUID head per server, the request number in the last 12 hex digits: unique and
  // deterministic, without hashing a new UUID for every response.
  const correlationHead = deterministicUuid(scenario.seed, 'correlation', 0).slice(0, 24);
  const server = createServer((req, res) => {
    const startedAt = performance.now();
    const sequence = requests++;
    const correlationId = `${correlationHead}${sequence.toString(16).padStart(12, '0')}`;
    const routeName = { value: 'notFound' };
    const delay = { ms: 0 };
    const caller: { clientId?: string | undefined } = {};
    dispatch(req, routeName, delay, caller)
      .catch((error: unknown): Reply => {
        if (error instanceof ReplyError) return error.reply;
        return errorReply(500, 'internal.server.error', error instanceof Error ? error.message : String(error));
      })
      .then((reply) => {
        byRoute[routeName.value] = (byRoute[routeName.value] ?? 0) + 1;
        byStatus[reply.status] = (byStatus[reply.status] ?? 0) + 1;
        if (caller.clientId !== undefined) {
          const traffic = (byClient[caller.clientId] ??= { requests: 0, byRoute: {}, byStatus: {} });
          traffic.requests += 1;
          traffic.byStatus[reply.status] = (traffic.byStatus[reply.status] ?? 0) + 1;
          const route = traffic.byRoute[routeName.value];
          traffic.byRoute[routeName.value] = {
            count: (route?.count ?? 0) + 1,
            first: route?.first ?? sequence,
            last: Math.max(route?.last ?? sequence, sequence),
          };
        }
        const holdMs = delay.ms + latencyMs;
        if (holdMs === 0) {
          writeReply(res, reply, correlationId, startedAt);
          return;
        }
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) writeReply(res, reply, correlationId, startedAt);
        }, holdMs);
        timers.add(timer);
      })
      .catch(() => res.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
    port: actualPort,
    host,
    clientId: scenario.credentials.clientId,
    clientSecret: scenario.credentials.clientSecret,
    credentials,
    gateway: { host, protocol: 'http', port: actualPort, path_params_login: 'login', path_params_api: 'gc' },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeAllConnections();
      }),
    stats: () => ({
      requests,
      byRoute: { ...byRoute },
      byStatus: { ...byStatus },
      byClient: structuredClone(byClient),
      byToken: structuredClone([...byToken.values()]),
    }),
    clock,
    control: {
      failNextDetailJob: (jobState) => {
        jobs.forceNext(jobState);
      },
      emptyRecordingsNext: (n = 1) => {
        state.emptyRecordingsLeft += n;
      },
      failNextRecordingJob: () => {
        state.failNextRecordingJob = true;
      },
    },
  };
}
