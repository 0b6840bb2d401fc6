/**
 * A last-line guard on text leaving Baton for an LLM: payment card numbers are masked even if the
 * caller forgot to. It is parameter-free on purpose; the configurable masking rules live in the
 * engine's brief module, and this only catches what must never leave in any deployment.
 */

// 13 to 19 digits, optionally grouped by single spaces or dashes, not inside a longer run of digits.
const CARD_CANDIDATE = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;

/** True when the digits pass the Luhn checksum (https://en.wikipedia.org/wiki/Luhn_algorithm). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let position = 0; position < digits.length; position += 1) {
    let digit = Number(digits[digits.length - 1 - position]);
    if (position % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Replaces each Luhn-valid 13–19 digit card number with `•••• ` and its last four digits. */
export function maskCardNumbers(text: string): string {
  return text.replace(CARD_CANDIDATE, (match) => {
    const digits = match.replace(/\D/g, '');
    // A digit run that fails Luhn is an order or tracking number the operator needs, so it stays.
    if (!passesLuhn(digits)) return match;
    return `•••• ${digits.slice(-4)}`;
  });
}
