/**
 * The request budget of a scheduler's OAuth clients, shared by its ticks and its background
 * backfill: one token bucket per OAuth client (GENESYS_REQUESTS_PER_MINUTE, less the usual
 * headroom) for the process's lifetime, whatever client object sends through it. The backfill's
 * requests first take a token of `shareOf(bucket, share)`, so it never uses more than its share
 * of any client's budget; the ticks use the rest (all of it while the backfill is idle or done),
 * and together they stay within the budget.
 *
 * Incremental clients are made per tick (a login each, as a run makes them); the backfill keeps
 * one client per OAuth client for its whole drain (one login each) and hands each window a view
 * of them counting only that window's requests, starting each window on the next client.
 */
import { defaultBudgetHeadroom, type ClientStats, type GenesysClient } from '../../extract/genesys/client.ts';
import { createTokenBucket, shareOf, type RateLimiter } from '../../extract/genesys/rate-limiter.ts';
import { requireCredentials, type Config } from '../config.ts';
import { clientFor } from '../commands/shared.ts';
import type { Progress } from '../progress.ts';

export type Clients = readonly [GenesysClient, ...GenesysClient[]];

export interface ScheduleBudget {
  /** New clients for one tick, on the whole budget of each OAuth client. */
  incremental(progress: Progress): Clients;
  /** The backfill's clients (made on first use), each within `share` of its OAuth client's budget. */
  backfill(progress: Progress): Clients;
}

const statNames = ['requests', 'retries', 'rateLimited', 'logins'] as const;

/** A view of `client` whose stats count only what was sent through the client from now on. */
export function countedFromNow(client: GenesysClient): GenesysClient {
  const base = { ...client.stats };
  const stats = Object.defineProperties(
    {},
    Object.fromEntries(
      statNames.map((name) => [name, { enumerable: true, get: () => client.stats[name] - base[name] }]),
    ),
  ) as Readonly<ClientStats>;
  return { call: (operation, send, options) => client.call(operation, send, options), stats };
}

export function scheduleBudget(config: Config, share: number): ScheduleBudget {
  const credentials = requireCredentials(config);
  const buckets = credentials.map(() =>
    createTokenBucket({ ratePerMinute: config.genesys.requestsPerMinute * (1 - defaultBudgetHeadroom) }),
  );
  const shares: RateLimiter[] = buckets.map((bucket) => shareOf(bucket, share));
  const make = (limiters: readonly RateLimiter[], progress: Progress): Clients => {
    const [first, ...others] = credentials.map((credential, index) =>
      clientFor(
        config,
        credential,
        progress,
        config.genesys.gateway,
        config.genesys.requestsPerMinute,
        limiters[index],
      ),
    );
    if (first === undefined) throw new Error('requireCredentials returns at least one client');
    return [first, ...others];
  };
  let backfillClients: Clients | undefined;
  let windows = 0;
  return {
    incremental: (progress) => make(buckets, progress),
    backfill(progress) {
      backfillClients ??= make(shares, progress);
      // A window's detail job goes to the pool's first client on a tie: each window starts with the next one.
      const turn = windows % backfillClients.length;
      windows += 1;
      const [first, ...others] = [...backfillClients.slice(turn), ...backfillClients.slice(0, turn)].map(
        countedFromNow,
      );
      if (first === undefined) throw new Error('the backfill has at least one client');
      return [first, ...others];
    },
  };
}
