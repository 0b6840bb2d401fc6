/**
 * The brief as the console reads it. The API serves the brief as `unknown` (its own versioned
 * schema, built by the engine); the console may not import the engine, so it reads the fields it
 * shows defensively and ignores anything it does not know. Every text in a brief is already masked.
 */

export interface BriefFact {
  type: string;
  value: string;
  text: string;
  turn: number;
  masked: boolean;
  superseded: boolean;
  /** Said by the agent or an operator, not given by the customer. */
  role?: string;
}

export interface BriefAttempt {
  turn: number;
  kind: 'tool_call' | 'reply' | 'promise';
  tool?: string;
  ok?: boolean;
  error?: string;
  quote: string;
}

export interface BriefReason {
  trigger: string;
  signal: string;
  priority: string;
  evidence: string[];
}

/** An earlier return to the agent: what the operator did, promised and told the agent. */
export interface BriefHandBack {
  author: string;
  at: string;
  note: string;
  actions: { action: string; result: string }[];
  promises: { text: string; dueAt: string | null; status: 'open' | 'kept' }[];
  must: string[];
  mustNot: string[];
}

export interface BriefView {
  customer: { name?: string; email?: string; tier?: string; language?: string; verified?: boolean };
  ask: { text: string; turn: number } | null;
  summary: string;
  facts: BriefFact[];
  attempts: BriefAttempt[];
  reasons: BriefReason[];
  sentimentTrend: string;
  /** The sentiment in the brief's own words, so the console says what the Markdown says. */
  sentimentText: string;
  openQuestions: { turn: number; text: string }[];
  suggestedNextStep: string;
  priorHandoffs: number;
  turnCount: number;
  /** Earlier hand-backs of this conversation, oldest first; their open promises bind the team. */
  handBacks: BriefHandBack[];
}

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const list = (value: unknown): Loose[] => (Array.isArray(value) ? value.filter(isObject) : []);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** Reads a brief from the API, or null when there is none or it is not a brief at all. */
export function readBrief(value: unknown): BriefView | null {
  if (!isObject(value) || typeof value['summary'] !== 'string') return null;
  const customer = isObject(value['customer']) ? value['customer'] : {};
  const ask = isObject(value['ask']) && typeof value['ask']['text'] === 'string' ? value['ask'] : null;
  const sentiment = isObject(value['sentiment']) ? value['sentiment'] : {};
  const view: BriefView = {
    customer: {},
    ask: ask ? { text: ask['text'] as string, turn: count(ask['turn']) } : null,
    summary: value['summary'],
    facts: list(value['facts']).map((fact) => ({
      type: text(fact['type']) ?? 'fact',
      value: text(fact['value']) ?? '',
      text: text(fact['text']) ?? text(fact['value']) ?? '',
      turn: count(fact['turn']),
      masked: fact['masked'] === true,
      superseded: fact['superseded'] === true,
      ...(typeof fact['role'] === 'string' ? { role: fact['role'] } : {}),
    })),
    attempts: list(value['attempts']).map((attempt) => {
      const read: BriefAttempt = {
        turn: count(attempt['turn']),
        kind: attempt['kind'] === 'tool_call' || attempt['kind'] === 'promise' ? attempt['kind'] : 'reply',
        quote: text(attempt['quote']) ?? '',
      };
      const tool = text(attempt['tool']);
      if (tool !== undefined) read.tool = tool;
      if (typeof attempt['ok'] === 'boolean') read.ok = attempt['ok'];
      const error = text(attempt['error']);
      if (error !== undefined) read.error = error;
      return read;
    }),
    reasons: list(value['reasons']).map((reason) => ({
      trigger: text(reason['trigger']) ?? 'unknown',
      signal: text(reason['signal']) ?? '',
      priority: text(reason['priority']) ?? 'normal',
      evidence: Array.isArray(reason['evidence'])
        ? reason['evidence'].filter((item) => typeof item === 'string')
        : [],
    })),
    sentimentTrend: text(sentiment['trend']) ?? 'unknown',
    sentimentText: text(sentiment['text']) ?? '',
    openQuestions: list(value['openQuestions'])
      .filter((question) => typeof question['text'] === 'string')
      .map((question) => ({ turn: count(question['turn']), text: question['text'] as string })),
    suggestedNextStep: text(value['suggestedNextStep']) ?? '',
    priorHandoffs: count(value['priorHandoffs']),
    turnCount: count(value['turnCount']),
    handBacks: list(value['handBacks']).map((handBack) => ({
      author: text(handBack['author']) ?? '',
      at: text(handBack['createdAt']) ?? '',
      note: text(handBack['note']) ?? '',
      actions: list(handBack['actions']).map((action) => ({
        action: text(action['action']) ?? '',
        result: text(action['result']) ?? '',
      })),
      promises: list(handBack['promises'])
        .filter((promise) => typeof promise['text'] === 'string')
        .map((promise) => ({
          text: promise['text'] as string,
          dueAt: text(promise['dueAt']) ?? null,
          status: promise['status'] === 'kept' ? ('kept' as const) : ('open' as const),
        })),
      must: strings(handBack['must']),
      mustNot: strings(handBack['mustNot']),
    })),
  };
  for (const key of ['name', 'email', 'tier', 'language'] as const) {
    const field = text(customer[key]);
    if (field !== undefined) view.customer[key] = field;
  }
  if (typeof customer['verified'] === 'boolean') view.customer.verified = customer['verified'];
  return view;
}

/** Fact types as an operator reads them. */
export const FACT_LABELS: Record<string, string> = {
  order_id: 'Order',
  ticket_id: 'Ticket',
  invoice_id: 'Invoice',
  account_id: 'Account',
  card_number: 'Card',
  email: 'Email',
  phone: 'Phone',
  amount: 'Amount',
  date: 'Date',
  address: 'Address',
  product: 'Product',
  person_name: 'Name',
  company: 'Company',
  tool_result: 'Tool result',
};

/** What changed between two readings of a brief, in words ("2 new facts", "new summary"). */
export function briefChanges(before: BriefView | null, after: BriefView | null): string[] {
  if (!after) return [];
  if (!before) return ['a brief was built'];
  const changes: string[] = [];
  const key = (fact: BriefFact) => `${fact.type}|${fact.value}|${fact.turn}`;
  const known = new Set(before.facts.map(key));
  const newFacts = after.facts.filter((fact) => !known.has(key(fact))).length;
  if (newFacts > 0) changes.push(`${newFacts} new ${newFacts === 1 ? 'fact' : 'facts'}`);
  const newAttempts = after.attempts.length - before.attempts.length;
  if (newAttempts > 0) changes.push(`${newAttempts} new ${newAttempts === 1 ? 'attempt' : 'attempts'}`);
  const newQuestions = after.openQuestions.length - before.openQuestions.length;
  if (newQuestions > 0)
    changes.push(`${newQuestions} new open ${newQuestions === 1 ? 'question' : 'questions'}`);
  if (newQuestions < 0)
    changes.push(`${-newQuestions} ${newQuestions === -1 ? 'question' : 'questions'} answered`);
  if (after.summary !== before.summary) changes.push('new summary');
  if (after.sentimentTrend !== before.sentimentTrend) changes.push(`mood now ${after.sentimentTrend}`);
  if ((after.ask?.text ?? '') !== (before.ask?.text ?? '')) changes.push('what they want');
  return changes;
}

/** A fact's shown value: a tool's result is the result, not the tool's name. */
export function factShown(fact: BriefFact): { label: string; value: string } {
  if (fact.type === 'tool_result') {
    return { label: `${FACT_LABELS['tool_result']} (${fact.text || 'tool'})`, value: fact.value };
  }
  return { label: FACT_LABELS[fact.type] ?? fact.type, value: fact.text || fact.value };
}
