/**
 * "Never repeat": spots an operator asking for something the brief already holds, and a customer
 * restating, after the handoff, a value they already gave.
 */
import type { Turn } from '../types.ts';
import { BARE_IDENTIFIER, normaliseIdentifier } from './facts-identifiers.ts';
import { findTextFacts } from './facts.ts';
import { maskText } from './masking.ts';
import { factTypesAskedFor } from './questions.ts';
import type { Brief, Fact } from './schema.ts';

export interface Repeat {
  kind: 'operator_asked' | 'customer_restated';
  factType: string;
  value: string;
}

const IDENTIFIER_TYPES: ReadonlySet<string> = new Set([
  'order_id',
  'ticket_id',
  'invoice_id',
  'account_id',
  'card_number',
]);

function currentFacts(brief: Brief, type: string): Fact[] {
  return brief.facts.filter(
    (fact) => fact.type === type && !fact.superseded && !fact.role && (type !== 'person_name' || fact.self),
  );
}

/** What the customer profile already says, for the kinds a profile holds (the account's email, phone, name). */
function knownFromProfile(brief: Brief, type: string): string | undefined {
  if (type === 'email') return brief.customer.email;
  if (type === 'phone') return brief.customer.phone;
  if (type === 'person_name') return brief.customer.name;
  return undefined;
}

/** Which facts a turn repeats: asked for by an operator although known, or restated by the customer after the handoff. */
export function findRepeats(brief: Brief, turn: Turn, turnIndex: number): Repeat[] {
  const repeats: Repeat[] = [];
  const seen = new Set<string>();
  const add = (repeat: Repeat) => {
    const key = `${repeat.kind}:${repeat.factType}:${repeat.value}`;
    if (!seen.has(key)) {
      seen.add(key);
      repeats.push(repeat);
    }
  };
  if (turn.role === 'operator' || turn.role === 'agent') {
    for (const type of factTypesAskedFor(turn.text)) {
      const known = currentFacts(brief, type).at(-1)?.value ?? knownFromProfile(brief, type);
      if (known) add({ kind: 'operator_asked', factType: type, value: known });
    }
    return repeats;
  }
  if (turn.role !== 'customer' || turnIndex < brief.turnCount) return repeats;
  // A superseded value said again is a conflict to look at, not a repeat.
  const given = brief.facts.filter((fact) => fact.type !== 'tool_result' && !fact.superseded && !fact.role);
  const said = findTextFacts(turn.text, turn.at, { dayFirst: true });
  for (const fact of said) {
    const value = maskText(fact.value).text;
    const match = given.find(
      (old) =>
        old.value === value &&
        (old.type === fact.type || (IDENTIFIER_TYPES.has(old.type) && IDENTIFIER_TYPES.has(fact.type))),
    );
    if (match) add({ kind: 'customer_restated', factType: match.type, value: match.value });
  }
  // A bare "4471-983" with no cue is still a restated order id.
  for (const token of turn.text.match(BARE_IDENTIFIER) ?? []) {
    const value = normaliseIdentifier(token);
    const match = given.find((old) => IDENTIFIER_TYPES.has(old.type) && old.value === value);
    if (match) add({ kind: 'customer_restated', factType: match.type, value: match.value });
  }
  return repeats;
}
