import { describe, expect, it } from 'vitest';
import { maskForDisplay, passesLuhn } from '../src/mask.ts';

describe('display masking of the thread', () => {
  it.each([
    ['my card is 4242 4242 4242 4242, charged twice', 'my card is •••• 4242, charged twice', true],
    ['card 4000-0566-5566-5556 please', 'card •••• 5556 please', true],
    ['my PIN is 4821 and my password: hunter22', 'my PIN is [secret] and my password: [secret]', true],
    ['order 1234567890123 never came', 'order 1234567890123 never came', false],
    ['already masked: •••• 4242', 'already masked: •••• 4242', false],
    ['my password is not working', 'my password is not working', false],
  ])('%s', (input, output, masked) => {
    expect(maskForDisplay(input)).toEqual({ text: output, masked });
  });

  it('checks Luhn', () => {
    expect(passesLuhn('4242424242424242')).toBe(true);
    expect(passesLuhn('4242424242424241')).toBe(false);
  });
});
