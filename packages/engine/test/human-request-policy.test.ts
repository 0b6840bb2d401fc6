import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, defaultPolicy, initialState } from '../src/index.ts';

const policy = compilePolicy(defaultPolicy);

/** The default policy's answer to one customer turn at the start of a conversation. */
function answer(text: string) {
  const { decision } = decide(
    initialState(),
    { role: 'customer', text, at: '2026-01-01T00:00:00.000Z' },
    policy,
  );
  return decision;
}

describe('the default policy and human_request grades', () => {
  it.each([
    'can I speak with a person',
    'is there someone I can talk to?',
    'I need human help',
    'quiero hablar con una persona',
    'ich möchte mit einem Mitarbeiter sprechen',
    'je voudrais parler à un conseiller',
    'posso parlare con un operatore?',
    'quero falar com um atendente',
    'ik wil met een medewerker spreken',
    '转人工',
    'オペレーターと話したい',
    'put me through to customer service',
  ])('hands off on a request for a person: %s', (text) => {
    expect(answer(text)).toMatchObject({ action: 'handoff', trigger: 'customer-asks-for-person' });
  });

  it.each([
    'customer service',
    'support please',
    'Kundendienst',
    'atención al cliente',
    'service client svp',
    '客服',
    "I don't want to talk to a machine",
  ])('offers a person when a service is named alone or the bot refused: %s', (text) => {
    expect(answer(text)).toMatchObject({ action: 'offer', trigger: 'customer-names-service' });
  });

  it.each(['are you a robot?', '¿eres humano?', 'my travel agent booked it', 'Personalabteilung'])(
    'does neither on a question about the bot or a third party: %s',
    (text) => {
      expect(answer(text).action).toBe('continue');
    },
  );
});
