/** The pieces of masking: secrets in JSON at any depth, contacts in outgoing JSON, and the settings. */
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/main.ts';
import { maskContacts, maskContactsDeep, parseContactExposure } from '../../src/privacy/contact-masking.ts';
import { maskingRulesFor, maskSecretsDeep } from '../../src/privacy/mask-at-rest.ts';

describe('maskSecretsDeep', () => {
  it('masks strings at any depth and card numbers given as numbers, and keeps the named keys', () => {
    const masked = maskSecretsDeep(
      {
        id: '4111111111111111',
        note: 'card 4111 1111 1111 1111',
        list: [{ deep: { pan: 5555555555554444, count: 3, ok: true, none: null } }],
        order: 4111111111111112,
      },
      undefined,
      new Set(['id']),
    );
    expect(masked).toEqual({
      id: '4111111111111111',
      note: 'card •••• 1111',
      list: [{ deep: { pan: '•••• 4444', count: 3, ok: true, none: null } }],
      // Fails Luhn: an order number, kept.
      order: 4111111111111112,
    });
  });
});

describe('maskContacts', () => {
  it.each([
    ['write to sam.ortiz@example.com', 'write to s•••@example.com'],
    ['call +49 151 2345 6789 today', 'call [phone ••89] today'],
    ['call (030) 1234 5678', 'call [phone ••78]'],
    ['call +4915123456789', 'call [phone ••89]'],
    // Not phones: dates, times, short ids, amounts, ids with letters.
    ['on 2026-03-01 at 10:30', 'on 2026-03-01 at 10:30'],
    ['order 4471-983', 'order 4471-983'],
    ['1 200 000 euros', '1 200 000 euros'],
    ['ticket INC-20260301-0042', 'ticket INC-20260301-0042'],
  ])('turns %j into %j', (text, masked) => {
    expect(maskContacts(text)).toBe(masked);
  });

  it('leaves ids and times in JSON alone and masks free text and contact fields', () => {
    const event = {
      id: '123',
      conversationId: '+49 151 2345 6789',
      at: '2026-03-01T10:00:00.000Z',
      data: {
        turn: { text: 'mail me: a.b@example.org' },
        customer: { email: 'a.b@example.org', phone: '+44 20 7946 0958' },
      },
    };
    expect(maskContactsDeep(event)).toEqual({
      ...event,
      data: {
        turn: { text: 'mail me: a•••@example.org' },
        customer: { email: 'a•••@example.org', phone: '[phone ••58]' },
      },
    });
  });
});

describe('privacy settings', () => {
  it('reads BATON_EXPOSE_CONTACTS and BATON_MASK_RULES', () => {
    expect([...parseContactExposure('webhooks, export')]).toEqual(['webhooks', 'export']);
    expect([...parseContactExposure('')]).toEqual([]);
    expect(() => parseContactExposure('email')).toThrow(/webhooks and\/or export/);
    expect(maskingRulesFor(['iban']).map((rule) => rule.id)).toEqual(['iban', 'payment_card']);
    expect(() => maskingRulesFor(['ibna'])).toThrow(/Unknown masking rule ibna/);
    const config = readConfig({ BATON_EXPOSE_CONTACTS: 'export', BATON_MASK_RULES: 'secret_phrase' });
    expect(config.webhooks?.exposeContacts).toBe(false);
    expect(config.privacy?.exposeContacts.has('export')).toBe(true);
    expect(config.privacy?.maskingRules.map((rule) => rule.id)).toEqual(['secret_phrase', 'payment_card']);
    expect(() => readConfig({ BATON_MASK_RULES: 'nope' })).toThrow(ConfigError);
  });
});
