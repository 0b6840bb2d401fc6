/**
 * Seeded, deterministic randomness for calibration: a held-back split decided per conversation id
 * (so it streams and does not depend on file order) and a small PRNG for synthetic data.
 */

/** FNV-1a over the UTF-16 code units, then a murmur-style finaliser: a 32-bit hash of a string. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Whether a conversation falls in the held-back share `fraction` for this seed. */
export function isHeldBack(id: string, seed: number, fraction: number): boolean {
  return hashString(`${seed}:${id}`) / 0x1_0000_0000 < fraction;
}

/** Mulberry32: a tiny seeded PRNG returning numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}
