/**
 * The brief as a page a person reads, for tickets and webhooks. The brief's texts are already
 * masked; this only lays them out.
 */
import { formatWait } from './narrative.ts';
import type { Brief, Fact } from './schema.ts';

const FACT_TYPE_LABELS: Record<Fact['type'], string> = {
  order_id: 'Order',
  ticket_id: 'Ticket',
  invoice_id: 'Invoice',
  account_id: 'Account',
  tracking_id: 'Tracking',
  username: 'Username',
  card_number: 'Card',
  email: 'Email',
  phone: 'Phone',
  amount: 'Amount',
  date: 'Date',
  time: 'Time',
  address: 'Address',
  place: 'Place',
  product: 'Product',
  quantity: 'Quantity',
  person_name: 'Name',
  company: 'Company',
  tool_result: 'Tool result',
};

/** Flattens a text to one line and escapes what would break a table cell or start markup. */
function inline(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/([\\`*_|<>[\]])/g, '\\$1')
    .trim();
}

/** A code span: nothing inside is markup, so nothing is escaped; a backtick in the name widens the fence. */
function code(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const fence = flat.includes('`') ? '`` ' : '`';
  return `${fence}${flat}${fence === '`' ? '`' : ' ``'}`;
}

function customerLines(brief: Brief): string[] {
  const { customer } = brief;
  const lines: string[] = [];
  if (customer.name) lines.push(`- **Name:** ${inline(customer.name)}`);
  if (customer.id) lines.push(`- **Id:** ${inline(customer.id)}`);
  const contact = [customer.email, customer.phone].filter((value): value is string => Boolean(value));
  if (contact.length > 0) lines.push(`- **Contact:** ${contact.map(inline).join(' · ')}`);
  if (customer.tier) lines.push(`- **Tier:** ${inline(customer.tier)}`);
  if (customer.language) lines.push(`- **Language:** ${inline(customer.language)}`);
  if (customer.verified !== undefined) lines.push(`- **Verified:** ${customer.verified ? 'yes' : 'no'}`);
  return lines.length > 0 ? lines : ['- Nothing known about the customer.'];
}

const PLACE_LABELS = { city: 'City', country: 'Country', postcode: 'Postcode' } as const;

/** A value as read: struck through with what replaced it, or with the value it replaced. */
function factValue(fact: Fact): string {
  if (fact.superseded) {
    const by = fact.correctedBy;
    return `~~${inline(fact.value)}~~ (corrected${by ? ` to ${inline(by.value)} in turn ${by.turn}` : ''})`;
  }
  const place = fact.place?.country && fact.place.kind !== 'country' ? ` (${fact.place.country})` : '';
  const corrects = fact.corrects
    ? ` (replaces ~~${inline(fact.corrects.value)}~~ from turn ${fact.corrects.turn})`
    : '';
  return `${inline(fact.value)}${place}${corrects}`;
}

function factRows(brief: Brief): string[] {
  if (brief.facts.length === 0) return ['No facts given.'];
  const rows = ['| What | Value | Turn | As written |', '|---|---|---|---|'];
  for (const fact of brief.facts) {
    const value = factValue(fact);
    const label =
      fact.type === 'tool_result'
        ? `${FACT_TYPE_LABELS[fact.type]} (${inline(fact.text)})`
        : `${fact.place ? PLACE_LABELS[fact.place.kind] : FACT_TYPE_LABELS[fact.type]}${fact.role ? ` (said by the ${fact.role})` : ''}`;
    rows.push(
      `| ${label} | ${value} | ${fact.turn} | ${fact.type === 'tool_result' ? '' : inline(fact.text)} |`,
    );
  }
  return rows;
}

function attemptLines(brief: Brief): string[] {
  if (brief.attempts.length === 0) return ['- The agent tried nothing before handing over.'];
  return brief.attempts.map((attempt) => {
    if (attempt.kind === 'reply')
      return `- Turn ${attempt.turn}: told the customer "${inline(attempt.quote)}"`;
    if (attempt.kind === 'promise') return `- Turn ${attempt.turn}: **promised** "${inline(attempt.quote)}"`;
    const outcome = attempt.ok ? 'ok' : 'failed';
    const detail = attempt.quote ? `: ${inline(attempt.quote)}` : '';
    return `- Turn ${attempt.turn}: called ${code(attempt.tool ?? 'tool')} (${outcome})${detail}`;
  });
}

function reasonLines(brief: Brief): string[] {
  if (brief.reasons.length === 0)
    return ['- No trigger fired; handed over on request of the agent or an operator.'];
  return brief.reasons.map((reason) => {
    const evidence =
      reason.evidence.length > 0
        ? `: ${reason.evidence.map((quote) => `"${inline(quote)}"`).join('; ')}`
        : '';
    return `- **${inline(reason.trigger)}** (${reason.signal}, ${reason.action}, ${reason.priority}, queue ${inline(reason.queue)})${evidence}`;
  });
}

function sentimentLine(brief: Brief): string {
  return inline(brief.sentiment.text);
}

/** Renders a brief as Markdown: who, what they want, why it came here, facts, what was tried, what to do next. */
export function renderBriefMarkdown(brief: Brief): string {
  const waiting =
    brief.waitedSeconds === null
      ? ''
      : ` · **Waiting:** ${formatWait(brief.waitedSeconds)}${brief.waitingSince ? ` (since ${brief.waitingSince})` : ''}`;
  const lines = [
    `# Brief: conversation ${inline(brief.conversationId)}`,
    '',
    `**Priority:** ${brief.priority}${waiting} · **Prior handoffs:** ${brief.priorHandoffs}`,
    '',
    '## Customer',
    ...customerLines(brief),
    '',
    '## What they want',
    brief.ask ? `> ${inline(brief.ask.text)} (turn ${brief.ask.turn})` : '> Not stated yet.',
    '',
    inline(brief.summary),
    '',
    '## Why it came to you',
    ...reasonLines(brief),
    '',
    '## Facts',
    ...factRows(brief),
    '',
    '## What was tried and promised',
    ...attemptLines(brief),
    '',
    '## Sentiment',
    sentimentLine(brief),
    '',
    '## Open questions',
    ...(brief.openQuestions.length > 0
      ? brief.openQuestions.map((question) => `- "${inline(question.text)}" (turn ${question.turn})`)
      : ['- None.']),
    '',
    '## Suggested next step',
    inline(brief.suggestedNextStep),
    '',
  ];
  return lines.join('\n');
}
