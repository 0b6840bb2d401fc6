/** Prefixed random ids, so a stray id in a log says what it names. */
import { randomBytes } from 'node:crypto';

/** A new id such as `ho_3f9a...` (12 random bytes, hex). */
export function newId(prefix: 'tu' | 'ho' | 'no' | 'rq' | 'hb' | 'pr' | 'cr'): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}
