/**
 * PII masking for every derived copy of a conversation (brief, outbox, logs): the full value stays
 * only in the stored turns. Rules are data, so a deployment can add its own.
 */

export type MaskingValidator = 'luhn' | 'iban' | 'ssn' | 'spanish_dni' | 'brazil_cpf';

export interface MaskingRule {
  id: string;
  /** Regular expression source. A named group `value` limits the mask to that part of the match. */
  pattern: string;
  flags?: string;
  /** A checksum the matched value must pass before it is masked (so a 16-digit order id that fails Luhn stays). */
  validate?: MaskingValidator;
  /** What replaces the value; `{last4}` is its last four letters or digits. Default `[redacted]`. */
  replacement?: string;
}

export interface MaskResult {
  text: string;
  /** Where each mask was applied, as an index into the masked text. */
  masked: { rule: string; index: number }[];
}

/** The rules applied when none are given: payment cards, IBANs, national identity numbers, secrets. */
export const DEFAULT_MASKING_RULES: readonly MaskingRule[] = [
  {
    id: 'secret_phrase',
    // "my password is hunter2", "PIN: 4821", "api key = sk-..." : the value after the keyword, not the words.
    pattern: String.raw`\b(?:pass(?:word|code|phrase)|pwd|pin(?:\s+(?:code|number))?|secret|api[\s_-]?key|access[\s_-]?token|auth[\s_-]?token|token|security\s+code|cvv2?|cvc|otp|one[\s-]time\s+(?:code|password)|verification\s+code)\s*(?:is|was|=|:|-)\s*(?:now\s+)?["'“]?(?<value>(?!(?:not|wrong|incorrect|invalid|expired|blocked|locked|working|correct|the|a|an|too|still|being|also|just)\b)[^\s"'”,;]{2,}[^\s"'”,;.!?])`,
    flags: 'giu',
    replacement: '[secret]',
  },
  {
    id: 'api_key',
    pattern: String.raw`\b(?:sk|pk|rk)[-_](?:live|test|proj)[-_][A-Za-z0-9_-]{8,}|\bsk-[A-Za-z0-9_-]{20,}|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}\b|\bxox[abprs]-[A-Za-z0-9-]{10,}|\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*`,
    flags: 'g',
    replacement: '[secret]',
  },
  {
    id: 'iban',
    pattern: String.raw`\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,3})?\b`,
    flags: 'gi',
    validate: 'iban',
    replacement: '•••• {last4}',
  },
  {
    id: 'payment_card',
    pattern: String.raw`(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])`,
    flags: 'g',
    validate: 'luhn',
    replacement: '•••• {last4}',
  },
  {
    id: 'us_ssn',
    pattern: String.raw`\b\d{3}[- ]\d{2}[- ]\d{4}\b`,
    flags: 'g',
    validate: 'ssn',
    replacement: '•••-••-••••',
  },
  {
    id: 'uk_national_insurance',
    pattern: String.raw`\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b`,
    flags: 'gi',
    replacement: '[national id]',
  },
  {
    id: 'spanish_dni',
    pattern: String.raw`\b[XYZ]?\d{7,8}-?[A-Z]\b`,
    flags: 'gi',
    validate: 'spanish_dni',
    replacement: '[national id]',
  },
  {
    id: 'brazil_cpf',
    pattern: String.raw`\b\d{3}\.\d{3}\.\d{3}-\d{2}\b`,
    flags: 'g',
    validate: 'brazil_cpf',
    replacement: '[national id]',
  },
];

function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

/** True when a digit string passes the Luhn checksum (payment cards). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let position = 0; position < digits.length; position++) {
    let digit = digits.charCodeAt(digits.length - 1 - position) - 48;
    if (position % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** True when a text is an IBAN whose mod-97 check holds (ISO 13616). */
export function passesIban(text: string): boolean {
  const compact = text.replace(/[\s-]/g, '').toUpperCase();
  if (compact.length < 15 || compact.length > 34) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const character of rearranged) {
    const code = character.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : character;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

function passesSsn(text: string): boolean {
  const digits = digitsOf(text);
  const area = digits.slice(0, 3);
  return (
    area !== '000' &&
    area !== '666' &&
    area[0] !== '9' &&
    digits.slice(3, 5) !== '00' &&
    digits.slice(5) !== '0000'
  );
}

function passesSpanishDni(text: string): boolean {
  const compact = text.replace('-', '').toUpperCase();
  const prefix = { X: '0', Y: '1', Z: '2' }[compact[0] ?? ''] ?? '';
  const number = Number(prefix + compact.slice(prefix ? 1 : 0, -1));
  return 'TRWAGMYFPDXBNJZSQVHLCKE'[number % 23] === compact.slice(-1);
}

function passesBrazilCpf(text: string): boolean {
  const digits = digitsOf(text);
  if (/^(\d)\1{10}$/.test(digits)) return false;
  for (const length of [9, 10]) {
    let sum = 0;
    for (let index = 0; index < length; index++) sum += Number(digits[index]) * (length + 1 - index);
    const check = ((sum * 10) % 11) % 10;
    if (check !== Number(digits[length])) return false;
  }
  return true;
}

const VALIDATORS: Record<MaskingValidator, (value: string) => boolean> = {
  luhn: (value) => {
    const digits = digitsOf(value);
    return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits);
  },
  iban: passesIban,
  ssn: passesSsn,
  spanish_dni: passesSpanishDni,
  brazil_cpf: passesBrazilCpf,
};

const compiled = new WeakMap<MaskingRule, RegExp>();

function regexOf(rule: MaskingRule): RegExp {
  let regex = compiled.get(rule);
  if (!regex) {
    const flags = rule.flags ?? '';
    regex = new RegExp(rule.pattern, flags.includes('g') ? flags : `${flags}g`);
    compiled.set(rule, regex);
  }
  return regex;
}

interface MaskSpan {
  start: number;
  end: number;
  rule: string;
  replacement: string;
}

/** Masks personal data in a text and says where; when two rules overlap, the earlier rule wins. */
export function maskText(text: string, rules: readonly MaskingRule[] = DEFAULT_MASKING_RULES): MaskResult {
  const spans: MaskSpan[] = [];
  for (const rule of rules) {
    const regex = regexOf(rule);
    const validate = rule.validate ? VALIDATORS[rule.validate] : undefined;
    regex.lastIndex = 0;
    for (let match = regex.exec(text); match; match = regex.exec(text)) {
      if (match[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      const value = match.groups?.value ?? match[0];
      if (validate && !validate(value)) continue;
      const start = match.index + (match.groups?.value === undefined ? 0 : match[0].lastIndexOf(value));
      const end = start + value.length;
      if (spans.some((span) => start < span.end && end > span.start)) continue;
      const last4 = value.replace(/[^A-Za-z0-9]/g, '').slice(-4);
      spans.push({
        start,
        end,
        rule: rule.id,
        replacement: (rule.replacement ?? '[redacted]').replace('{last4}', last4),
      });
    }
  }
  if (spans.length === 0) return { text, masked: [] };
  spans.sort((left, right) => left.start - right.start);
  let output = '';
  let cursor = 0;
  const masked: { rule: string; index: number }[] = [];
  for (const span of spans) {
    output += text.slice(cursor, span.start);
    masked.push({ rule: span.rule, index: output.length });
    output += span.replacement;
    cursor = span.end;
  }
  return { text: output + text.slice(cursor), masked };
}
