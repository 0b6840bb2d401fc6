/**
 * Masking at rest: payment cards (Luhn-valid PANs), IBANs, national ids, CVVs, passwords and other
 * secrets a customer typed are masked once, where text enters Baton, before anything is stored. So
 * the stored turn, its events, idempotent answers, webhook payloads, exports, briefs and LLM prompts
 * only ever hold the masked text. The rules are the engine's (one rule set for the brief and this).
 */
import { DEFAULT_MASKING_RULES, maskText, passesLuhn, type MaskingRule } from '@baton/engine';

/** The rule that is on whatever is configured: card numbers never rest in clear. */
const ALWAYS_ON = 'payment_card';

/**
 * The rules to apply at rest: every default rule, or only the named ones (plus payment cards).
 * Throws on an unknown rule id, so a typo does not silently switch masking off.
 */
export function maskingRulesFor(ids: readonly string[] | undefined): readonly MaskingRule[] {
  if (ids === undefined) return DEFAULT_MASKING_RULES;
  const known = new Set(DEFAULT_MASKING_RULES.map((rule) => rule.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new Error(`Unknown masking rule ${unknown.join(', ')}; known: ${[...known].join(', ')}.`);
  }
  const wanted = new Set([...ids, ALWAYS_ON]);
  return DEFAULT_MASKING_RULES.filter((rule) => wanted.has(rule.id));
}

/** A text with the secrets masked. */
export function maskSecrets(text: string, rules: readonly MaskingRule[] = DEFAULT_MASKING_RULES): string {
  return maskText(text, rules).text;
}

/** A JSON number that is a card number (13 to 19 digits, Luhn-valid), as agents' tools sometimes send one. */
function isCardNumber(value: number): boolean {
  if (!Number.isSafeInteger(value) || value < 0) return false;
  const digits = String(value);
  return digits.length >= 13 && digits.length <= 19 && passesLuhn(digits);
}

/**
 * A JSON value with every string masked, and every card number given as a number replaced by its
 * masked text. Keys named in `keep` (identifiers the caller must get back as sent) stay as they are.
 */
export function maskSecretsDeep<Value>(
  value: Value,
  rules: readonly MaskingRule[] = DEFAULT_MASKING_RULES,
  keep: ReadonlySet<string> = new Set(),
): Value {
  const walk = (node: unknown, depth: number): unknown => {
    if (typeof node === 'string') return maskSecrets(node, rules);
    if (typeof node === 'number') return isCardNumber(node) ? maskSecrets(String(node), rules) : node;
    // JSON bodies are depth-capped at the boundary; this bound only guards direct callers.
    if (node === null || typeof node !== 'object' || depth > 64) return node;
    if (Array.isArray(node)) return node.map((item) => walk(item, depth + 1));
    return Object.fromEntries(
      Object.entries(node).map(([key, item]) => [key, keep.has(key) ? item : walk(item, depth + 1)]),
    );
  };
  return walk(value, 0) as Value;
}
