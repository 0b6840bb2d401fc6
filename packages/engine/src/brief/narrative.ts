/**
 * The sentences of the brief, all extractive or rule-built: the customer's ask (their own words),
 * the questions nobody answered, the summary and the suggested next step.
 */
import { analysedText } from '../text.ts';
import type { Turn } from '../types.ts';
import { NOT_A_NAME } from './common-words.ts';
import type { Attempt, BriefCustomer, BriefSentiment, Fact, FactType, Reason } from './schema.ts';
import { shortQuote } from './sections.ts';

export interface Sentence {
  turn: number;
  text: string;
}

const SENTENCE_END = /(?<=[.!?…])\s+|\n+/;
const GREETING_ONLY =
  /^(?:(?:hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening)|greetings|dear\s+\w+|thanks?(?:\s+you)?|thx|ok(?:ay)?|yes|no|sure|please)[\s,!.?]*)+$/i;
const LEADING_GREETING =
  /^(?:(?:hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening)|greetings)(?:\s+there)?[\s,!.]+)+/i;
const REQUEST_CUE =
  /\?|\b(?:i\s+(?:want|would\s+like|'d\s+like|need|wanna|was\s+(?:charged|billed)|can't|cannot|can\s+not|haven't|have\s+not|never|didn't|lost|paid|ordered)|i'd\s+like|can\s+(?:you|i)|could\s+(?:you|i)|please|help|how\s+(?:do|can|to)|why|where|when\s+will|refund|cancel|change|return|replace|broken|not\s+working|doesn't\s+work|problem|issue|wrong|charged|missing|still\s+(?:waiting|not)|crash\w*|errors?|fail\w*|won'?t|can'?t|cannot|doesn'?t|isn'?t|didn'?t|haven'?t|never|stuck|locked|declined|stolen|lost)\b/i;
// A sentence that only asks for a person says nothing about the goal.
const PERSON_ONLY =
  /^(?:[\w\s',]*\b(?:human|person|agent|operator|representative|someone|somebody|manager|supervisor|people)\b[\w\s',]*)[.!?]*$/i;
const PERSON_REQUEST =
  /\b(?:speak|talk|chat|transfer|connect|put)\b[^.?!]*\b(?:human|person|agent|operator|representative|someone|manager|supervisor|real)\b/i;
const DEFLECTION =
  /\b(?:i'?m\s+not\s+sure|i\s+don'?t\s+know|i\s+can(?:no|')t\s+(?:help|answer|do|access|find)|unable\s+to|let\s+me\s+(?:transfer|connect|get)|a\s+(?:person|human|colleague)\s+will)\b/i;

/** Splits the customer's turns into sentences, each with its turn index. */
export function customerSentences(turns: readonly Turn[]): Sentence[] {
  const sentences: Sentence[] = [];
  turns.forEach((turn, index) => {
    if (turn.role !== 'customer') return;
    const text = analysedText(turn.text);
    for (const part of text.split(SENTENCE_END)) {
      const text = part.trim();
      if (text) sentences.push({ turn: index, text });
    }
  });
  return sentences;
}

function isOnlyPersonRequest(text: string): boolean {
  return PERSON_REQUEST.test(text) && PERSON_ONLY.test(text);
}

/**
 * A ping, a filler or a courtesy with no request in it, in en, es, fr, de, pt: "Anyone?", "hello??",
 * "are you there?", "any update?", "thanks", "¿hay alguien?", "ist da jemand?".
 */
const PING =
  /^[\s¿¡]*(?:(?:is\s+)?(?:any\s*one|any\s*body|some\s*one|some\s*body)(?:\s+(?:there|here|around|home|out\s+there|available))?|(?:are|r)\s+(?:you|u)\s+(?:still\s+)?(?:there|here|around|alive|awake|listening)|(?:hello|hi|hey|hallo|hola|all[ôo]|ol[áa]|oi|yo|ping)(?:\s+(?:there|again|anyone|\?))*|still\s+(?:there|waiting|here)|(?:i'?m\s+)?(?:still\s+)?waiting|(?:any\s+)?(?:updates?|news|response|answer|reply)(?:\s+(?:on\s+this|yet|please))?|thanks?(?:\s+you)?(?:\s+(?:so|very)\s+much)?|thank\s+you(?:\s+(?:so|very)\s+much)?|thx|ty|ok(?:ay)?|k|cool|great|fine|sure|yes|yeah|yep|no|nope|nah|right|hmm+|uh+|\?+|!+|\.+|hay\s+alguien(?:\s+ah[ií])?|alguien|(?:est[aá]s|sigues)\s+ah[ií]|gracias|vale|il\s+y\s+a\s+quelqu'un|quelqu'un|(?:vous\s+[eê]tes|t'es)\s+l[aà]|merci(?:\s+beaucoup)?|d'accord|ist\s+(?:da\s+)?(?:jemand|wer)(?:\s+da)?|jemand\s+da|(?:sind\s+sie|bist\s+du)\s+(?:noch\s+)?da|danke(?:\s+sch[öo]n)?|alles\s+klar|algu[eé]m(?:\s+a[ií])?|tem\s+algu[eé]m(?:\s+a[ií])?|(?:voc[eê]\s+)?est[aá]\s+a[ií]|obrigad[oa]|claro)[\s!?.,…]*$/iu;

/** Whether a sentence carries no request: a greeting, a ping or a courtesy. */
export function isFiller(text: string): boolean {
  const plain = text.replace(/[’‘]/g, "'");
  return GREETING_ONLY.test(plain) || PING.test(plain);
}

/** The customer's goal: their first request-like sentence, greetings, pings and bare "get me a person" skipped. */
export function findAsk(sentences: readonly Sentence[]): Sentence | null {
  const candidates = sentences
    .map((sentence) => ({ turn: sentence.turn, text: sentence.text.replace(LEADING_GREETING, '').trim() }))
    .filter((sentence) => sentence.text && !isFiller(sentence.text) && !isOnlyPersonRequest(sentence.text));
  const chosen = candidates.find((sentence) => REQUEST_CUE.test(sentence.text)) ?? candidates[0];
  if (!chosen) return null;
  const text = chosen.text.charAt(0).toUpperCase() + chosen.text.slice(1);
  return { turn: chosen.turn, text: shortQuote(text, 200) };
}

function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? [];
  return new Set(words.filter((word) => !NOT_A_NAME.has(word) || /\d/.test(word)));
}

/** Customer questions that no later agent or operator turn answered (shares no content word, or deflected). */
export function findOpenQuestions(
  turns: readonly Turn[],
  sentences: readonly Sentence[],
  limit = 5,
): Sentence[] {
  // Content words of each reply that could answer, computed once for all questions.
  const replies = turns.flatMap((turn, index) =>
    (turn.role === 'agent' || turn.role === 'operator') && !DEFLECTION.test(turn.text)
      ? [{ index, words: contentWords(analysedText(turn.text)) }]
      : [],
  );
  const open: Sentence[] = [];
  for (const sentence of sentences) {
    if (!sentence.text.includes('?') || PERSON_REQUEST.test(sentence.text)) continue;
    const words = contentWords(sentence.text);
    const answered = replies.some(
      (reply) =>
        reply.index > sentence.turn && (words.size === 0 || [...words].some((word) => reply.words.has(word))),
    );
    if (!answered) open.push({ turn: sentence.turn, text: shortQuote(sentence.text, 200) });
  }
  return open.slice(-limit);
}

const FACT_LABELS: Partial<Record<FactType, string>> = {
  order_id: 'order',
  ticket_id: 'ticket',
  invoice_id: 'invoice',
  account_id: 'account',
  card_number: 'card',
};
const SUMMARY_FACT_ORDER: readonly FactType[] = [
  'order_id',
  'invoice_id',
  'ticket_id',
  'account_id',
  'card_number',
  'amount',
  'product',
  'date',
  'company',
];

/** The facts worth naming in one line: current ones, identifiers and amounts first. */
export function headlineFacts(facts: readonly Fact[], limit = 4): Fact[] {
  // What the customer gave: the agent's own amounts and ids are not the customer's.
  const current = facts.filter(
    (fact) => !fact.superseded && !fact.role && SUMMARY_FACT_ORDER.includes(fact.type),
  );
  return current
    .sort(
      (left, right) =>
        SUMMARY_FACT_ORDER.indexOf(left.type) - SUMMARY_FACT_ORDER.indexOf(right.type) ||
        right.turn - left.turn,
    )
    .slice(0, limit);
}

/** Reads a fact as a short noun phrase: "order 4471-983", "EUR 120". */
export function describeFact(fact: Fact): string {
  const label = FACT_LABELS[fact.type];
  return label ? `${label} ${fact.value}` : fact.value;
}

/** Cuts a text to at most `limit` words. */
export function limitWords(text: string, limit: number): string {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length <= limit) return words.join(' ');
  return `${words
    .slice(0, limit)
    .join(' ')
    .replace(/[,.;:]$/, '')}…`;
}

export interface SummaryParts {
  customer: BriefCustomer;
  ask: Sentence | null;
  facts: readonly Fact[];
  attempts: readonly Attempt[];
  reasons: readonly Reason[];
  sentiment: BriefSentiment;
  waitedSeconds: number | null;
}

/** Formats a wait in words: "45 s", "4 min", "2 h 5 min". */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A summary of the hand-off in a few short sentences, cut to `wordLimit` words. */
export function summarise(parts: SummaryParts, wordLimit: number): string {
  const who = parts.customer.name
    ? `${parts.customer.name}${parts.customer.tier ? ` (${parts.customer.tier})` : ''}`
    : parts.customer.tier
      ? `A ${parts.customer.tier} customer`
      : 'The customer';
  const sentences: string[] = [];
  sentences.push(
    parts.ask ? `${who} asks: "${limitWords(parts.ask.text, 20)}"` : `${who} has not stated a goal.`,
  );
  const facts = headlineFacts(parts.facts, 3).map(describeFact);
  if (facts.length > 0) sentences.push(`Gave ${facts.join(', ')}.`);
  const tools = parts.attempts.filter((attempt) => attempt.kind === 'tool_call');
  const failed = tools.filter((attempt) => !attempt.ok);
  if (tools.length > 0) {
    const failedNames = [...new Set(failed.map((attempt) => attempt.tool))].join(', ');
    sentences.push(
      `Agent made ${tools.length} tool call${tools.length === 1 ? '' : 's'}${failed.length > 0 ? `, ${failed.length} failed (${failedNames})` : ''}.`,
    );
  }
  if (parts.reasons.length > 0) {
    const signals = [...new Set(parts.reasons.map((reason) => reason.signal.replace(/_/g, ' ')))];
    sentences.push(`Escalated for ${signals.slice(0, 3).join(', ')}.`);
  }
  if (parts.sentiment.trend === 'worsening') sentences.push('Frustration is rising.');
  if (parts.waitedSeconds !== null) sentences.push(`Waiting ${formatWait(parts.waitedSeconds)}.`);
  return limitWords(sentences.join(' '), wordLimit);
}

const NEXT_STEPS: readonly [RegExp, string][] = [
  [
    /\b(?:lost|stolen|stole|fraud\w*|hack\w*|compromised|unauthori[sz]ed|didn'?t\s+make|don'?t\s+recogni[sz]e)\b/i,
    'Secure the account and review the disputed activity on',
  ],
  [
    /\b(?:refund\w*|money\s+back|reimburs\w*|charged\s+twice|double\s+charged|overcharged)\b/i,
    'Check refund eligibility for',
  ],
  [
    /\b(?:cancel\w*|terminate|close\s+(?:my|the)|unsubscribe|stop\s+(?:my|the))\b/i,
    'Process the cancellation of',
  ],
  [
    /\b(?:deliver\w*|arriv\w*|shipping|shipped|tracking|where\s+is|hasn'?t\s+come|not\s+received)\b/i,
    'Trace the delivery of',
  ],
  [
    /\b(?:charge[ds]?|fee|bill(?:ed|ing)?|invoice|payment|transaction|declined|rejected)\b/i,
    'Review the charge on',
  ],
  [
    /\b(?:broken|damaged|faulty|defective|doesn'?t\s+work|not\s+working|stopped\s+working|return|replace\w*|exchange)\b/i,
    'Arrange a return or replacement for',
  ],
  [/\b(?:change|update|modify|move|reschedul\w*|amend)\b/i, 'Make the requested change to'],
];

/** One rule-built sentence telling the operator where to start, from the ask, the facts and the reasons. */
export function suggestNextStep(
  ask: Sentence | null,
  facts: readonly Fact[],
  reasons: readonly Reason[],
  attempts: readonly Attempt[],
): string {
  if (reasons.some((reason) => reason.action === 'approval')) {
    const trigger = reasons.find((reason) => reason.action === 'approval')?.trigger ?? '';
    return `Review the action waiting for approval (${trigger}) and approve or refuse it.`;
  }
  const identifier = headlineFacts(facts, 8).find((fact) => fact.type in FACT_LABELS);
  const amount =
    facts.find((fact) => fact.type === 'amount' && !fact.superseded && !fact.role) ??
    facts.find((fact) => fact.type === 'amount' && !fact.superseded);
  const product = facts.find((fact) => fact.type === 'product' && !fact.superseded);
  const subject = identifier
    ? describeFact(identifier)
    : product
      ? `the ${product.value}`
      : "the customer's request";
  const object = amount ? `${subject} (${amount.value})` : subject;
  const askText = ask?.text ?? '';
  const rule = NEXT_STEPS.find(([pattern]) => pattern.test(askText));
  let step = rule
    ? `${rule[1]} ${object}.`
    : ask
      ? `Resolve: "${limitWords(askText, 16)}"`
      : `Ask the customer what they need, then resolve ${object}.`;
  const failed = attempts.findLast((attempt) => attempt.kind === 'tool_call' && !attempt.ok);
  if (failed)
    step += ` The agent's ${failed.tool} call failed${failed.error ? ` (${shortQuote(failed.error, 60)})` : ''}: do it by hand.`;
  if (reasons.some((reason) => reason.signal === 'frustration'))
    step = `Acknowledge the frustration first. ${step}`;
  return step;
}
