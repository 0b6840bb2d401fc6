/** Prefixed random ids, so a stray id in a log says what it names. */
import { randomFillSync } from 'node:crypto';

const ID_BYTES = 12;
/**
 * Random bytes for the next ids, filled 512 ids at a time: one `randomBytes` call per id cost more
 * than the rest of making a turn's id (the same reason Node caches bytes for `randomUUID`). Still
 * the operating system's CSPRNG; each byte is used once.
 */
const pool = Buffer.alloc(ID_BYTES * 512);
let offset = pool.length;

/** A new id such as `ho_3f9a...` (12 random bytes, hex). */
export function newId(prefix: 'tu' | 'ho' | 'no' | 'rq' | 'hb' | 'pr' | 'cr'): string {
  if (offset + ID_BYTES > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('hex', offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return `${prefix}_${id}`;
}
