/**
 * Near-duplicate detection for the loop signal: a 64-bit SimHash over word unigrams and bigrams,
 * kept as 16 hex characters so the engine state stays small (no texts are stored).
 */

/** FNV-1a, 32 bits. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Murmur3's finaliser: spreads a 32-bit hash so a second, independent half can be derived from it. */
function mix(value: number): number {
  let hash = value ^ (value >>> 16);
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}

const weights = new Int32Array(64);

function addFeature(low: number): void {
  const high = mix(low ^ 0x9e3779b9);
  for (let bit = 0; bit < 32; bit++) {
    weights[bit]! += ((low >>> bit) & 1) * 2 - 1;
    weights[bit + 32]! += ((high >>> bit) & 1) * 2 - 1;
  }
}

/** The SimHash fingerprint of a word list (unigrams and bigrams), as 16 hex characters. */
export function fingerprint(words: readonly string[]): string {
  weights.fill(0);
  let previous = 0;
  for (let index = 0; index < words.length; index++) {
    const hash = fnv1a(words[index]!);
    addFeature(hash);
    if (index > 0) addFeature(mix(Math.imul(previous, 31) + hash));
    previous = hash;
  }
  let low = 0;
  let high = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (weights[bit]! > 0) low |= 1 << bit;
    if (weights[bit + 32]! > 0) high |= 1 << bit;
  }
  return (high >>> 0).toString(16).padStart(8, '0') + (low >>> 0).toString(16).padStart(8, '0');
}

function popcount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * Similarity of two fingerprints in 0..1: 1 - Hamming distance / 32, floored at 0, because
 * unrelated texts differ in about 32 of the 64 bits.
 */
export function similarity(left: string, right: string): number {
  const distance =
    popcount((parseInt(left.slice(0, 8), 16) ^ parseInt(right.slice(0, 8), 16)) >>> 0) +
    popcount((parseInt(left.slice(8), 16) ^ parseInt(right.slice(8), 16)) >>> 0);
  return Math.max(0, 1 - distance / 32);
}
