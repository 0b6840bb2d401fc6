/** JSON with object keys sorted, so equal values give equal strings (hashing, comparisons). */
import { createHash } from 'node:crypto';

/** Serialises `value` with every object's keys sorted; `undefined` members are dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) => {
    if (member === null || typeof member !== 'object' || Array.isArray(member)) return member;
    return Object.fromEntries(
      Object.entries(member as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  });
}

/** sha256 (hex) of the canonical JSON of `value`. */
export function hashJson(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
