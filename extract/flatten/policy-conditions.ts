/**
 * Media retention policy conditions in long form (one row per value), from a policy's payload
 * (retention_policy_condition_values) and from the property changes of its Update audit events
 * (retention_policy_changes), so the models can evaluate every condition and rebuild the policy
 * as it was when a conversation started. Anything these functions cannot read is kept as a row
 * the models treat as undeterminable, never dropped and never read as "any".
 */
import type { Row } from '../../contract/tables.ts';
import type { PolicyConditions } from '../schemas/dimensions.ts';
import type { OrgAuditEvent } from '../schemas/custody.ts';

/** Condition lists the models evaluate, by their name in the API model, with their row type. */
const listConditions = {
  directions: 'direction',
  forQueues: 'queue',
  forUsers: 'user',
  wrapupCodes: 'wrapup_code',
  languages: 'language',
  dateRanges: 'date_range',
} as const;

type ListCondition = keyof typeof listConditions;

const isListCondition = (name: string): name is ListCondition => Object.hasOwn(listConditions, name);

/** An empty value does not restrict: absent, null, '', [] or an object with no non-empty value. */
function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(isEmptyValue);
  return false;
}

const zoned = /(Z|[+-]\d\d:?\d\d)$/;

/** An ISO-8601 interval `start/end` with zones, as UTC ISO strings; null when not one. */
export function parseDateRange(value: unknown): { start: string; end: string } | null {
  if (typeof value !== 'string') return null;
  const parts = value.split('/');
  if (parts.length !== 2) return null;
  const [start = '', end = ''] = parts.map((part) => part.trim());
  if (!zoned.test(start) || !zoned.test(end)) return null;
  const startMs = Date.parse(start);
  const endMs = Date.parse(end);
  if (Number.isNaN(startMs) || Number.isNaN(endMs) || endMs < startMs) return null;
  return { start: new Date(startMs).toISOString(), end: new Date(endMs).toISOString() };
}

const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** A slot's day: 1 = Monday .. 7 = Sunday (the API's integer), or an English day name. */
function parseDay(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= 7 ? value : null;
  if (typeof value !== 'string') return null;
  if (/^[1-7]$/.test(value.trim())) return Number(value.trim());
  const index = DAY_NAMES.indexOf(value.trim().toLowerCase());
  return index < 0 ? null : index + 1;
}

/** `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fff` as `HH:MM:SS`; null otherwise. */
function parseTimeOfDay(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?$/.exec(value.trim());
  if (match === null) return null;
  const [, hours = '', minutes = '', seconds = '00'] = match;
  if (Number(hours) > 24 || Number(minutes) > 59 || Number(seconds) > 59) return null;
  return `${hours}:${minutes}:${seconds}`;
}

/** The id of a list value: a string, or an entity reference's id. */
function valueId(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string') return value.id;
  return null;
}

/** A time zone the warehouses know (Intl's IANA set); anything else cannot be evaluated. */
function knownTimeZone(timeZone: string | undefined): string | null {
  if (timeZone === undefined || timeZone.trim() === '') return null;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone === '' ? null : timeZone;
  } catch {
    return null;
  }
}

const rawValue = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

type ConditionRow = Row<'retention_policy_condition_values'>;

function emptyRow(policyId: string, mediaPolicy: string, conditionType: string, valueIndex: number): ConditionRow {
  return {
    policy_id: policyId,
    media_policy: mediaPolicy,
    condition_type: conditionType,
    value_index: valueIndex,
    value_id: null,
    range_start: null,
    range_end: null,
    slot_day: null,
    slot_start_time: null,
    slot_stop_time: null,
    time_zone_id: null,
    raw_value: null,
  };
}

function listValueRow(
  policyId: string,
  mediaPolicy: string,
  condition: ListCondition,
  value: unknown,
  valueIndex: number,
): ConditionRow {
  const row = { ...emptyRow(policyId, mediaPolicy, listConditions[condition], valueIndex), raw_value: rawValue(value) };
  if (condition === 'dateRanges') {
    const range = parseDateRange(value);
    return { ...row, range_start: range?.start ?? null, range_end: range?.end ?? null };
  }
  const id = valueId(value);
  return { ...row, value_id: condition === 'directions' ? (id?.toUpperCase() ?? null) : id };
}

/** The rows of `timeAllowed`: none when it does not restrict (`empty` or no slots). */
function timeSlotRows(
  policyId: string,
  mediaPolicy: string,
  timeAllowed: PolicyConditions['timeAllowed'],
): ConditionRow[] {
  if (timeAllowed === undefined || timeAllowed === null || timeAllowed.empty === true) return [];
  const slots = timeAllowed.timeSlots ?? [];
  return slots.map((slot, valueIndex) => {
    const fields = typeof slot === 'object' && slot !== null ? (slot as Record<string, unknown>) : {};
    return {
      ...emptyRow(policyId, mediaPolicy, 'time_slot', valueIndex),
      slot_day: parseDay(fields['day']),
      slot_start_time: parseTimeOfDay(fields['startTime']),
      slot_stop_time: parseTimeOfDay(fields['stopTime']),
      time_zone_id: knownTimeZone(timeAllowed.timeZoneId),
      raw_value: rawValue(slot),
    };
  });
}

/** Every condition of one media policy as rows; conditions the models cannot evaluate as `unsupported`. */
export function conditionValueRows(
  policyId: string,
  mediaPolicy: string,
  conditions: PolicyConditions,
): ConditionRow[] {
  const rows: ConditionRow[] = [];
  const unsupported: string[] = [];
  for (const [name, value] of Object.entries(conditions)) {
    if (isListCondition(name)) {
      const values = Array.isArray(value) ? value : [];
      values.forEach((item, valueIndex) => rows.push(listValueRow(policyId, mediaPolicy, name, item, valueIndex)));
    } else if (name === 'timeAllowed') {
      rows.push(...timeSlotRows(policyId, mediaPolicy, conditions.timeAllowed));
    } else if (!isEmptyValue(value)) {
      unsupported.push(name);
    }
  }
  unsupported.sort().forEach((name, valueIndex) =>
    rows.push({
      ...emptyRow(policyId, mediaPolicy, 'unsupported', valueIndex),
      value_id: name,
      raw_value: rawValue(conditions[name]),
    }),
  );
  return rows;
}

/** The legacy media-agnostic `conditions` of a policy: one `unsupported` row when they restrict anything. */
export function legacyConditionRows(policyId: string, legacy: unknown): ConditionRow[] {
  if (isEmptyValue(legacy)) return [];
  return [
    { ...emptyRow(policyId, 'callPolicy', 'unsupported', 1000), value_id: 'conditions', raw_value: rawValue(legacy) },
  ];
}

/** What a changed policy property means for scope, or null when it does not change who is in scope. */
export function changeTypeOf(property: string): string | null {
  const path = property.split('.');
  const leaf = path[path.length - 1] ?? '';
  if (property === 'enabled') return 'enabled';
  if (leaf === 'initiateScreenRecording') return 'screen_recording';
  if (path.includes('timeAllowed') || leaf === 'timeSlots' || leaf === 'timeZoneId') return 'unsupported';
  if (isListCondition(leaf)) return listConditions[leaf];
  if (path.includes('conditions')) return 'unsupported';
  return null;
}

type ChangeRow = Row<'retention_policy_changes'>;

function oldValueOf(changeType: string, value: unknown): Pick<ChangeRow, 'old_value' | 'range_start' | 'range_end'> {
  if (changeType === 'date_range') {
    const range = parseDateRange(value);
    return { old_value: rawValue(value), range_start: range?.start ?? null, range_end: range?.end ?? null };
  }
  if (changeType === 'enabled') {
    const text = rawValue(value).trim().toLowerCase();
    return { old_value: text === 'true' || text === 'false' ? text : null, range_start: null, range_end: null };
  }
  const id = valueId(value);
  return {
    old_value: changeType === 'direction' ? (id?.toUpperCase() ?? null) : id,
    range_start: null,
    range_end: null,
  };
}

/** The scope-relevant property changes of a retention policy's Update audit event; none for other events. */
export function policyChangeRows(event: OrgAuditEvent): ChangeRow[] {
  const policyId = event.entity?.id;
  if (event.entityType?.toLowerCase() !== 'policy' || event.action.toLowerCase() !== 'update') return [];
  if (policyId === undefined) return [];
  const rows: ChangeRow[] = [];
  (event.propertyChanges ?? []).forEach((change, changeIndex) => {
    const property = change.property ?? '';
    const changeType = changeTypeOf(property);
    if (changeType === null) return;
    const base = { event_id: event.id, policy_id: policyId, changed_at: event.eventDate, change_index: changeIndex };
    const oldValues = change.oldValues ?? [];
    rows.push({
      ...base,
      property,
      change_type: changeType,
      value_index: -1,
      old_value: null,
      range_start: null,
      range_end: null,
    });
    if (changeType === 'screen_recording') {
      // The action's presence is what matters: any old value but null/false means it was set.
      const wasSet = oldValues.some((value) => !isEmptyValue(value) && value !== 'null' && value !== 'false');
      rows.push({
        ...base,
        property,
        change_type: changeType,
        value_index: 0,
        old_value: String(wasSet),
        range_start: null,
        range_end: null,
      });
      return;
    }
    if (changeType === 'unsupported') return;
    oldValues.forEach((value, valueIndex) =>
      rows.push({
        ...base,
        property,
        change_type: changeType,
        value_index: valueIndex,
        ...oldValueOf(changeType, value),
      }),
    );
  });
  return rows;
}
