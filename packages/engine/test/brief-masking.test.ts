import { describe, expect, it } from 'vitest';
import { DEFAULT_MASKING_RULES, maskText, passesIban, passesLuhn } from '../src/brief/masking.ts';
import type { MaskingRule } from '../src/brief/masking.ts';

describe('maskText with the default rules', () => {
  it.each([
    // payment cards: Luhn-valid numbers in any grouping
    ['card 4242 4242 4242 4242 please', 'card •••• 4242 please', 'payment_card'],
    ['my visa is 4111-1111-1111-1111', 'my visa is •••• 1111', 'payment_card'],
    ['amex 378282246310005.', 'amex •••• 0005.', 'payment_card'],
    // IBANs pass mod 97
    ['IBAN DE89 3704 0044 0532 0130 00 thanks', 'IBAN •••• 3000 thanks', 'iban'],
    ['to GB82WEST12345698765432', 'to •••• 5432', 'iban'],
    // national identity numbers
    ['ssn 123-45-6789', 'ssn •••-••-••••', 'us_ssn'],
    ['NI number AB 12 34 56 C', 'NI number [national id]', 'uk_national_insurance'],
    ['DNI 12345678Z', 'DNI [national id]', 'spanish_dni'],
    ['CPF 111.444.777-35', 'CPF [national id]', 'brazil_cpf'],
    // secrets: only the value goes, the words stay
    ['my password is hunter2!', 'my password is [secret]!', 'secret_phrase'],
    ['PIN: 4821', 'PIN: [secret]', 'secret_phrase'],
    ['the api key = abcd1234efgh', 'the api key = [secret]', 'secret_phrase'],
    ['use sk_live_51Habcdefghijklmnop', 'use [secret]', 'api_key'],
  ])('%j → %j', (input, output, rule) => {
    const result = maskText(input);
    expect(result.text).toBe(output);
    expect(result.masked.map((mask) => mask.rule)).toEqual([rule]);
    expect(output.slice(result.masked[0]!.index)).toMatch(/^(?:•|\[)/);
  });

  it.each([
    ['an order id of 16 digits that fails Luhn', 'order 4242424242424241'],
    ['an IBAN-shaped text that fails mod 97', 'ref DE89 3704 0044 0532 0130 01'],
    ['an impossible SSN area', 'code 000-12-3456'],
    ['a DNI with the wrong letter', 'DNI 12345678A'],
    ['a password that is said not to work', 'my password is not working'],
    ['a PIN that is wrong', 'the pin is wrong'],
    ['a phone number', 'call me on +44 20 7946 0958'],
    ['a date', 'on 2024-05-07'],
  ])('leaves %s alone', (_label, input) => {
    expect(maskText(input)).toEqual({ text: input, masked: [] });
  });

  it('masks several values and reports each index in the masked text', () => {
    const result = maskText('card 4242424242424242, ssn 123-45-6789, password: s3cr3t!x');
    expect(result.text).toBe('card •••• 4242, ssn •••-••-••••, password: [secret]');
    for (const mask of result.masked) expect(result.text.slice(mask.index)).toMatch(/^(?:•|\[)/);
    expect(result.masked.map((mask) => mask.rule)).toEqual(['payment_card', 'us_ssn', 'secret_phrase']);
  });

  it('takes custom rules, with a replacement template and a validator', () => {
    const rules: MaskingRule[] = [
      { id: 'member', pattern: String.raw`\bM-\d{6}\b`, replacement: 'M-•••{last4}' },
      { id: 'card_only', pattern: String.raw`\b\d{16}\b`, validate: 'luhn' },
    ];
    expect(maskText('member M-123456 card 4242424242424242 and 4242424242424241', rules).text).toBe(
      'member M-•••3456 card [redacted] and 4242424242424241',
    );
  });

  it('is a pure function of its input (the default rules carry no state between calls)', () => {
    const text = 'card 4242 4242 4242 4242 and card 4242 4242 4242 4242';
    expect(maskText(text)).toEqual(maskText(text));
    expect(maskText(text).masked).toHaveLength(2);
    expect(DEFAULT_MASKING_RULES.length).toBeGreaterThanOrEqual(6);
  });
});

describe('checksums', () => {
  it.each([
    ['4242424242424242', true],
    ['4242424242424241', false],
    ['79927398713', true],
    ['79927398710', false],
  ])('Luhn %s → %s', (digits, valid) => expect(passesLuhn(digits)).toBe(valid));

  it.each([
    ['DE89 3704 0044 0532 0130 00', true],
    ['GB82 WEST 1234 5698 7654 32', true],
    ['FR14 2004 1010 0505 0001 3M02 606', true],
    ['GB82 WEST 1234 5698 7654 33', false],
    ['DE89', false],
  ])('IBAN %s → %s', (iban, valid) => expect(passesIban(iban)).toBe(valid));
});
