/**
 * Canned responses in the composer: their variables filled from the handoff, the brief and the
 * operator, and placeholders that could not be filled kept visible (`{{brief.order}}`) so the
 * operator fills them; a reply that still holds one is not sent. Pure, so it is tested on its own.
 */
import { BRIEF_VARIABLE_FACTS, VARIABLE_PATTERN, type CannedResponse } from '@baton/sdk';
import type { BriefView } from './brief.ts';
import { firstName, type ReplyTemplate } from './templates.ts';

/** What the variables are filled from. */
export interface FillContext {
  customerName: string | undefined;
  operatorName: string;
  queue: string | undefined;
  brief: BriefView | null;
}

/** The brief's value for a fact type: the newest the customer gave that is not masked. */
function briefFact(brief: BriefView | null, type: string): string | undefined {
  const facts = brief?.facts.filter(
    (fact) => fact.type === type && !fact.superseded && !fact.masked && !fact.role,
  );
  const fact = facts?.[facts.length - 1];
  const value = fact ? fact.text || fact.value : '';
  return value.trim() === '' ? undefined : value.trim();
}

/** The value of one variable, or undefined when nothing fills it. */
export function variableValue(name: string, context: FillContext): string | undefined {
  const customer = context.customerName ?? context.brief?.customer.name;
  // A masked name ("A•••") is not a name to greet someone by.
  const clearCustomer = customer && !customer.includes('•') ? customer.trim() : undefined;
  if (name === 'customer.name') return clearCustomer || undefined;
  if (name === 'customer.firstName') return firstName(clearCustomer);
  if (name === 'operator.name') return context.operatorName.trim() || undefined;
  if (name === 'handoff.queue') return context.queue || undefined;
  if (name.startsWith('brief.')) {
    const type = BRIEF_VARIABLE_FACTS[name.slice(6) as keyof typeof BRIEF_VARIABLE_FACTS];
    return type ? briefFact(context.brief, type) : undefined;
  }
  return undefined;
}

/** The body with every variable that has a value filled; the others stay as `{{name}}`. */
export function fillVariables(body: string, context: FillContext): { text: string; unfilled: string[] } {
  const unfilled = new Set<string>();
  const text = body.replace(VARIABLE_PATTERN, (whole, name: string) => {
    const value = variableValue(name, context);
    if (value === undefined) {
      unfilled.add(name);
      return `{{${name}}}`;
    }
    return value;
  });
  return { text, unfilled: [...unfilled] };
}

/** The placeholders still in a text (`{{…}}`), in order, each once. */
export function unfilledPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE_PATTERN)].map((match) => `{{${match[1]!}}}`))];
}

/** A template of the composer's picker, with what it came from. */
export interface PickerTemplate extends ReplyTemplate {
  shortcut?: string;
  /** Placeholders the context could not fill. */
  unfilled?: string[];
  /** `team`, `language`, both, or neither (`general`), for the picker's label. */
  scope?: string;
}

/** The server's responses as picker templates (filled), in the server's order (most specific first). */
export function cannedTemplates(
  responses: readonly CannedResponse[],
  context: FillContext,
): PickerTemplate[] {
  return responses.map((response) => {
    const filled = fillVariables(response.body, context);
    const scope = [response.queue, response.language?.toUpperCase()].filter(Boolean).join(' · ') || 'general';
    return {
      id: `canned:${response.id}`,
      label: response.title,
      text: filled.text,
      ...(response.shortcut ? { shortcut: response.shortcut } : {}),
      unfilled: filled.unfilled,
      scope,
    };
  });
}

/** Templates whose title or shortcut holds the query (case-insensitive; a leading `/` is ignored). */
export function searchTemplates<T extends PickerTemplate>(templates: readonly T[], query: string): T[] {
  const needle = query.trim().replace(/^\//, '').toLowerCase();
  if (needle === '') return [...templates];
  return templates.filter(
    (template) =>
      template.label.toLowerCase().includes(needle) ||
      (template.shortcut ?? '').toLowerCase().includes(needle),
  );
}

/**
 * A `/shortcut` just typed before the caret and closed by a space: where it starts and ends, and the
 * template it names. Null when the text before the caret is not one.
 */
export function shortcutAt(
  text: string,
  caret: number,
  templates: readonly PickerTemplate[],
): { start: number; end: number; template: PickerTemplate } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)\/([a-z0-9][a-z0-9_-]*) $/.exec(before);
  if (!match) return null;
  const template = templates.find((candidate) => candidate.shortcut === match[2]);
  if (!template) return null;
  const start = before.length - match[2]!.length - 2;
  return { start, end: caret, template };
}
