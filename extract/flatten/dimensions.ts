import type { Row } from '../../contract/tables.ts';
import type { Policy, Queue, User } from '../schemas/dimensions.ts';
import { conditionValueRows, legacyConditionRows } from './policy-conditions.ts';

export function flattenUser(user: User): Row<'users'> {
  return {
    user_id: user.id,
    user_name: user.name ?? null,
    email: user.email ?? null,
    division_id: user.division?.id ?? null,
    state: user.state ?? null,
    department: user.department ?? null,
    title: user.title ?? null,
    raw_payload: JSON.stringify(user),
  };
}

export function flattenQueue(queue: Queue): Row<'queues'> {
  return {
    queue_id: queue.id,
    queue_name: queue.name,
    division_id: queue.division?.id ?? null,
    suppress_in_queue_call_recording: queue.suppressInQueueCallRecording ?? null,
    raw_payload: JSON.stringify(queue),
  };
}

const mediaPolicyNames = ['callPolicy', 'chatPolicy', 'emailPolicy', 'messagePolicy'] as const;

export function flattenPolicy(policy: Policy): {
  retention_policies: Row<'retention_policies'>[];
  retention_policy_conditions: Row<'retention_policy_conditions'>[];
  retention_policy_condition_values: Row<'retention_policy_condition_values'>[];
} {
  const callPolicy = policy.mediaPolicies?.callPolicy;
  const conditions: Row<'retention_policy_conditions'>[] = [];
  const conditionValues: Row<'retention_policy_condition_values'>[] = [];
  for (const mediaPolicy of mediaPolicyNames) {
    const policyConditions = policy.mediaPolicies?.[mediaPolicy]?.conditions;
    if (policyConditions === undefined) continue;
    conditionValues.push(...conditionValueRows(policy.id, mediaPolicy, policyConditions));
    // An empty list means the condition does not restrict that dimension.
    const directions: (string | null)[] = policyConditions.directions?.length ? policyConditions.directions : [null];
    const queues: (string | null)[] = policyConditions.forQueues?.length
      ? policyConditions.forQueues.map((queue) => queue.id)
      : [null];
    for (const direction of directions) {
      for (const queueId of queues) {
        conditions.push({
          condition_id: `${policy.id}:${mediaPolicy}:${direction ?? '*'}:${queueId ?? '*'}`,
          policy_id: policy.id,
          media_policy: mediaPolicy,
          direction,
          queue_id: queueId,
        });
      }
    }
  }
  return {
    retention_policies: [
      {
        policy_id: policy.id,
        policy_name: policy.name,
        policy_order: policy.order ?? null,
        enabled: policy.enabled ?? null,
        retain_recording: callPolicy?.actions?.retainRecording ?? null,
        initiates_screen_recording:
          callPolicy?.actions?.initiateScreenRecording === undefined
            ? false
            : callPolicy.actions.initiateScreenRecording !== null,
        created_date: policy.createdDate ?? null,
        modified_date: policy.modifiedDate ?? null,
        has_call_policy: callPolicy !== undefined,
        raw_payload: JSON.stringify(policy),
      },
    ],
    retention_policy_conditions: conditions,
    retention_policy_condition_values: [...conditionValues, ...legacyConditionRows(policy.id, policy.conditions)],
  };
}
