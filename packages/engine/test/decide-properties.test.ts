import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, defaultPolicy, initialState, type Turn } from '../src/index.ts';

const policy = compilePolicy(defaultPolicy);

const oddText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000\u0001\u0007\u001b[31m',
    'مرحبا، أريد التحدث إلى شخص حقيقي',
    'שלום, אני רוצה לדבר עם נציג',
    '🤬🤬🤬 HUMAN NOW!!! 😡',
    '\u202eevil rtl override\u202c',
    'a'.repeat(100_000),
    'talk to a human '.repeat(7_000),
  ),
);

const turnArbitrary: fc.Arbitrary<Turn> = fc.record(
  {
    role: fc.constantFrom('customer', 'agent', 'operator', 'system'),
    text: oddText,
    at: fc.constant('2026-01-01T00:00:00.000Z'),
    confidence: fc.oneof(fc.double(), fc.constant(Number.NaN), fc.double({ min: 0, max: 1 })),
    toolCalls: fc.array(
      fc.record({
        name: fc.oneof(fc.string(), fc.constantFrom('request_human', 'close_account')),
        ok: fc.boolean(),
        error: fc.option(fc.string(), { nil: undefined }),
      }),
      { maxLength: 3 },
    ),
    amount: fc.oneof(fc.double(), fc.record({ value: fc.double(), currency: fc.string({ maxLength: 4 }) })),
    customer: fc.record(
      { tier: fc.string({ maxLength: 10 }), priorHandoffs: fc.integer() },
      { requiredKeys: [] },
    ),
    topics: fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }),
  },
  { requiredKeys: ['role', 'text', 'at'] },
);

describe('decide on any input', () => {
  it('never throws, stays deterministic, and keeps a serialisable state', () => {
    fc.assert(
      fc.property(fc.array(turnArbitrary, { minLength: 1, maxLength: 8 }), (turns) => {
        const runOnce = () => {
          let state = initialState();
          const decisions = [];
          for (const turn of turns) {
            const result = decide(state, turn, policy);
            state = result.state;
            decisions.push(result.decision);
          }
          return { decisions, state };
        };
        const first = runOnce();
        const second = runOnce();
        expect(JSON.stringify(second)).toBe(JSON.stringify(first));
        const serialised = JSON.stringify(first.state);
        expect(JSON.parse(serialised)).toEqual(first.state);
        for (const decision of first.decisions) {
          expect(['continue', 'offer', 'handoff', 'approval']).toContain(decision.action);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('resuming from a serialised state gives the same decisions as one uninterrupted run', () => {
    fc.assert(
      fc.property(fc.array(turnArbitrary, { minLength: 2, maxLength: 8 }), fc.nat(), (turns, cutSeed) => {
        const cut = 1 + (cutSeed % (turns.length - 1));
        let state = initialState();
        const straight = turns.map((turn) => {
          const result = decide(state, turn, policy);
          state = result.state;
          return result.decision;
        });
        let resumed = initialState();
        const split = turns.map((turn, index) => {
          if (index === cut) resumed = JSON.parse(JSON.stringify(resumed));
          const result = decide(resumed, turn, policy);
          resumed = result.state;
          return result.decision;
        });
        expect(split).toEqual(straight);
      }),
      { numRuns: 100 },
    );
  });
});
