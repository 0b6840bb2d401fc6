/**
 * Display masking for the thread, a second line of defence: the server masks card numbers and
 * secrets before it stores a turn, so text from this version arrives masked and is shown as it is.
 * Turns stored by an older version may still hold full values, so the console hides the two kinds
 * an operator never needs to read in full: payment card numbers (Luhn-valid, shown as •••• and the
 * last four) and secrets after a keyword ("my PIN is 4821"). A small mirror of the engine's default
 * rules, for display only.
 */

const CARD = /(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])/g;
const SECRET =
  /\b(pass(?:word|code|phrase)|pin(?:\s+(?:code|number))?|cvv2?|cvc|security\s+code|one[\s-]time\s+(?:code|password)|otp|verification\s+code)(\s*(?:is|was|=|:|-)\s*["'“]?)(?!(?:not|wrong|incorrect|invalid|expired|blocked|locked|working|correct|the|a|an|too|still|being|also|just)\b)([^\s"'”,;]{2,}[^\s"'”,;.!?])/giu;

/** Whether a digit string passes the Luhn checksum (payment cards do; most order numbers do not). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

/** The text with card numbers and keyword secrets masked, and whether anything was. */
export function maskForDisplay(text: string): { text: string; masked: boolean } {
  let masked = false;
  const cards = text.replace(CARD, (match) => {
    const digits = match.replace(/\D/g, '');
    if (!passesLuhn(digits)) return match;
    masked = true;
    return `•••• ${digits.slice(-4)}`;
  });
  const secrets = cards.replace(SECRET, (_match, keyword: string, joint: string) => {
    masked = true;
    return `${keyword}${joint}[secret]`;
  });
  return { text: secrets, masked };
}
