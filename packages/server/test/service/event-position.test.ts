/** Positions compare as the numbers they write, whether or not the text is canonical. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { comparePositions } from '../../src/service/event-position.ts';

const sign = (value: bigint) => (value === 0n ? 0 : value < 0n ? -1 : 1);
const decimal = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String),
  fc.nat({ max: 1_000 }).map(String),
  // Leading zeros, as a hand-written cursor may carry.
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.nat({ max: 999 })).map(([zeros, n]) => '0'.repeat(zeros) + n),
);

it('orders positions by transaction, then id, as numbers', () => {
  fc.assert(
    fc.property(decimal, decimal, decimal, decimal, (txA, idA, txB, idB) => {
      const expected = sign(BigInt(txA) - BigInt(txB)) || sign(BigInt(idA) - BigInt(idB));
      expect(comparePositions({ tx: txA, id: idA }, { tx: txB, id: idB })).toBe(expected);
    }),
    { numRuns: 2_000 },
  );
  expect(comparePositions({ tx: '9', id: '5' }, { tx: '10', id: '1' })).toBe(-1);
  expect(comparePositions({ tx: '10', id: '2' }, { tx: '10', id: '10' })).toBe(-1);
  expect(comparePositions({ tx: '010', id: '7' }, { tx: '10', id: '7' })).toBe(0);
});
