/**
 * What a question asks for, by fact type: "what's your order number?" asks for an order_id. Used
 * to type a bare answer ("it's 88-1234") and to spot an operator asking for what the brief holds.
 */
import type { FactType } from './schema.ts';

const QUESTION =
  /\?|\b(?:please\s+(?:provide|share|send|give|confirm|tell)|can\s+(?:you|i)\s+(?:have|get|give|share|send|confirm|tell)|could\s+you|what(?:'s|\s+is|\s+was)|which|may\s+i\s+have|let\s+me\s+know)\b/i;

// What a question asks for, by fact type. "Email address" is an email, not an address.
const ASKS: readonly [FactType, RegExp][] = [
  ['email', /\byour\b[^.?!]{0,40}\be-?mail\b|\be-?mail\s+address\b|\bwhat\s+e-?mail\b/i],
  [
    'phone',
    /\byour\b[^.?!]{0,40}\b(?:phone|mobile|cell|telephone)\b|\b(?:phone|mobile|cell|telephone|contact)\s+number\b/i,
  ],
  [
    'order_id',
    /\b(?:order|booking|reservation|confirmation)\s+(?:number|id|no|#|reference)\b|\bwhich\s+(?:order|booking)\b/i,
  ],
  ['ticket_id', /\b(?:ticket|case)\s+(?:number|id|no|#)\b|\breference\s+number\b/i],
  ['invoice_id', /\binvoice\s+(?:number|id|no|#)\b|\bwhich\s+invoice\b/i],
  ['account_id', /\b(?:account|customer|member(?:ship)?)\s+(?:number|id|no|#)\b|\biban\b/i],
  ['card_number', /\b(?:card\s+number|last\s+(?:four|4)\s+digits)\b/i],
  ['amount', /\bhow\s+much\b|\b(?:the|what)\s+amount\b/i],
  ['date', /\bwhen\s+(?:did|was|were|is|will)\b|\b(?:what|which)\s+(?:date|day)\b/i],
  ['address', /\byour\s+(?:(?:home|delivery|shipping|billing|postal|street)\s+)?address\b/i],
  ['person_name', /\byour\s+(?:full\s+|first\s+|last\s+)?name\b|\bwho\s+am\s+i\s+(?:speaking|talking)\b/i],
  ['product', /\b(?:which|what)\s+(?:product|item|model)\b/i],
];

/** The fact types a turn asks for; none when it is not a question or request. */
export function factTypesAskedFor(text: string): FactType[] {
  if (!QUESTION.test(text)) return [];
  return ASKS.filter(([, pattern]) => pattern.test(text)).map(([type]) => type);
}
