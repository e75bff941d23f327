/**
 * The scenario's extra retention policies (scenario.extraPolicies): their API payloads, the org
 * audit Update events of their changes mid-range, and which policy governs an agent session,
 * evaluated here from the conversation plan (never from what the pipeline extracted), so the
 * tests can check the models' policy matching against it.
 */
import type { ExtraPolicy, ExtraPolicyConditions, Scenario } from '../scenario.ts';
import { scenarioStartMs } from './arrivals.ts';
import type { JsonObject } from './conversation-payload.ts';
import { deterministicUuid } from './ids.ts';
import { iso } from './iso.ts';
import { orgOf } from './org.ts';
import type { AgentLegPlan, ConversationPlan } from './plan-types.ts';
import { utcToZonedWall } from './time-zone.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface ExtraPolicyEntity {
  readonly id: string;
  readonly spec: ExtraPolicy;
  readonly createdMs: number;
  /** The change mid-range, or null. */
  readonly changeMs: number | null;
}

export function extraPoliciesOf(scenario: Scenario): ExtraPolicyEntity[] {
  const start = scenarioStartMs(scenario);
  return scenario.extraPolicies.map((spec, i) => ({
    id: deterministicUuid(scenario.seed, 'policy', 2 + i),
    spec,
    createdMs: start + spec.createdHours * HOUR_MS,
    changeMs: spec.change === undefined ? null : start + spec.change.atHours * HOUR_MS,
  }));
}

function queueIds(scenario: Scenario, names: readonly string[]): string[] {
  const org = orgOf(scenario);
  return names.map((name) => {
    const queue = org.queues.find((q) => q.name === name);
    if (queue === undefined) throw new Error(`extraPolicies: unknown queue "${name}"`);
    return queue.id;
  });
}

function wrapUpCodeIds(scenario: Scenario, names: readonly string[]): string[] {
  const codes = orgOf(scenario).wrapUpCodes;
  return names.map((name) => {
    const code = codes.find((c) => c.name === name);
    if (code === undefined) {
      throw new Error(`extraPolicies: unknown wrap-up code "${name}" (one of ${codes.map((c) => c.name).join(', ')})`);
    }
    return code.id;
  });
}

function userIds(scenario: Scenario, agents: readonly number[]): string[] {
  const org = orgOf(scenario);
  return agents.map((k) => {
    const user = org.agents[k];
    if (user === undefined) throw new Error(`extraPolicies: no agent ${k}`);
    return user.id;
  });
}

const dateRangeStrings = (scenario: Scenario, conditions: ExtraPolicyConditions): string[] =>
  (conditions.dateRanges ?? []).map(
    (r) =>
      `${iso(scenarioStartMs(scenario) + r.fromHours * HOUR_MS)}/${iso(scenarioStartMs(scenario) + r.toHours * HOUR_MS)}`,
  );

function timeAllowedJson(conditions: ExtraPolicyConditions): JsonObject {
  const allowed = conditions.timeAllowed;
  if (allowed === undefined) return { timeSlots: [], empty: true };
  return {
    timeSlots: allowed.slots.map((slot) => ({
      startTime: `${slot.start}:00.000`,
      stopTime: `${slot.stop}:00.000`,
      day: slot.day,
    })),
    timeZoneId: allowed.timeZoneId,
    empty: false,
  };
}

/** The conditions in the API's model (CallMediaPolicyConditions). */
function conditionsJson(scenario: Scenario, conditions: ExtraPolicyConditions): JsonObject {
  const ref = (path: string) => (id: string) => ({ id, selfUri: `/api/v2/${path}/${id}` });
  return {
    forUsers: userIds(scenario, conditions.users ?? []).map(ref('users')),
    dateRanges: dateRangeStrings(scenario, conditions),
    forQueues: queueIds(scenario, conditions.queues ?? []).map(ref('routing/queues')),
    wrapupCodes: wrapUpCodeIds(scenario, conditions.wrapUpCodes ?? []).map(ref('routing/wrapupcodes')),
    languages: (conditions.languages ?? []).map(ref('routing/languages')),
    directions: [...(conditions.directions ?? [])],
    timeAllowed: timeAllowedJson(conditions),
  };
}

export function extraPolicyJson(scenario: Scenario, policy: ExtraPolicyEntity): JsonObject {
  const { spec } = policy;
  return {
    id: policy.id,
    name: spec.name,
    description: `${spec.name} (sandbox extra policy)`,
    enabled: spec.enabled,
    order: spec.order,
    createdDate: iso(policy.createdMs),
    modifiedDate: iso(policy.changeMs ?? policy.createdMs),
    mediaPolicies: {
      callPolicy: {
        conditions: conditionsJson(scenario, spec.conditions),
        actions: {
          retainRecording: true,
          deleteRecording: false,
          alwaysDelete: false,
          retentionDuration: { deleteRetention: { days: 365 } },
          ...(spec.screen ? { initiateScreenRecording: { recordACW: false, deleteRetention: { days: 90 } } } : {}),
        },
      },
    },
    selfUri: `/api/v2/recording/mediaretentionpolicies/${policy.id}`,
  };
}

/** The audit propertyChanges of a policy's change: one per condition whose values differ. */
export function changePropertyChanges(
  scenario: Scenario,
  policy: ExtraPolicyEntity,
): { property: string; oldValues: string[]; newValues: string[] }[] {
  const before = policy.spec.change?.before;
  if (before === undefined) return [];
  const now = policy.spec.conditions;
  const lists: [string, (c: ExtraPolicyConditions) => string[]][] = [
    ['forUsers', (c) => userIds(scenario, c.users ?? [])],
    ['dateRanges', (c) => dateRangeStrings(scenario, c)],
    ['forQueues', (c) => queueIds(scenario, c.queues ?? [])],
    ['wrapupCodes', (c) => wrapUpCodeIds(scenario, c.wrapUpCodes ?? [])],
    ['languages', (c) => [...(c.languages ?? [])]],
    ['directions', (c) => [...(c.directions ?? [])]],
    ['timeAllowed', (c) => (c.timeAllowed === undefined ? [] : [JSON.stringify(timeAllowedJson(c))])],
  ];
  return lists
    .map(([name, values]) => ({
      property: `mediaPolicies.callPolicy.conditions.${name}`,
      oldValues: values(before),
      newValues: values(now),
    }))
    .filter((change) => JSON.stringify(change.oldValues) !== JSON.stringify(change.newValues));
}

/** How the ground truth sees an agent session's scope (the documented matching rules). */
export interface PolicyScopeTruth {
  readonly scope: 'in_scope' | 'out_of_scope' | 'undetermined';
  /** The governing (matched) policy, or null. */
  readonly policyId: string | null;
  readonly screenRequired: boolean;
}

type Outcome = 'matched' | 'not_matched' | 'undetermined';

interface SessionFacts {
  readonly startMs: number;
  /** INBOUND, OUTBOUND, or null when the conversation's direction is unknown. */
  readonly direction: string | null;
  readonly queueId: string;
  readonly userId: string;
  readonly wrapUpCodeId: string | null;
  /** The sandbox's conversations carry no requested language. */
  readonly languageId: null;
}

/** true / false, or null when the session lacks the data. An empty list does not restrict (undefined). */
function listResult(values: readonly string[], fact: string | null): boolean | null | undefined {
  if (values.length === 0) return undefined;
  if (fact === null) return null;
  return values.includes(fact);
}

function slotSeconds(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 3600 + minutes * 60;
}

function evaluate(scenario: Scenario, conditions: ExtraPolicyConditions, facts: SessionFacts): Outcome {
  const start = scenarioStartMs(scenario);
  const results: (boolean | null | undefined)[] = [
    listResult(conditions.directions ?? [], facts.direction),
    listResult(queueIds(scenario, conditions.queues ?? []), facts.queueId),
    listResult(userIds(scenario, conditions.users ?? []), facts.userId),
    listResult(wrapUpCodeIds(scenario, conditions.wrapUpCodes ?? []), facts.wrapUpCodeId),
    listResult(conditions.languages ?? [], facts.languageId),
  ];
  if (conditions.dateRanges !== undefined && conditions.dateRanges.length > 0) {
    results.push(
      conditions.dateRanges.some(
        (r) => facts.startMs >= start + r.fromHours * HOUR_MS && facts.startMs < start + r.toHours * HOUR_MS,
      ),
    );
  }
  const allowed = conditions.timeAllowed;
  if (allowed !== undefined) {
    const wall = utcToZonedWall(allowed.timeZoneId, facts.startMs);
    const isoDay = ((new Date(wall).getUTCDay() + 6) % 7) + 1;
    const seconds = Math.floor((((wall % DAY_MS) + DAY_MS) % DAY_MS) / 1000);
    results.push(
      allowed.slots.some((slot) => {
        const stop = slot.stop === '00:00' ? 86_400 : slotSeconds(slot.stop);
        return slot.day === isoDay && seconds >= slotSeconds(slot.start) && seconds < stop;
      }),
    );
  }
  if (results.some((r) => r === null)) return 'undetermined';
  return results.every((r) => r !== false) ? 'matched' : 'not_matched';
}

interface PolicyAtStart {
  readonly id: string;
  readonly order: number;
  readonly screen: boolean;
  readonly conditions: ExtraPolicyConditions;
}

/** The enabled policies in effect at `startMs`, each as it was then. */
function policiesAt(scenario: Scenario, startMs: number): PolicyAtStart[] {
  const org = orgOf(scenario);
  const alwaysRecord: PolicyAtStart = {
    id: org.policyIds.alwaysRecord,
    order: 1,
    screen: true,
    conditions: { directions: ['INBOUND'], queues: org.queues.filter((q) => q.coveredByPolicy).map((q) => q.name) },
  };
  const extras = extraPoliciesOf(scenario)
    .filter((p) => p.spec.enabled && p.createdMs <= startMs)
    .map((p) => ({
      id: p.id,
      order: p.spec.order,
      screen: p.spec.screen,
      conditions:
        p.changeMs !== null && startMs < p.changeMs && p.spec.change ? p.spec.change.before : p.spec.conditions,
    }));
  return [alwaysRecord, ...extras];
}

export function policyScopeOf(scenario: Scenario, plan: ConversationPlan, leg: AgentLegPlan): PolicyScopeTruth {
  const wrapUp = [...leg.segments].reverse().find((s) => s.wrapUpCode !== undefined)?.wrapUpCode;
  const facts: SessionFacts = {
    startMs: plan.startMs,
    direction: plan.malformed === 'unknown_enum' ? null : 'INBOUND',
    queueId: leg.queue.id,
    userId: leg.user.id,
    wrapUpCodeId: wrapUp?.id ?? null,
    languageId: null,
  };
  const outcomes = policiesAt(scenario, plan.startMs).map((policy) => ({
    policy,
    outcome: evaluate(scenario, policy.conditions, facts),
  }));
  const matched = outcomes
    .filter((o) => o.outcome === 'matched')
    .map((o) => o.policy)
    .sort((a, b) => Number(b.screen) - Number(a.screen) || a.order - b.order || a.id.localeCompare(b.id));
  const undetermined = outcomes.filter((o) => o.outcome === 'undetermined').map((o) => o.policy);
  const governing = matched[0] ?? null;
  const settled = governing !== null && (governing.screen || !undetermined.some((p) => p.screen));
  if (settled) return { scope: 'in_scope', policyId: governing.id, screenRequired: governing.screen };
  if (governing !== null || undetermined.length > 0) {
    return { scope: 'undetermined', policyId: governing?.id ?? null, screenRequired: true };
  }
  return { scope: 'out_of_scope', policyId: null, screenRequired: false };
}
