/**
 * The org's fixed dimensions (division, queues, users, flow, wrap-up codes), derived from the
 * scenario. They are O(agents + queues), so they are built once per scenario and memoised.
 */
import type { Scenario } from '../scenario.ts';
import { deterministicUuid } from './ids.ts';
import { hashKey } from './random.ts';

export interface OrgQueue {
  readonly index: number;
  readonly id: string;
  readonly name: string;
  readonly share: number;
  readonly coveredByPolicy: boolean;
  /** The division the queue (and the conversations routed through it) belongs to. */
  readonly divisionId: string;
  /** The queue's agents are agents[agentFrom .. agentTo). */
  readonly agentFrom: number;
  readonly agentTo: number;
}

export type UserRole = 'agent' | 'supervisor' | 'qa';

export interface OrgUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: UserRole;
  readonly title: string;
}

export interface OrgWrapUpCode {
  readonly id: string;
  readonly name: string;
}

export interface Org {
  readonly orgId: string;
  /** The home division (the first of `divisions`). */
  readonly division: { readonly id: string; readonly name: string };
  readonly divisions: readonly { readonly id: string; readonly name: string }[];
  /** Ids of the divisions the OAuth client may see (scenario credentials.divisions; default all). */
  readonly visibleDivisionIds: ReadonlySet<string>;
  readonly queues: readonly OrgQueue[];
  readonly queueShares: readonly number[];
  readonly agents: readonly OrgUser[];
  /** Agents first, then supervisors and QA. */
  readonly users: readonly OrgUser[];
  readonly flow: { readonly id: string; readonly name: string };
  readonly wrapUpCodes: readonly OrgWrapUpCode[];
  readonly edgeIds: readonly string[];
  readonly dnis: string;
  readonly policyIds: { readonly alwaysRecord: string; readonly legacyOutbound: string };
}

/** The last code is used for the first agent of a transferred call; the others are picked at random. */
const WRAP_UP_NAMES = [
  'Sale',
  'No Sale',
  'Information Given',
  'Follow-up Required',
  'Complaint',
  'Transferred',
] as const;

const STAFF = [
  { name: 'Sales Supervisor', email: 'supervisor.sales@example.com', role: 'supervisor', title: 'Team Supervisor' },
  { name: 'Service Supervisor', email: 'supervisor.service@example.com', role: 'supervisor', title: 'Team Supervisor' },
  { name: 'QA Lead', email: 'qa.lead@example.com', role: 'qa', title: 'Quality Analyst' },
] as const;

/** Splits `total` agents into contiguous blocks, one per queue, proportional to share, each ≥ 1. */
export function agentBlocks(shares: readonly number[], total: number): [number, number][] {
  if (total < shares.length) return shares.map((_, q) => [q % total, (q % total) + 1]);
  const sum = shares.reduce((a, b) => a + b, 0);
  const spare = total - shares.length;
  const exact = shares.map((s) => (s / sum) * spare);
  const counts = exact.map((e) => 1 + Math.floor(e));
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, q) => ({ q, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.q - b.q);
  for (const { q } of byRemainder) {
    if (left-- <= 0) break;
    counts[q] = (counts[q] ?? 0) + 1;
  }
  let from = 0;
  return counts.map((count) => {
    const block: [number, number] = [from, from + count];
    from += count;
    return block;
  });
}

function buildOrg(scenario: Scenario): Org {
  const { seed } = scenario;
  const shares = scenario.queues.map((q) => q.share);
  const blocks = agentBlocks(shares, scenario.agents);
  const divisions = scenario.divisions.map((d, k) => ({ id: deterministicUuid(seed, 'division', k), name: d.name }));
  const home = divisions[0] ?? { id: deterministicUuid(seed, 'division', 0), name: 'Home' };
  const divisionIdOf = (name: string | undefined): string => divisions.find((d) => d.name === name)?.id ?? home.id;
  const queues = scenario.queues.map((q, index): OrgQueue => {
    const [agentFrom, agentTo] = blocks[index] ?? [0, 1];
    const { division, ...rest } = q;
    return {
      index,
      id: deterministicUuid(seed, 'queue', index),
      ...rest,
      divisionId: divisionIdOf(division),
      agentFrom,
      agentTo,
    };
  });
  const allowed = scenario.credentials.divisions;
  const agents = Array.from({ length: scenario.agents }, (_, j): OrgUser => {
    const n = String(j + 1).padStart(3, '0');
    return {
      id: deterministicUuid(seed, 'user', j),
      name: `Agent ${n}`,
      email: `agent${n}@example.com`,
      role: 'agent',
      title: 'Contact Centre Agent',
    };
  });
  const staff = STAFF.map((s, j): OrgUser => ({ id: deterministicUuid(seed, 'staff', j), ...s }));
  const dnisDigits = String(hashKey(seed, 0, 'dnis') % 10_000_000).padStart(7, '0');
  return {
    orgId: deterministicUuid(seed, 'org', 0),
    division: home,
    divisions,
    visibleDivisionIds: new Set(
      divisions.filter((d) => allowed === undefined || allowed.includes(d.name)).map((d) => d.id),
    ),
    queues,
    queueShares: shares,
    agents,
    users: [...agents, ...staff],
    flow: { id: deterministicUuid(seed, 'flow', 0), name: 'Inbound Sales IVR' },
    wrapUpCodes: WRAP_UP_NAMES.map((name, j) => ({ id: deterministicUuid(seed, 'wrapup', j), name })),
    edgeIds: [deterministicUuid(seed, 'edge', 0), deterministicUuid(seed, 'edge', 1)],
    dnis: `tel:+49800${dnisDigits}`,
    policyIds: {
      alwaysRecord: deterministicUuid(seed, 'policy', 0),
      legacyOutbound: deterministicUuid(seed, 'policy', 1),
    },
  };
}

const memo = new WeakMap<Scenario, Org>();

export function orgOf(scenario: Scenario): Org {
  let org = memo.get(scenario);
  if (org === undefined) {
    org = buildOrg(scenario);
    memo.set(scenario, org);
  }
  return org;
}

/** The IVR flow's published version on a given day: version 13.0 goes live half-way through. */
export function flowVersionForDay(scenario: Scenario, day: number): string {
  return day < Math.floor(scenario.days / 2) || scenario.days < 2 ? '12.0' : '13.0';
}

/** AWS region code of a Genesys region host, as RecordingMetadata.region reports it. */
export function awsRegionOf(regionHost: string): string {
  const regions: Record<string, string> = {
    'mypurecloud.com': 'us-east-1',
    'usw2.pure.cloud': 'us-west-2',
    'cac1.pure.cloud': 'ca-central-1',
    'mypurecloud.ie': 'eu-west-1',
    'euw2.pure.cloud': 'eu-west-2',
    'mypurecloud.de': 'eu-central-1',
    'euc2.pure.cloud': 'eu-central-2',
    'mypurecloud.com.au': 'ap-southeast-2',
    'mypurecloud.jp': 'ap-northeast-1',
  };
  return regions[regionHost] ?? 'eu-west-1';
}
