/**
 * The run's OAuth clients as one pool, so that no client's budget sits idle while another's has
 * a queue. Each client has its own token bucket; what the pool sees of it is its load: the units
 * of work holding it (a window, the run-level streams), the calls sent through the pool that
 * have not settled yet (waiting for a token or in flight) and the requests it has sent.
 *
 * - A unit of work whose calls belong together (a detail job and its polls and pages, a cursor
 *   listing) leases one client for its duration: the one with the fewest units, then the
 *   shortest queue.
 * - Calls that stand alone (per-conversation recording reads) go through `spread`, which sends
 *   each one through the client with the shortest queue at that moment. While one window waits
 *   for its detail job, the reads of the other windows use its client's budget.
 *
 * The clients are assumed interchangeable (same org, roles and divisions), as they must be for
 * windows to be shared among them at all.
 */
import type { ApiResponse, GenesysClient } from '../extract/genesys/client.ts';

export interface ClientLoad {
  /** Units of work holding the client. */
  readonly units: number;
  /** Calls through the pool not settled yet (waiting for a token, or in flight). */
  readonly outstanding: number;
  /** Requests the client has sent over the run. */
  readonly sent: number;
}

/** What a choice compares first: units of work (a lease) or queued calls (one call). */
export type ChoiceBasis = 'unit' | 'call';

const keyOf = (load: ClientLoad, basis: ChoiceBasis): readonly number[] =>
  basis === 'unit' ? [load.units, load.outstanding, load.sent] : [load.outstanding, load.sent];

function lessThan(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/** The index of the least loaded client (the first one on a tie); -1 for none. */
export function leastLoaded(loads: readonly ClientLoad[], basis: ChoiceBasis): number {
  let best = -1;
  let bestKey: readonly number[] = [];
  loads.forEach((load, index) => {
    const key = keyOf(load, basis);
    if (best < 0 || lessThan(key, bestKey)) {
      best = index;
      bestKey = key;
    }
  });
  return best;
}

export interface ClientLease {
  /** The leased client (its calls count towards its queue in the pool). */
  readonly client: GenesysClient;
  /** Which client of the pool (0-based), for progress and tests. */
  readonly index: number;
  /** Gives the client back; calling it again does nothing. */
  release(): void;
}

export interface ClientPool {
  /** The least loaded client for a unit of work, held until released. */
  lease(): ClientLease;
  /** A client that sends each call through the client with the shortest queue. */
  readonly spread: GenesysClient;
  /** The load of every client now (in the pool's order). */
  loads(): ClientLoad[];
}

interface Member {
  readonly client: GenesysClient;
  units: number;
  outstanding: number;
}

export function clientPool(clients: readonly [GenesysClient, ...GenesysClient[]]): ClientPool {
  const member = (client: GenesysClient): Member => ({ client, units: 0, outstanding: 0 });
  const [head, ...tail] = clients;
  const first = member(head);
  const members = [first, ...tail.map(member)];
  const loads = (): ClientLoad[] =>
    members.map((member) => ({
      units: member.units,
      outstanding: member.outstanding,
      sent: member.client.stats.requests,
    }));
  const pick = (basis: ChoiceBasis): Member => members[leastLoaded(loads(), basis)] ?? first;

  const callThrough = async (
    member: Member,
    operation: string,
    send: Parameters<GenesysClient['call']>[1],
  ): Promise<ApiResponse> => {
    member.outstanding += 1;
    try {
      return await member.client.call(operation, send);
    } finally {
      member.outstanding -= 1;
    }
  };

  const tracked = (member: Member): GenesysClient => ({
    call: (operation, send) => callThrough(member, operation, send),
    stats: member.client.stats,
  });

  const spreadStats = {
    get requests() {
      return members.reduce((sum, member) => sum + member.client.stats.requests, 0);
    },
    get retries() {
      return members.reduce((sum, member) => sum + member.client.stats.retries, 0);
    },
    get rateLimited() {
      return members.reduce((sum, member) => sum + member.client.stats.rateLimited, 0);
    },
    get logins() {
      return members.reduce((sum, member) => sum + member.client.stats.logins, 0);
    },
  };

  return {
    lease() {
      const leased = pick('unit');
      leased.units += 1;
      let released = false;
      return {
        client: tracked(leased),
        index: members.indexOf(leased),
        release() {
          if (released) return;
          released = true;
          leased.units -= 1;
        },
      };
    },
    spread: {
      call: (operation, send) => callThrough(pick('call'), operation, send),
      stats: spreadStats,
    },
    loads,
  };
}
