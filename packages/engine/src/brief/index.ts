/**
 * The brief: what an operator reads first when a conversation is handed to them. Deterministic and
 * extractive (no model); every text and fact value in it is masked, the full values stay only in
 * the stored turns.
 */
import { parseTimestamp } from './calendar.ts';
import { extractFacts } from './facts.ts';
import { DEFAULT_MASKING_RULES, maskText } from './masking.ts';
import type { MaskingRule } from './masking.ts';
import { customerSentences, findAsk, findOpenQuestions, suggestNextStep, summarise } from './narrative.ts';
import { priorHandoffCount } from './prior-handoffs.ts';
import { BRIEF_SCHEMA_VERSION } from './schema.ts';
import type { Attempt, Brief, BriefCustomer, BriefInput, BriefOptions, Fact, Reason } from './schema.ts';
import {
  describeCustomer,
  describeSentiment,
  highestPriority,
  listAttempts,
  listReasons,
} from './sections.ts';

export * from './schema.ts';
export { DEFAULT_MASKING_RULES, maskText, passesIban, passesLuhn } from './masking.ts';
export type { MaskingRule, MaskingValidator, MaskResult } from './masking.ts';
export { renderBriefMarkdown } from './markdown.ts';
export { priorHandoffCount } from './prior-handoffs.ts';
export { findRepeats } from './repeats.ts';
export type { Repeat } from './repeats.ts';

const DEFAULT_SUMMARY_WORDS = 60;

function maskFact(fact: Fact, rules: readonly MaskingRule[]): Fact {
  const value = maskText(fact.value, rules);
  const text = maskText(fact.text, rules);
  if (value.masked.length === 0 && text.masked.length === 0) return fact;
  const masked: Fact = { ...fact, value: value.text, text: text.text, masked: true };
  delete masked.amount;
  return masked;
}

function maskCustomer(customer: BriefCustomer, rules: readonly MaskingRule[]): BriefCustomer {
  const masked: BriefCustomer = { ...customer };
  for (const key of ['id', 'name', 'email', 'phone'] as const) {
    const value = masked[key];
    if (value !== undefined) masked[key] = maskText(value, rules).text;
  }
  return masked;
}

/** Seconds between two ISO times, or null when either does not parse; never negative. */
function secondsBetween(since: string | undefined, now: string): number | null {
  if (since === undefined) return null;
  const start = parseTimestamp(since);
  const end = parseTimestamp(now);
  if (!start || !end) return null;
  return Math.max(0, Math.round((end.epochMs - start.epochMs) / 1000));
}

/** Builds the brief of a conversation at the moment it is handed to a person. */
export function buildBrief(input: BriefInput, options: BriefOptions = {}): Brief {
  const rules = options.maskingRules ?? DEFAULT_MASKING_RULES;
  const mask = (text: string) => maskText(text, rules).text;
  const dayFirst = options.dayFirst ?? !/^en-US$/i.test(input.customer?.language ?? '');
  const facts = extractFacts(input.turns, { dayFirst }).map((fact) => maskFact(fact, rules));
  const customer = maskCustomer(describeCustomer(input.customer, input.turns, facts), rules);
  const sentences = customerSentences(input.turns).map((sentence) => ({
    ...sentence,
    text: mask(sentence.text),
  }));
  const ask = findAsk(sentences);
  const attempts: Attempt[] = listAttempts(input.turns).map((attempt) => {
    const masked: Attempt = { ...attempt, quote: mask(attempt.quote) };
    if (attempt.error !== undefined) masked.error = mask(attempt.error);
    return masked;
  });
  const reasons: Reason[] = listReasons(input.firings).map((reason) => ({
    ...reason,
    evidence: reason.evidence.map(mask),
  }));
  const sentiment = describeSentiment(input.turns, input.frustration);
  const waitedSeconds = secondsBetween(input.waitingSince, input.now);
  const summary = summarise(
    { customer, ask, facts, attempts, reasons, sentiment, waitedSeconds },
    options.summaryWords ?? DEFAULT_SUMMARY_WORDS,
  );
  return {
    schemaVersion: BRIEF_SCHEMA_VERSION,
    conversationId: input.conversationId,
    turnCount: input.turns.length,
    customer,
    ask,
    summary,
    facts,
    attempts,
    reasons,
    priority: highestPriority(reasons),
    sentiment,
    openQuestions: findOpenQuestions(input.turns, sentences),
    suggestedNextStep: suggestNextStep(ask, facts, reasons, attempts),
    priorHandoffs: priorHandoffCount(input.priorHandoffs ?? 0, input.customer),
    waitingSince: input.waitingSince ?? null,
    waitedSeconds,
  };
}
