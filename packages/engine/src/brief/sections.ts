/**
 * The parts of the brief that are read straight off the input: who the customer is, what the agent
 * tried, why it escalated, how the customer's mood went.
 */
import type { CustomerAttributes, Firing, Priority, Turn } from '../types.ts';
import { PRIORITIES } from '../types.ts';
import { summariseToolResult } from './facts.ts';
import type { Attempt, BriefCustomer, BriefSentiment, Fact, Reason } from './schema.ts';

/** Replies quoted in the brief: the last few are what the customer last heard. */
const MAX_REPLIES = 6;
const QUOTE_CHARS = 140;
/** A change in mean frustration between the first and second half of the scored turns that counts as a trend. */
const TREND_THRESHOLD = 0.1;

/** Cuts a text to a short quote on a word boundary. */
export function shortQuote(text: string, limit = QUOTE_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= limit) return flat;
  const cut = flat.slice(0, limit - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > limit / 2 ? cut.slice(0, space) : cut}…`;
}

/** Who the customer is: attributes given in the input and on turns (latest wins), completed from the facts. */
export function describeCustomer(
  base: CustomerAttributes | undefined,
  turns: readonly Turn[],
  facts: readonly Fact[],
): BriefCustomer {
  const merged: CustomerAttributes = { ...base };
  for (const turn of turns) if (turn.customer) Object.assign(merged, turn.customer);
  const latest = (type: Fact['type']) =>
    facts.findLast((fact) => fact.type === type && !fact.superseded)?.value;
  const customer: BriefCustomer = {};
  const id = merged.id ?? undefined;
  // A name as the customer wrote it ("Jane Doe"), not the lowercased value used for matching.
  const name =
    merged.name ??
    facts.findLast((fact) => fact.type === 'person_name' && fact.self && !fact.superseded)?.text;
  const email = merged.email ?? latest('email');
  const phone = merged.phone ?? latest('phone');
  if (typeof id === 'string') customer.id = id;
  if (typeof name === 'string') customer.name = name;
  if (typeof email === 'string') customer.email = email;
  if (typeof phone === 'string') customer.phone = phone;
  if (typeof merged.tier === 'string') customer.tier = merged.tier;
  if (typeof merged.language === 'string') customer.language = merged.language;
  if (typeof merged.verified === 'boolean') customer.verified = merged.verified;
  return customer;
}

/** What the agent tried: every tool call with its outcome, and its last replies to the customer. */
export function listAttempts(turns: readonly Turn[]): Attempt[] {
  const toolCalls: Attempt[] = [];
  const replies: Attempt[] = [];
  turns.forEach((turn, index) => {
    if (turn.role !== 'agent') return;
    for (const call of turn.toolCalls ?? []) {
      const attempt: Attempt = { turn: index, kind: 'tool_call', tool: call.name, ok: call.ok, quote: '' };
      if (call.error !== undefined) attempt.error = shortQuote(call.error);
      attempt.quote = call.ok ? summariseToolResult(call.result) : (attempt.error ?? 'failed');
      toolCalls.push(attempt);
    }
    const quote = shortQuote(turn.text);
    if (quote && !replies.some((reply) => reply.quote === quote))
      replies.push({ turn: index, kind: 'reply', quote });
  });
  return [...toolCalls, ...replies.slice(-MAX_REPLIES)].sort((left, right) => left.turn - right.turn);
}

function priorityRank(priority: Priority): number {
  return PRIORITIES.indexOf(priority);
}

/** Why it escalated: enforced firings, one per trigger with their evidence merged, most urgent first. */
export function listReasons(firings: readonly Firing[]): Reason[] {
  const byTrigger = new Map<string, Reason>();
  for (const firing of firings) {
    if (firing.shadow) continue;
    const existing = byTrigger.get(firing.trigger);
    if (existing) {
      for (const evidence of firing.evidence)
        if (!existing.evidence.includes(evidence)) existing.evidence.push(evidence);
      if (priorityRank(firing.priority) > priorityRank(existing.priority))
        existing.priority = firing.priority;
      continue;
    }
    const { trigger, signal, action, priority, queue } = firing;
    byTrigger.set(trigger, { trigger, signal, action, priority, queue, evidence: [...firing.evidence] });
  }
  return [...byTrigger.values()].sort(
    (left, right) => priorityRank(right.priority) - priorityRank(left.priority),
  );
}

/** The highest priority among the reasons; `normal` when there are none. */
export function highestPriority(reasons: readonly Reason[]): Priority {
  return reasons.reduce<Priority>(
    (highest, reason) => (priorityRank(reason.priority) > priorityRank(highest) ? reason.priority : highest),
    reasons.length > 0 ? 'low' : 'normal',
  );
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The customer's frustration per turn and its direction: the mean of the later half against the earlier half. */
export function describeSentiment(
  turns: readonly Turn[],
  frustration: readonly (number | null)[] | undefined,
): BriefSentiment {
  const scores: { turn: number; frustration: number }[] = [];
  turns.forEach((turn, index) => {
    const score = frustration?.[index];
    if (turn.role === 'customer' && typeof score === 'number' && Number.isFinite(score)) {
      scores.push({ turn: index, frustration: Math.round(score * 1000) / 1000 });
    }
  });
  const latest = scores.at(-1)?.frustration ?? null;
  if (scores.length < 2) return { scores, latest, trend: scores.length === 0 ? 'unknown' : 'steady' };
  const values = scores.map((score) => score.frustration);
  const half = Math.floor(values.length / 2);
  const change = mean(values.slice(values.length - half)) - mean(values.slice(0, half));
  const trend = change > TREND_THRESHOLD ? 'worsening' : change < -TREND_THRESHOLD ? 'improving' : 'steady';
  return { scores, latest, trend };
}
