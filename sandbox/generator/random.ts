/**
 * Deterministic randomness keyed by (seed, index, label). Every random decision about
 * conversation i draws from its own stream, so any conversation can be generated on its own,
 * in any order, without generating the ones before it.
 */

/** A uniform random number in [0, 1). */
export type Rng = () => number;

const labelHashes = new Map<string, number>();

/** FNV-1a over the UTF-16 code units; labels are short constants, so the result is cached. */
export function hashLabel(label: string): number {
  const cached = labelHashes.get(label);
  if (cached !== undefined) return cached;
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h >>>= 0;
  labelHashes.set(label, h);
  return h;
}

/** murmur3's 32-bit finaliser: a bijective avalanche mix. */
function fmix32(input: number): number {
  let h = input;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of (seed, index, label, sub). `index` may be any non-negative integer < 2^53. */
export function hashKey(seed: number, index: number, label: string, sub = 0): number {
  const lo = index >>> 0;
  const hi = Math.floor(index / 0x1_0000_0000) >>> 0;
  let h = fmix32((seed | 0) ^ 0x9e3779b9);
  h = fmix32(h ^ lo);
  h = fmix32(h ^ Math.imul(hi, 0x27d4eb2f) ^ hashLabel(label));
  return fmix32(h ^ Math.imul(sub + 1, 0x165667b1));
}

/** A uniform number in [0, 1) from one hash; for one-off decisions. */
export function hashUnit(seed: number, index: number, label: string, sub = 0): number {
  return hashKey(seed, index, label, sub) / 0x1_0000_0000;
}

/** mulberry32 seeded from hashKey: fast, small state, good enough for simulation. */
export function createRng(seed: number, index: number, label: string, sub = 0): Rng {
  let state = hashKey(seed, index, label, sub);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

export function uniform(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng();
}

/** An integer in [min, max] inclusive. */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function chance(rng: Rng, probability: number): boolean {
  return rng() < probability;
}

/** Index of the bucket that `u` in [0, 1) falls into, for weights that need not sum to 1. */
export function pickWeighted(u: number, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i] ?? 0;
    if (u * total < acc) return i;
  }
  return weights.length - 1;
}

/** A log-normal-ish duration: median `median`, clamped to [min, max]. */
export function skewedBetween(rng: Rng, min: number, median: number, max: number): number {
  // Sum of three uniforms approximates a normal; exponentiate for a right skew.
  const z = (rng() + rng() + rng() - 1.5) * 2; // ≈ N(0, 1)
  const value = median * Math.exp(0.45 * z);
  return Math.min(max, Math.max(min, value));
}
