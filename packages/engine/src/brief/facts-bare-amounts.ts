/**
 * Amounts written without a currency ("I paid 61.21", "a 800 transfer", "more than 400"). The
 * signals' `parseAmounts` rightly skips them (a bare number is not money in general); in the brief
 * a number right after a money verb is worth showing, with its currency left unknown.
 */
import type { RawFact } from './facts-identifiers.ts';

// A number standing alone: "1L" or "30x" glued to letters is something else.
const NUMBER = String.raw`(?<number>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)(?![\p{L}\d])`;
const MONEY_CUES = [
  // "spent 158.16", "paid 61.21", "transfer 800", "refund of 85.31", "a limit of 500"
  String.raw`\b(?:spen[dt]|spending|pa(?:y|id|ying)|transfer(?:red)?|send|sent|charged?|cost(?:s|ing)?|refund(?:ed)?|withdr[ae]w|deposit(?:ed)?|owe|amount\s+of|limit\s+(?:of|to)|sum\s+of|total\s+of|worth|price\s+of|fee\s+of)\s+(?:(?:of|me|him|her|them|about|around|roughly|only|just|exactly)\s+)?`,
  // "more than 400", "less than 5885"
  String.raw`\b(?:more|less|higher|lower)\s+than\s+`,
  // "a 800 transfer", "the 718 standing order"
  String.raw`\b(?:a|an|the|that|this|my)\s+(?=\d[\d,.]*\s+(?:transfer|payment|standing\s+order|deposit|withdrawal|charge|refund|bill|fee|transaction|top-?up|direct\s+debit)\b)`,
];
const BARE_AMOUNT = new RegExp(`(?:${MONEY_CUES.join('|')})${NUMBER}`, 'giu');
// Units that make the number something else than money: "more than 2 business accounts", "transfer 3 times".
const NOT_MONEY_AFTER =
  /^\s*(?:%|percent|x\b|times?\b|days?\b|weeks?\b|months?\b|years?\b|hours?\b|minutes?\b|mins?\b|seconds?\b|people\b|persons?\b|adults?\b|kids?\b|children\b|nights?\b|rooms?\b|guests?\b|accounts?\b|cards?\b|business\b|items?\b|points?\b|miles?\b|km\b|kg\b|[ap]\.?m\b|o'clock\b|:\d|st\b|nd\b|rd\b|th\b)/i;
const YEAR = /^(?:19|20)\d{2}$/;

/** Finds numbers used as money without a currency, after a money verb or comparison. */
export function findBareAmounts(text: string): RawFact[] {
  const facts: RawFact[] = [];
  if (!/\d/.test(text)) return facts;
  for (const match of text.matchAll(BARE_AMOUNT)) {
    const number = match.groups?.number ?? '';
    const index = match.index + match[0].length - number.length;
    if (NOT_MONEY_AFTER.test(text.slice(index + number.length)) || YEAR.test(number)) continue;
    const value = Number(number.replace(/,/g, ''));
    if (!Number.isFinite(value) || value <= 0) continue;
    facts.push({ type: 'amount', value: String(value), text: number, index, amount: { value } });
  }
  return facts;
}
