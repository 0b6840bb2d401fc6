import { describe, expect, it } from 'vitest';
import { parseAmounts } from '../src/signals/amounts.ts';

const simplify = (text: string): { value: number; currency?: string }[] =>
  parseAmounts(text).map(({ value, currency }) => (currency === undefined ? { value } : { value, currency }));

describe('parseAmounts', () => {
  it.each<[string, { value: number; currency?: string }[]]>([
    ['$1,200', [{ value: 1200, currency: 'USD' }]],
    ['1.200 €', [{ value: 1200, currency: 'EUR' }]],
    ['1.200,50 €', [{ value: 1200.5, currency: 'EUR' }]],
    ['1,200.50 USD', [{ value: 1200.5, currency: 'USD' }]],
    ['EUR 300', [{ value: 300, currency: 'EUR' }]],
    ['usd 40', [{ value: 40, currency: 'USD' }]],
    ['300 dollars', [{ value: 300, currency: 'USD' }]],
    ['about 20 bucks', [{ value: 20, currency: 'USD' }]],
    ['£45', [{ value: 45, currency: 'GBP' }]],
    ['¥5000', [{ value: 5000, currency: 'JPY' }]],
    ['5000円です', [{ value: 5000, currency: 'JPY' }]],
    ['我付了¥300', [{ value: 300, currency: 'CNY' }]],
    ['我付了500元', [{ value: 500, currency: 'CNY' }]],
    ['5万元', [{ value: 50000, currency: 'CNY' }]],
    ['300 euros', [{ value: 300, currency: 'EUR' }]],
    ['19,99€', [{ value: 19.99, currency: 'EUR' }]],
    ['1,5 €', [{ value: 1.5, currency: 'EUR' }]],
    ['1.5k', [{ value: 1500 }]],
    ['spent 2k on it', [{ value: 2000 }]],
    ['5 grand', [{ value: 5000 }]],
    ['it costs 56 k', [{ value: 56000 }]],
    ['a 10k bonus', [{ value: 10000 }]],
    ['$3.5m', [{ value: 3500000, currency: 'USD' }]],
    ['5 mil euros', [{ value: 5000, currency: 'EUR' }]],
    ['R$ 250,00', [{ value: 250, currency: 'BRL' }]],
    ['CHF 99', [{ value: 99, currency: 'CHF' }]],
    ["CHF 1'200.50", [{ value: 1200.5, currency: 'CHF' }]],
    ['1 200 €', [{ value: 1200, currency: 'EUR' }]],
    ['12.345.678,90 €', [{ value: 12345678.9, currency: 'EUR' }]],
    [
      'US$ 30 and HK$20',
      [
        { value: 30, currency: 'USD' },
        { value: 20, currency: 'HKD' },
      ],
    ],
    ['€0.99/month', [{ value: 0.99, currency: 'EUR' }]],
    ['₹500', [{ value: 500, currency: 'INR' }]],
    ['Rs. 1,500', [{ value: 1500, currency: 'INR' }]],
    ['USD50', [{ value: 50, currency: 'USD' }]],
    ['50 zł', [{ value: 50, currency: 'PLN' }]],
    ['TRY 300', [{ value: 300, currency: 'TRY' }]],
    ['I paid 45€ for order 123456', [{ value: 45, currency: 'EUR' }]],
    ['2 items for $10 on 12/05/2024', [{ value: 10, currency: 'USD' }]],
  ])('reads %j', (text, expected) => {
    expect(simplify(text)).toEqual(expected);
  });

  it.each([
    'order #12345',
    'order 123456 has 2 items',
    'call me at +1 555 123 4567',
    'call 1-800-555-0199',
    'on 12/05/2024 at 10:30',
    'the 2024.05.01 delivery',
    '50% off',
    '20 % discount',
    'I was charged 300',
    'price 3.99',
    'try 300 times',
    '10k steps a day',
    // A "k" written apart, or among the letters and numbers of a code, is no thousand.
    '34 d 56 k',
    'porter j 845 k 4',
    'seat 12 k',
    'a 4K tv',
    'room 12 on floor 3',
    'A1200 model',
    'it took 3 hrs 20 min',
    'Mrs 50 called',
    'USDT 50',
    '',
    'no digits at all',
  ])('finds no amount in %j', (text) => {
    expect(parseAmounts(text)).toEqual([]);
  });

  it('reports the text as written and its index', () => {
    const text = 'Refund me 1.200,50 € now';
    const [amount] = parseAmounts(text);
    expect(amount?.text).toBe('1.200,50 €');
    expect(text.slice(amount?.index, (amount?.index ?? 0) + (amount?.text.length ?? 0))).toBe('1.200,50 €');
  });

  it.each([
    ['100 KB of digits', '1'.repeat(100_000)],
    ['100 KB of dollar signs', '$'.repeat(100_000)],
    ['grouped digits', '1,000'.repeat(20_000)],
    ['emoji and RTL', '💸 ‮ 50 € 🙂 مرحبا ١٢٣'],
    ['control characters', '\u0000\u0007$5\u0000'],
    ['lone surrogates', '\ud800$5\udfff'],
  ])('never throws on %s', (_name, text) => {
    expect(() => parseAmounts(text)).not.toThrow();
  });
});
