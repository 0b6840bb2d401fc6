/**
 * A last-line guard on text leaving Baton for an LLM: payment card numbers are masked even if the
 * caller forgot to. It is parameter-free on purpose: whatever rules a deployment configures, this
 * applies the engine's payment-card rule alone, the one thing that must never leave. Text stored by
 * Baton is masked already (privacy/mask-at-rest.ts); this guards text that did not come from there.
 */
import { DEFAULT_MASKING_RULES, maskText, type MaskingRule } from '@baton/engine';

const CARD_RULES: readonly MaskingRule[] = DEFAULT_MASKING_RULES.filter((rule) => rule.id === 'payment_card');

/** Replaces each Luhn-valid 13–19 digit card number with `•••• ` and its last four digits. */
export function maskCardNumbers(text: string): string {
  return maskText(text, CARD_RULES).text;
}
