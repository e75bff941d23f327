/** The small request/response model the route modules are written against. */
import type { Scenario } from '../scenario.ts';
import type { JobStore } from '../state/jobs.ts';
import type { SandboxState } from '../state/store.ts';

export interface Reply {
  readonly status: number;
  /** Serialised as JSON; omitted for 204. */
  readonly body?: unknown;
  /** Already-serialised JSON, sent as is instead of `body` (large pages are built this way). */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteContext {
  readonly scenario: Scenario;
  /** Named groups of the route's path pattern. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Parsed JSON body (POST/PUT), undefined otherwise. */
  readonly body: unknown;
  /** Clock reading for this request, epoch ms. */
  readonly now: number;
  readonly jobs: JobStore;
  /** Mutable per-sandbox state of the newer endpoints (bulk jobs, protection, audit queries). */
  readonly state: SandboxState;
  /** The caller's bearer token (identifies the "user" for per-user rules). */
  readonly token: string;
  /** Sequence number of this API request (for hash-decided faults). */
  readonly requestNumber: number;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Name used in stats(). */
  readonly name: string;
  /** Matched against the path with the /gc (API) prefix removed. */
  readonly pattern: RegExp;
  readonly handle: (ctx: RouteContext) => Reply;
}
