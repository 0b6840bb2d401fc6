/** Safety concerns read from one customer turn on its own, in any state: self-harm first, then danger. */
import { describe, expect, it } from 'vitest';
import { compilePolicy, defaultPolicy, measureSafety, type Turn } from '../src/index.ts';

const policy = compilePolicy(defaultPolicy);
const customer = (text: string): Turn => ({ role: 'customer', text, at: '2026-01-01T00:00:00Z' });

describe('measureSafety', () => {
  it.each([
    ['I want to kill myself', 'self_harm'],
    ["honestly I don't want to live anymore", 'self_harm'],
    ['me quiero morir', 'self_harm'],
    ['the charger caught fire and my son got hurt', 'danger'],
  ])('reads %j as %s', (text, kind) => {
    expect(measureSafety(customer(text), policy)).toMatchObject({ kind, evidence: expect.any(Array) });
  });

  it.each([
    'where is my parcel?',
    'this update is killing me, so slow',
    'can you tell me about the suicide squad movie tickets',
  ])('finds no concern in %j', (text) => {
    expect(measureSafety(customer(text), policy)).toBeNull();
  });

  it('reads customer turns only', () => {
    expect(measureSafety({ ...customer('I want to kill myself'), role: 'agent' }, policy)).toBeNull();
  });
});
