/**
 * Reads a chat-completions response body into the model's ask, summary and candidate facts, or
 * says why it cannot: a value, never an exception (the caller falls back to the extractive brief).
 */
import { z } from 'zod';

/** A fact as the model stated it, before it is checked against the turns. */
export interface CandidateFact {
  type: string;
  value: string;
  turn: number;
}

export type ParsedAnswer =
  | {
      ok: true;
      model: string | undefined;
      ask: string;
      summary: string;
      facts: CandidateFact[];
      invalidFacts: number;
    }
  | { ok: false; reason: 'malformed' | 'refused'; detail: string };

/** The summary's word budget, as the brief's schema states it. */
export const MAX_SUMMARY_WORDS = 60;

const completionSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
});

const answerSchema = z.object({
  ask: z.string(),
  summary: z.string().trim().min(1),
  // Checked one by one below: one odd fact should not cost the whole summary.
  facts: z.array(z.unknown()),
});

const factSchema = z.object({
  type: z.string(),
  value: z.union([z.string(), z.number()]).transform(String),
  // Some models quote numbers; "3" is still turn 3.
  turn: z.union([z.number().int().min(0), z.string().regex(/^\d+$/).transform(Number)]),
});

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Collapses whitespace and keeps at most `limit` words, marking a cut with an ellipsis. */
export function cutToWords(text: string, limit: number): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length <= limit) return words.join(' ');
  return `${words
    .slice(0, limit)
    .join(' ')
    .replace(/[\s,;:.!?-]+$/, '')}…`;
}

// A period after these does not end a sentence.
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'no',
  'nr',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'approx',
]);

/** The first sentence of a text: up to the first `.`, `!` or `?` followed by a space and a new sentence. */
export function firstSentence(text: string): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  const end = /[.!?]+["'”’)\]]*(?= [\p{Lu}\p{N}"'“‘(]|$)/gu;
  for (let match = end.exec(flat); match !== null; match = end.exec(flat)) {
    const before = /([\p{L}.]+)$/u.exec(flat.slice(0, match.index))?.[1]?.toLowerCase() ?? '';
    if (match[0].startsWith('.') && ABBREVIATIONS.has(before)) continue;
    return flat.slice(0, match.index + match[0].length);
  }
  return flat;
}

function normaliseType(type: string): string {
  return type
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function readFacts(raw: unknown[]): { facts: CandidateFact[]; invalid: number } {
  const facts: CandidateFact[] = [];
  let invalid = 0;
  for (const item of raw) {
    const parsed = factSchema.safeParse(item);
    const type = parsed.success ? normaliseType(parsed.data.type) : '';
    const value = parsed.success ? parsed.data.value.trim() : '';
    if (!parsed.success || type === '' || type.length > 40 || value === '') invalid += 1;
    else facts.push({ type, value, turn: parsed.data.turn });
  }
  return { facts, invalid };
}

/** Parses a 2xx chat-completions body: the message content must be the JSON object the prompt asked for. */
export function parseChatAnswer(body: string): ParsedAnswer {
  const json = parseJson(body);
  if (!json.ok) return { ok: false, reason: 'malformed', detail: 'the response body is not JSON' };
  const completion = completionSchema.safeParse(json.value);
  if (!completion.success) {
    return {
      ok: false,
      reason: 'malformed',
      detail: `not a chat completion: ${describeIssues(completion.error)}`,
    };
  }
  const choice = completion.data.choices[0];
  if (choice === undefined) return { ok: false, reason: 'malformed', detail: 'no choices' };
  const refusal = choice.message.refusal?.trim();
  if (refusal) return { ok: false, reason: 'refused', detail: `the model refused: ${refusal.slice(0, 200)}` };
  if (choice.finish_reason === 'content_filter') {
    return { ok: false, reason: 'refused', detail: 'the answer was withheld by a content filter' };
  }
  const content = choice.message.content?.trim() ?? '';
  if (content === '') return { ok: false, reason: 'malformed', detail: 'the message content is empty' };
  // Some servers wrap JSON in a Markdown fence even when asked for a JSON object.
  const unfenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(content)?.[1] ?? content;
  const answerJson = parseJson(unfenced);
  if (!answerJson.ok) {
    const truncated = choice.finish_reason === 'length' ? ' (cut off at the token limit)' : '';
    return { ok: false, reason: 'malformed', detail: `the message content is not JSON${truncated}` };
  }
  const answer = answerSchema.safeParse(answerJson.value);
  if (!answer.success) {
    return {
      ok: false,
      reason: 'malformed',
      detail: `the answer has the wrong shape: ${describeIssues(answer.error)}`,
    };
  }
  const { facts, invalid } = readFacts(answer.data.facts);
  return {
    ok: true,
    model: completion.data.model,
    ask: cutToWords(firstSentence(answer.data.ask), MAX_SUMMARY_WORDS),
    summary: cutToWords(answer.data.summary, MAX_SUMMARY_WORDS),
    facts,
    invalidFacts: invalid,
  };
}
