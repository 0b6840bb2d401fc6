/**
 * Every fact the customer gave, turn by turn, plus what the agent's tools returned. Conversation-level
 * passes run after each turn: a corrected value supersedes the old one ("sorry, it's jane.doe@x.com
 * not jane@x.com"), a completed id supersedes its first part ("4471" … "sorry, 4471-983"), and a
 * value said twice is kept once, at its first mention.
 */
import { parseAmounts } from '../signals/amounts.ts';
import { analysedText } from '../text.ts';
import type { Turn } from '../types.ts';
import { parseTimestamp } from './calendar.ts';
import { applyCorrections } from './corrections.ts';
import { findDates } from './dates.ts';
import { findTimes } from './times.ts';
import { findBareAmounts } from './facts-bare-amounts.ts';
import { BARE_IDENTIFIER, findIdentifiers, normaliseIdentifier } from './facts-identifiers.ts';
import type { RawFact } from './facts-identifiers.ts';
import { findParties } from './facts-parties.ts';
import { findPlaces } from './facts-gazetteer-places.ts';
import { findAddresses, findProducts } from './facts-places.ts';
import { factTypesAskedFor } from './questions.ts';
import type { Fact, FactType } from './schema.ts';

export interface FactOptions {
  dayFirst: boolean;
}

const IDENTIFIER_TYPES: ReadonlySet<FactType> = new Set([
  'order_id',
  'tracking_id',
  'ticket_id',
  'invoice_id',
  'account_id',
]);
const TOOL_RESULT_CHARS = 160;

function overlapsAny(fact: RawFact, others: readonly RawFact[]): boolean {
  return others.some(
    (other) => fact.index < other.index + other.text.length && fact.index + fact.text.length > other.index,
  );
}

/** Formats an amount for reading: "EUR 120", "GBP 56.79", "1500" when the currency is unknown. */
export function formatAmount(value: number, currency?: string): string {
  const number = Number.isInteger(value) ? String(value) : value.toFixed(2);
  return currency ? `${currency} ${number}` : number;
}

/** Finds the raw facts of one customer text, most specific kinds first so a span is claimed once. */
export function findTextFacts(text: string, at: string, options: FactOptions): RawFact[] {
  const facts: RawFact[] = findIdentifiers(text);
  const add = (candidates: readonly RawFact[]) => {
    for (const candidate of candidates) if (!overlapsAny(candidate, facts)) facts.push(candidate);
  };
  add(
    parseAmounts(text).map((amount) => ({
      type: 'amount' as const,
      value: formatAmount(amount.value, amount.currency),
      text: amount.text,
      index: amount.index,
      amount: amount.currency ? { value: amount.value, currency: amount.currency } : { value: amount.value },
    })),
  );
  add(findBareAmounts(text).map((amount) => ({ ...amount, value: formatAmount(amount.amount?.value ?? 0) })));
  const reference = parseTimestamp(at)?.localDate;
  if (reference) add(findDates(text, reference, options).map((date) => ({ type: 'date' as const, ...date })));
  add(findTimes(text).map((time) => ({ type: 'time' as const, ...time })));
  add(findAddresses(text));
  add(findPlaces(text));
  add(findParties(text));
  add(findProducts(text));
  return facts.sort((left, right) => left.index - right.index);
}

/** Finds ids with no cue: after the agent asked for one, or completing an id the customer gave before. */
function findBareIdentifiers(
  text: string,
  claimed: readonly RawFact[],
  asked: FactType | null,
  earlier: readonly Fact[],
): RawFact[] {
  const found: RawFact[] = [];
  for (const match of text.matchAll(BARE_IDENTIFIER)) {
    const candidate: RawFact = {
      type: 'order_id',
      value: normaliseIdentifier(match[0]),
      text: match[0],
      index: match.index,
    };
    if (overlapsAny(candidate, claimed) || overlapsAny(candidate, found)) continue;
    const compact = candidate.value.replace(/[-/]/g, '');
    const completes = earlier.find(
      (fact) =>
        IDENTIFIER_TYPES.has(fact.type) &&
        !fact.superseded &&
        compact.length > fact.value.replace(/[-/]/g, '').length &&
        compact.startsWith(fact.value.replace(/[-/]/g, '')),
    );
    if (completes) found.push({ ...candidate, type: completes.type });
    // The answer to "what's your order number?" is the first bare id in the reply, not every number in it.
    else if (asked && IDENTIFIER_TYPES.has(asked)) {
      found.push({ ...candidate, type: asked });
      asked = null;
    } else if (asked === 'phone' && compact.replace(/\D/g, '').length >= 7) {
      found.push({ ...candidate, type: 'phone', value: candidate.value.replace(/\D/g, '') });
      asked = null;
    }
  }
  return found;
}

/** Summarises a tool's result in one short line: scalar fields as "key: value", nested ones skipped. */
export function summariseToolResult(result: unknown): string {
  if (result === null || result === undefined) return '';
  if (typeof result !== 'object') return String(result).slice(0, TOOL_RESULT_CHARS);
  const parts: string[] = [];
  const entries = Array.isArray(result)
    ? [['items', result.length] as const]
    : Object.entries(result as Record<string, unknown>);
  for (const [key, value] of entries) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      parts.push(`${key}: ${String(value)}`);
    else if (Array.isArray(value)) parts.push(`${key}: ${value.length} items`);
  }
  const line = parts.join(', ');
  return line.length > TOOL_RESULT_CHARS ? `${line.slice(0, TOOL_RESULT_CHARS - 1)}…` : line;
}

/** Ids the agent gives the customer ("your ticket is 88213"). */
const STAFF_ID_TYPES: ReadonlySet<FactType> = new Set(['ticket_id', 'tracking_id', 'order_id', 'invoice_id']);

/**
 * What the agent or an operator states that the operator must know: amounts with a currency ("a
 * refund of $640 is above my limit") and the ids it gives the customer. Values the customer
 * already gave are not repeated.
 */
function stafferFacts(turn: Turn, turnIndex: number, earlier: readonly Fact[]): Fact[] {
  const role = turn.role === 'operator' ? 'operator' : 'agent';
  const text = analysedText(turn.text);
  const found: RawFact[] = findIdentifiers(text).filter((fact) => STAFF_ID_TYPES.has(fact.type));
  for (const amount of parseAmounts(text)) {
    if (
      !amount.currency ||
      overlapsAny({ type: 'amount', value: '', text: amount.text, index: amount.index }, found)
    )
      continue;
    found.push({
      type: 'amount',
      value: formatAmount(amount.value, amount.currency),
      text: amount.text,
      index: amount.index,
      amount: { value: amount.value, currency: amount.currency },
    });
  }
  return found
    .filter((fact) => !earlier.some((old) => old.type === fact.type && old.value === fact.value))
    .sort((left, right) => left.index - right.index)
    .map((fact) => ({ ...fact, turn: turnIndex, role }));
}

/** Extracts the facts of a conversation, in turn order. */
export function extractFacts(turns: readonly Turn[], options: FactOptions): Fact[] {
  const facts: Fact[] = [];
  let asked: FactType | null = null;
  turns.forEach((turn, turnIndex) => {
    if (turn.role === 'agent' || turn.role === 'operator') {
      // Only the kinds a bare reply can answer: an id, a phone number.
      asked =
        factTypesAskedFor(turn.text).find((type) => IDENTIFIER_TYPES.has(type) || type === 'phone') ?? null;
      for (const call of turn.toolCalls ?? []) {
        if (!call.ok || call.result === undefined) continue;
        const summary = summariseToolResult(call.result);
        if (summary)
          facts.push({ type: 'tool_result', value: summary, turn: turnIndex, text: call.name, index: 0 });
      }
      facts.push(...stafferFacts(turn, turnIndex, facts));
      return;
    }
    if (turn.role !== 'customer') return;
    // A long paste costs the same as a long message: facts are read from the analysed windows only.
    const text = analysedText(turn.text);
    const raw = findTextFacts(text, turn.at, options);
    raw.push(...findBareIdentifiers(text, raw, asked, facts));
    asked = null;
    const fresh: Fact[] = raw.map((fact) => ({ ...fact, turn: turnIndex }));
    applyCorrections(text, fresh, facts, turnIndex);
    for (const fact of fresh.sort((left, right) => left.index - right.index)) {
      // Said before: keep the first mention (a superseded repeat only marks the old one, done above).
      if (
        facts.some(
          (old) => old.type === fact.type && old.value === fact.value && (fact.superseded || !old.superseded),
        )
      )
        continue;
      facts.push(fact);
    }
  });
  return facts;
}
