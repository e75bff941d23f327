/**
 * Personal data never reaches the stage in clear: phone numbers (ANI/DNIS and other
 * addresses), e-mail addresses and names become keyed hashes (HMAC-SHA-256 with a secret from
 * config) before anything is written. The same input gives the same hash under one key, so
 * joins and counts still work; without the key the hashes cannot be reversed by guessing
 * numbers. Disabled only when the config says so explicitly.
 */
import { createHmac } from 'node:crypto';

export type Pseudonymiser = (value: string) => string;

export function createPseudonymiser(key: string | null): Pseudonymiser {
  if (key === null) return (value) => value;
  return (value) => `hmac:${createHmac('sha256', key).update(value).digest('hex').slice(0, 32)}`;
}

/** Keys whose string values are personal data, per payload kind. */
export const personalDataKeys = {
  conversation: new Set([
    'ani',
    'dnis',
    'sessionDnis',
    'addressFrom',
    'addressTo',
    'addressSelf',
    'addressOther',
    'remote',
    'remoteNameDisplayable',
    'participantName',
    'callbackNumbers',
    'callbackUserName',
    'entryReason',
    'transferTargetAddress',
    'outboundContactId',
  ]),
  user: new Set(['name', 'email', 'username', 'address', 'jabberId', 'display', 'addresses']),
  /** Audit events: the acting user's name and the IP addresses; entity names (policies, actions) stay readable. */
  audit: new Set(['remoteIps', 'remoteIp']),
} as const;

/** Returns a deep copy of `payload` with the values under `keys` hashed (strings, and strings inside arrays). */
export function pseudonymisePayload<T>(payload: T, keys: ReadonlySet<string>, hash: Pseudonymiser): T {
  const walk = (value: unknown, sensitive: boolean): unknown => {
    if (typeof value === 'string') return sensitive ? hash(value) : value;
    if (Array.isArray(value)) return value.map((item) => walk(item, sensitive));
    if (typeof value === 'object' && value !== null) {
      const copy: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) copy[key] = walk(child, sensitive || keys.has(key));
      return copy;
    }
    return value;
  };
  return walk(payload, false) as T;
}

/** Audit events carry personal data in `user` (a user object) and in the remote IP addresses. */
export function pseudonymiseAuditEvent(event: unknown, hash: Pseudonymiser): unknown {
  if (typeof event !== 'object' || event === null) return event;
  const record = event as Record<string, unknown>;
  const copy = pseudonymisePayload(record, personalDataKeys.audit, hash);
  return 'user' in record ? { ...copy, user: pseudonymisePayload(record['user'], personalDataKeys.user, hash) } : copy;
}
