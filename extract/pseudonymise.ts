/**
 * Personal data never reaches the stage in clear: phone numbers (ANI/DNIS and other
 * addresses), e-mail addresses and names become keyed hashes (HMAC-SHA-256 with a secret from
 * config) before anything is written. The same input gives the same hash under one key, so
 * joins and counts still work; without the key the hashes cannot be reversed by guessing
 * numbers. Disabled only when the config says so explicitly.
 *
 * Objects that hold personal data (conversations and everything under them, recording metadata,
 * users, the user of an audit event or a bulk job) are pseudonymised by allow-list, not by
 * deny-list: only fields known to be non-personal are kept in clear, everything else (known
 * personal fields, and fields a newer API version adds) is hashed leaf by leaf, so a drifted
 * field holding a phone number never lands in clear. Field names stay readable, so drift is
 * still visible in raw_payload. Which fields are known is in personal-data.ts.
 */
import { hash } from 'node:crypto';

export type Pseudonymiser = (value: string) => string;

/** SHA-256's block size: HMAC pads (or first hashes) its key to this length. */
const blockBytes = 64;
/**
 * Hashes remembered per pseudonymiser (names, queue and user addresses repeat); cleared when full.
 * 100,000 UUID-sized values hold about 10 MiB of heap, so a memo that large made the pipeline's
 * memory depend on the window's size (it filled at a 50,000-conversation window); 20,000 hold
 * about 2 MiB and still cover an org's agents, queues and addresses.
 */
const memoLimit = 20_000;

/**
 * HMAC-SHA-256 (RFC 2104) from two one-shot hashes with the padded keys computed once: the same
 * digest as createHmac, without building an Hmac object per value.
 */
function hmacSha256Hex(key: string): (value: string) => string {
  let keyBytes = Buffer.from(key, 'utf8');
  if (keyBytes.length > blockBytes) keyBytes = hash('sha256', keyBytes, 'buffer');
  const padded = Buffer.alloc(blockBytes);
  keyBytes.copy(padded);
  const inner = Buffer.from(padded.map((byte) => byte ^ 0x36));
  const outer = Buffer.from(padded.map((byte) => byte ^ 0x5c));
  return (value) => {
    const innerDigest = hash('sha256', Buffer.concat([inner, Buffer.from(value, 'utf8')]), 'buffer');
    return hash('sha256', Buffer.concat([outer, innerDigest]), 'hex');
  };
}

export function createPseudonymiser(key: string | null): Pseudonymiser {
  if (key === null) return (value) => value;
  const hmac = hmacSha256Hex(key);
  const memo = new Map<string, string>();
  return (value) => {
    let hashed = memo.get(value);
    if (hashed === undefined) {
      hashed = `hmac:${hmac(value).slice(0, 32)}`;
      if (memo.size >= memoLimit) memo.clear();
      memo.set(value, hashed);
    }
    return hashed;
  };
}

/** How the fields of one kind of object are treated. */
export interface FieldPolicy {
  /** Fields known not to be personal: kept in clear when they hold a scalar or an array of scalars. */
  readonly keep?: ReadonlySet<string>;
  /** Fields holding an object, or an array of objects, with a policy of their own. */
  readonly nested?: Readonly<Record<string, FieldPolicy>>;
  /** Fields holding a name → value map whose values are kept only for the names listed (participant attributes). */
  readonly maps?: Readonly<Record<string, ReadonlySet<string>>>;
  /** Fields always hashed, also in an open object. */
  readonly hash?: ReadonlySet<string>;
  /**
   * Not a personal-data object: fields named nowhere above are kept as they are (only `nested`,
   * `maps` and `hash` apply). A closed object (the default) hashes every field it does not keep.
   */
  readonly open?: boolean;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isScalar = (value: unknown): boolean => value === null || typeof value !== 'object';

/**
 * Hashes every string and number in `value` (numbers too: a phone number can arrive as one);
 * keeps object keys, booleans and nulls, so the shape of what was hashed stays visible.
 */
export function hashLeaves(value: unknown, hash: Pseudonymiser): unknown {
  if (typeof value === 'string') return hash(value);
  if (typeof value === 'number' || typeof value === 'bigint') return hash(String(value));
  if (Array.isArray(value)) return value.map((item) => hashLeaves(item, hash));
  if (isObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) copy[key] = hashLeaves(child, hash);
    return copy;
  }
  return value;
}

function applyToMap(map: unknown, allowed: ReadonlySet<string>, hash: Pseudonymiser): unknown {
  if (!isObject(map)) return hashLeaves(map, hash);
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(map)) {
    copy[name] = allowed.has(name) && isScalar(value) ? value : hashLeaves(value, hash);
  }
  return copy;
}

function applyToNested(value: unknown, policy: FieldPolicy, hash: Pseudonymiser): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => (isObject(item) ? applyPolicy(item, policy, hash) : hashLeaves(item, hash)));
  }
  // A field whose value is not of the expected shape cannot be vouched for: hashed (null stays null).
  return isObject(value) ? applyPolicy(value, policy, hash) : hashLeaves(value, hash);
}

const keepable = (value: unknown): boolean => isScalar(value) || (Array.isArray(value) && value.every(isScalar));

type FieldAction =
  | { readonly kind: 'nested'; readonly policy: FieldPolicy }
  | { readonly kind: 'map'; readonly allowed: ReadonlySet<string> }
  | { readonly kind: 'hash' }
  | { readonly kind: 'keep' };

/** A policy as one lookup per field: nested before maps before hash before keep, as documented. */
interface CompiledPolicy {
  readonly fields: ReadonlyMap<string, FieldAction>;
  readonly open: boolean;
}

const compiled = new WeakMap<FieldPolicy, CompiledPolicy>();

function compile(policy: FieldPolicy): CompiledPolicy {
  let result = compiled.get(policy);
  if (result !== undefined) return result;
  const fields = new Map<string, FieldAction>();
  for (const key of policy.keep ?? []) fields.set(key, { kind: 'keep' });
  for (const key of policy.hash ?? []) fields.set(key, { kind: 'hash' });
  for (const [key, allowed] of Object.entries(policy.maps ?? {})) fields.set(key, { kind: 'map', allowed });
  // Read one by one: a nested policy may be a getter (a recursive one, such as annotations).
  for (const key of Object.keys(policy.nested ?? {})) {
    const nested = policy.nested?.[key];
    if (nested !== undefined) fields.set(key, { kind: 'nested', policy: nested });
  }
  result = { fields, open: policy.open === true };
  compiled.set(policy, result);
  return result;
}

/**
 * A deep copy of `value` with its personal data hashed under `policy`. A value that is not an
 * object at all (a malformed record) is hashed whole, unless the policy is open.
 */
export function applyPolicy(value: unknown, policy: FieldPolicy, hash: Pseudonymiser): unknown {
  if (!isObject(value)) return policy.open === true ? value : hashLeaves(value, hash);
  const { fields, open } = compile(policy);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const child = value[key];
    const action = fields.get(key);
    if (action === undefined) copy[key] = open ? child : hashLeaves(child, hash);
    else if (action.kind === 'nested') copy[key] = applyToNested(child, action.policy, hash);
    else if (action.kind === 'map') copy[key] = applyToMap(child, action.allowed, hash);
    else if (action.kind === 'hash') copy[key] = hashLeaves(child, hash);
    else if (keepable(child)) copy[key] = child;
    else copy[key] = open ? child : hashLeaves(child, hash);
  }
  return copy;
}
