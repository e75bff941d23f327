/**
 * Deterministic UUID-shaped ids (version nibble 4, variant 8..b). Conversation ids carry their
 * index in the last 12 hex digits so an id can be mapped back to its conversation without a
 * lookup table.
 */
import { hashKey } from './random.ts';

// Lookup tables: Number#toString(16) + padStart was the hottest code in page generation.
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const byte = (n: number, shift: number): string => HEX[(n >>> shift) & 0xff] ?? '00';
const hex8 = (n: number): string => byte(n, 24) + byte(n, 16) + byte(n, 8) + byte(n, 0);
const hex4 = (n: number): string => byte(n, 8) + byte(n, 0);

function uuidHead(seed: number, label: string, index: number, sub: number): string {
  const w0 = hashKey(seed, index, label, sub);
  const w1 = hashKey(seed, index, label, sub + 0x10000);
  const w2 = hashKey(seed, index, label, sub + 0x20000);
  const version = 0x4000 | (w1 & 0x0fff);
  const variant = 0x8000 | (w2 & 0x3fff);
  return `${hex8(w0)}-${hex4(w1 >>> 16)}-${hex4(version)}-${hex4(variant)}`;
}

/** A UUID determined by (seed, label, index, sub). */
export function deterministicUuid(seed: number, label: string, index: number, sub = 0): string {
  const w3 = hashKey(seed, index, label, sub + 0x30000);
  return `${uuidHead(seed, label, index, sub)}-${hex4(w3 >>> 16)}${hex8(hashKey(seed, index, label, sub + 0x40000))}`;
}

const MAX_INDEX = 0xffff_ffff_ffff;

/** The id of conversation `index`: a hashed head and the index in the last 12 hex digits. */
export function conversationIdOf(seed: number, index: number): string {
  return `${uuidHead(seed, 'conversation', index, 0)}-${index.toString(16).padStart(12, '0')}`;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-([0-9a-f]{12})$/;

/**
 * The index encoded in a conversation id, or null if the id is not one this seed produces
 * (the head must match too, so random UUIDs are not mistaken for conversations).
 */
export function indexOfConversationId(seed: number, id: string): number | null {
  const match = uuidPattern.exec(id.toLowerCase());
  const tail = match?.[1];
  if (tail === undefined) return null;
  const index = Number.parseInt(tail, 16);
  if (index > MAX_INDEX) return null;
  return conversationIdOf(seed, index) === id.toLowerCase() ? index : null;
}
