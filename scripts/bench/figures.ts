/** The bench's figures, computed from what a phase counted (pure, so tests pin the arithmetic). */

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** The days and calls per day of a slice of about `conversations` conversations of a scenario. */
export function scenarioSlice(
  scenario: { readonly days: number; readonly callsPerDay: number },
  conversations: number,
): { days: number; callsPerDay: number } {
  const days = Math.min(scenario.days, Math.max(1, Math.ceil(conversations / scenario.callsPerDay)));
  return { days, callsPerDay: Math.min(scenario.callsPerDay, Math.max(1, Math.ceil(conversations / days))) };
}

export interface ThroughputFigures {
  readonly conversations: number;
  readonly seconds: number;
  readonly conversationsPerSecond: number;
  readonly apiRequests: number;
  readonly requestsPerConversation: number;
}

export function throughputFigures(counts: {
  conversations: number;
  milliseconds: number;
  apiRequests: number;
}): ThroughputFigures {
  const seconds = counts.milliseconds / 1000;
  return {
    conversations: counts.conversations,
    seconds: round(seconds, 2),
    conversationsPerSecond: round(counts.conversations / Math.max(seconds, 0.001), 1),
    apiRequests: counts.apiRequests,
    requestsPerConversation: round(counts.apiRequests / Math.max(1, counts.conversations), 3),
  };
}

export interface ClientCounts {
  /** API requests sent (accepted or not). */
  readonly requests: number;
  /** Of them, answered 429. */
  readonly rateLimited: number;
}

export interface BudgetFigures {
  readonly requestsSent: number;
  readonly requestsAccepted: number;
  readonly responses429: number;
  /** Accepted requests / the combined budget of every client over the phase. */
  readonly budgetShareUsed: number;
  /** 429s / requests sent. */
  readonly share429: number;
  readonly perClient: readonly { requestsSent: number; responses429: number; budgetShareUsed: number }[];
}

/** Budget use across clients, each allowed `requestsPerMinute` for `seconds`. */
export function budgetFigures(
  clients: readonly ClientCounts[],
  requestsPerMinute: number,
  seconds: number,
): BudgetFigures {
  const allowedEach = (requestsPerMinute * seconds) / 60;
  const sent = clients.reduce((sum, c) => sum + c.requests, 0);
  const limited = clients.reduce((sum, c) => sum + c.rateLimited, 0);
  return {
    requestsSent: sent,
    requestsAccepted: sent - limited,
    responses429: limited,
    budgetShareUsed: round((sent - limited) / Math.max(1, allowedEach * clients.length), 3),
    share429: round(limited / Math.max(1, sent), 4),
    perClient: clients.map((c) => ({
      requestsSent: c.requests,
      responses429: c.rateLimited,
      budgetShareUsed: round((c.requests - c.rateLimited) / Math.max(1, allowedEach), 3),
    })),
  };
}

export const mib = (bytes: number): number => Math.round(bytes / 1024 / 1024);
