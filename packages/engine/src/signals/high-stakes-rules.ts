/**
 * Asking about a rule is not asking to act. "What's your refund policy?", "is there a cancellation
 * fee?", "will I be able to cancel later?", "book me a fully refundable ticket" name a refund or a
 * cancellation, but what the customer wants is an answer (or a ticket), not the act itself; "I want
 * a refund" and "can I cancel my order?" are the act. And a price the customer searches by ("a
 * hotel over 1000 yuan a night", "under $800") is a criterion, not money at stake.
 *
 * A mention reads as a rule when the topic word is an attribute (refundable, cancellable) or is
 * bound to a rule noun (policy, fee, penalty, terms, deadline); a whole turn reads as a question
 * about a rule when it asks whether something is possible later or on a condition ("can I … later",
 * "… if I change my plans", "how long do I have to …").
 */
import type { TextView } from '../text.ts';

/** Topics a customer may ask about as a rule rather than act on. */
export const RULE_TOPICS: ReadonlySet<string> = new Set(['refund', 'cancellation', 'privacy']);

/** A topic word that names a property of a product or booking, not an act. */
const ATTRIBUTE =
  /^(?:non-?)?(?:refundable|cancell?able|returnable|reembolsable|remboursable|erstattungsf[äa]hig|rimborsabile|reembols[áa]vel)$/u;

/** Nouns that make the topic word before them the name of a rule: "refund policy", "cancellation fee". */
// prettier-ignore
const RULE_NOUNS = new Set([
  'policy', 'policies', 'fee', 'fees', 'penalty', 'penalties', 'charge', 'charges', 'guarantee', 'terms',
  'conditions', 'rules', 'rule', 'period', 'window', 'deadline', 'insurance', 'protection', 'option',
  'options', 'cover', 'coverage', 'notice', 'statement', 'settings',
  'política', 'politique', 'frais', 'tarifa', 'richtlinie', 'richtlinien', 'gebühr', 'gebühren',
  'bedingungen', 'politica', 'penale', 'penali', 'taxa', 'multa',
]);

/** Chinese: a rule noun right after the topic word ("退款政策", "取消费用"). */
const RULE_CJK = /(?:退款|退钱|取消|退订|隐私)(?:的)?(?:政策|规定|规则|手续费|费用|条款|期限)/u;

/** A question whether something is possible later or on a condition. */
const RULE_QUESTION = new RegExp(
  String.raw`(?:^|[\s,.;:!?(])(?:` +
    [
      // "can I cancel later?", "will I be able to get my money back if …", "is the booking refundable?"
      // ("if I can/could" is "whether": "ask an agent if I can close my account" is the act.)
      String.raw`(?:can|could|will|would|may|might|am|do|does|is|are|shall)\s+(?:i|we|you|it|they|there|the\s+\S+|my\s+\S+|this|that)\b[^.?!]{0,80}?\b(?:later|eventually|afterwards?|in the future|if(?!\s+(?:i|we)\s+(?:can|could|may|might)\b)|in case|once|until|up to|before|anytime|any time|at any time|still)\b`,
      String.raw`how long (?:do|does|will|would)\b`,
      String.raw`what (?:happens|if|would happen) (?:if|when)\b`,
      String.raw`(?:is|are) there (?:a|any)\s+(?:fee|fees|charge|charges|penalty|penalties|deadline|limit|time limit)`,
      String.raw`(?:do|does) (?:you|it|they|the \S+) (?:offer|give|allow|do|accept)\s+(?:a\s+|any\s+)?(?:refund|cancel|return)`,
    ].join('|') +
    ')',
  'u',
);

/** Words that ask for the act itself, whatever else the turn asks: "how can I get my money back". */
const ACT =
  /\b(?:i (?:want|need|would like|'d like|wanna|demand|request)|i'm requesting|how (?:can|do|could|would) i|help me|please (?:cancel|refund|close|delete|remove|terminate))\b/u;

/** Words in a mention span: whether one of them is an attribute, or a rule noun follows the span. */
export function mentionIsRule(words: readonly string[], start: number, end: number): boolean {
  for (let index = start; index < end; index++) if (ATTRIBUTE.test(words[index]!)) return true;
  for (let index = end; index < Math.min(end + 2, words.length); index++)
    if (RULE_NOUNS.has(words[index]!)) return true;
  // "free cancellation", "no-cancellation": a property of an offer.
  return start > 0 && words[start - 1] === 'free';
}

/** Whether the whole turn asks about a rule: possible later, on a condition, at a fee. */
export function asksAboutRule(view: TextView): boolean {
  return (RULE_QUESTION.test(view.lower) && !ACT.test(view.lower)) || RULE_CJK.test(view.lower);
}

/** Words before an amount that make it a search criterion or a price range, not money at stake. */
const CRITERION_BEFORE =
  /(?:价格|价位|价钱|人均|消费|预算|房价|budget|price[sd]?|priced|under|below|less than|up to|at most|no more than|max(?:imum)?|within|between|range of|from)\s*(?:of|is|at|range|around|about|in|在|是|为|:)?\s*(?:\$|€|£|¥)?\s*$|\d\s*(?:到|至|-|–|to|and)\s*(?:\$|€|£|¥)?\s*$/u;
/** Words after an amount that make it a range or a per-unit price. */
const CRITERION_AFTER =
  /^\s*(?:以上|以下|以内|之内|左右|之间|(?:到|至|-|–|to|and)\s*(?:\$|€|£|¥)?\s*\d|or (?:less|more|under|below)|and (?:up|under|below)|per\b|a night|a person|each\b|\/\s*(?:night|person|day)|每)/u;

/** Whether the amount at `index` (with `text`) in the raw turn is a price the customer searches by. */
export function amountIsCriterion(raw: string, index: number, text: string): boolean {
  const before = raw.slice(Math.max(0, index - 24), index).toLowerCase();
  const after = raw.slice(index + text.length, index + text.length + 16).toLowerCase();
  return CRITERION_BEFORE.test(before) || CRITERION_AFTER.test(after);
}
