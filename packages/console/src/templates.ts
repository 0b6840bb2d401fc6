/**
 * Reply templates that acknowledge what the customer already said: built from the brief (their
 * ask, the facts they gave, what the agent tried and failed) or, without a brief, from the thread
 * itself. The operator edits before sending; nothing is sent by itself.
 */
import type { StoredTurn } from '@baton/sdk';
import type { BriefView } from './brief.ts';
import { maskForDisplay } from './mask.ts';

export interface ReplyTemplate {
  id: string;
  label: string;
  text: string;
}

export interface TemplateInput {
  brief: BriefView | null;
  turns: Pick<StoredTurn, 'role' | 'text'>[];
  customerName: string | undefined;
  operatorName: string;
}

const MAX_QUOTE = 120;

/** A quote short enough for a chat line, cut at a word and closed with an ellipsis. */
export function shortQuote(text: string, max = MAX_QUOTE): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[,.;:!?]+$/, '')}…`;
}

/** The first name of a display name, when it looks like one ("Ana Silva" → "Ana"). */
export function firstName(name: string | undefined): string | undefined {
  const first = name?.trim().split(/\s+/)[0];
  return first && /^\p{L}[\p{L}'-]*$/u.test(first) && !first.includes('•') ? first : undefined;
}

/** Tool names as words ("lookup_order" → "order lookup" is too clever; "lookup order" reads fine). */
function toolWords(tool: string): string {
  return tool.replace(/[_-]+/g, ' ').trim();
}

/** The templates for this conversation, most specific first. */
export function replyTemplates(input: TemplateInput): ReplyTemplate[] {
  const { brief } = input;
  const hello = firstName(input.customerName ?? brief?.customer.name);
  const me = input.operatorName.trim() || 'a person from the team';
  const firstCustomerWords = input.turns.find((turn) => turn.role === 'customer')?.text;
  // The brief's ask is masked by the engine; the thread's own words are masked here.
  const ask =
    brief?.ask?.text ??
    (firstCustomerWords === undefined ? undefined : maskForDisplay(firstCustomerWords).text);
  const templates: ReplyTemplate[] = [];

  const greeting = `Hi${hello ? ` ${hello}` : ''}, I'm ${me}, a person on the team.`;
  templates.push({
    id: 'greet',
    label: 'Greet and acknowledge',
    text: ask
      ? `${greeting} I've read the whole conversation, including "${shortQuote(ask)}", so you won't need to repeat anything. Let me take it from here.`
      : `${greeting} I've read the whole conversation, so you won't need to repeat anything. Let me take it from here.`,
  });

  const facts = brief?.facts.filter((fact) => !fact.superseded && !fact.role) ?? [];
  const order = facts.find((fact) => fact.type === 'order_id' && !fact.masked);
  const amount = facts.find((fact) => fact.type === 'amount' && !fact.masked);
  if (order || amount) {
    const about = [
      order ? `order ${order.text || order.value}` : '',
      amount ? `the ${amount.text || amount.value}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    templates.push({
      id: 'facts',
      label: 'Confirm the details they gave',
      text: `I have ${about} in front of me, and I'm looking into it now.`,
    });
  }

  const failed = brief?.attempts.find((attempt) => attempt.kind === 'tool_call' && attempt.ok === false);
  if (failed) {
    templates.push({
      id: 'failed-attempt',
      label: 'Own what went wrong',
      text: `I'm sorry the ${failed.tool ? `${toolWords(failed.tool)} ` : ''}check didn't work earlier. I'll take care of it myself.`,
    });
  }

  const question = brief?.openQuestions[brief.openQuestions.length - 1];
  if (question) {
    templates.push({
      id: 'open-question',
      label: 'Answer their open question',
      text: `You asked "${shortQuote(question.text)}". `,
    });
  }

  templates.push(
    {
      id: 'checking',
      label: 'Ask for a moment',
      text: 'Thanks for waiting. I need a minute or two to check this; please stay with me.',
    },
    {
      id: 'anything-else',
      label: 'Anything else?',
      text: 'Is there anything else I can help you with today?',
    },
    {
      id: 'handing-back',
      label: 'Before returning to the agent',
      text: "I'm handing you back to our assistant, who has my notes, so you won't need to repeat anything.",
    },
  );
  return templates;
}
