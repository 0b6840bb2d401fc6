/**
 * The parts of the brief that are read straight off the input: who the customer is, what the agent
 * tried, why it escalated, how the customer's mood went.
 */
import type { CustomerAttributes, Firing, Priority, Turn } from '../types.ts';
import { analysedText } from '../text.ts';
import { PRIORITIES } from '../types.ts';
import { summariseToolResult } from './facts.ts';
import type { Attempt, BriefCustomer, BriefSentiment, Fact, Reason } from './schema.ts';

/** Replies quoted in the brief: the last few are what the customer last heard. */
const MAX_REPLIES = 6;
const QUOTE_CHARS = 140;
/** A change in frustration between two measured turns that counts as a move. */
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

/**
 * A commitment to the customer: "I'll refund you", "you will receive a replacement within 5 days",
 * "I have opened ticket 88213", "we'll call you back tomorrow" (and the same in es, fr, de, pt).
 */
const PROMISE =
  /(?<![\p{L}])(?:i\s*(?:'ll|will|am\s+going\s+to|have\s+(?:opened|created|issued|sent|escalated|refunded|cancelled|canceled|raised|logged|arranged|scheduled|booked|requested|applied|credited)|'ve\s+(?:opened|created|issued|sent|escalated|refunded|cancelled|canceled|raised|logged|arranged|scheduled|booked|requested|applied|credited))|we\s*(?:'ll|will|are\s+going\s+to|have\s+(?:opened|issued|sent|refunded|arranged|scheduled)|'ve\s+(?:opened|issued|sent|refunded|arranged|scheduled))|you\s*(?:'ll|will)\s+(?:receive|get|have|be\s+(?:refunded|credited|contacted|called))|(?:le|te)\s+(?:enviaré|enviaremos|reembolsaré|llamaremos|llamaré)|voy\s+a|vamos\s+a|je\s+vais|nous\s+allons|vous\s+(?:recevrez|serez)|ich\s+werde|wir\s+werden|sie\s+(?:erhalten|bekommen)|vou|vamos|voc[eê]\s+(?:receber[aá]|ter[aá]))(?![\p{L}])/iu;
/** Sentences that say what cannot be done, or only ask: not commitments. */
const NOT_A_PROMISE =
  /\?\s*$|(?<![\p{L}])(?:can'?t|cannot|unable|not\s+(?:able|allowed|possible)|won'?t\s+be\s+able|let\s+me\s+(?:check|see|look)|i'?ll\s+(?:check|see|look|transfer|connect)|transfer\s+you|connect\s+you)(?![\p{L}])/iu;

/** What the agent tried and promised: every tool call with its outcome, its commitments, and its last replies. */
export function listAttempts(turns: readonly Turn[]): Attempt[] {
  const toolCalls: Attempt[] = [];
  const promises: Attempt[] = [];
  const replies: Attempt[] = [];
  turns.forEach((turn, index) => {
    if (turn.role !== 'agent') return;
    for (const call of turn.toolCalls ?? []) {
      const attempt: Attempt = { turn: index, kind: 'tool_call', tool: call.name, ok: call.ok, quote: '' };
      if (call.error !== undefined) attempt.error = shortQuote(call.error);
      attempt.quote = call.ok ? summariseToolResult(call.result) : (attempt.error ?? 'failed');
      toolCalls.push(attempt);
    }
    for (const sentence of analysedText(turn.text).split(/(?<=[.!?])\s+|\n+/)) {
      if (PROMISE.test(sentence) && !NOT_A_PROMISE.test(sentence))
        promises.push({ turn: index, kind: 'promise', quote: shortQuote(sentence) });
    }
    const quote = shortQuote(turn.text);
    if (quote && !replies.some((reply) => reply.quote === quote))
      replies.push({ turn: index, kind: 'reply', quote });
  });
  return [...toolCalls, ...promises, ...replies.slice(-MAX_REPLIES)].sort(
    (left, right) => left.turn - right.turn,
  );
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

function formatScore(score: number): string {
  return String(Math.round(score * 100) / 100);
}

/** The largest change between two consecutive scored turns in one direction (up for rising, down for falling). */
function sharpestMove(
  scores: readonly { turn: number; frustration: number }[],
  direction: 1 | -1,
): { turn: number; from: number; to: number } | null {
  let best: { turn: number; from: number; to: number } | null = null;
  for (let index = 1; index < scores.length; index++) {
    const previous = scores[index - 1]!;
    const current = scores[index]!;
    const change = (current.frustration - previous.frustration) * direction;
    if (change > TREND_THRESHOLD && (!best || change > (best.to - best.from) * direction))
      best = { turn: current.turn, from: previous.frustration, to: current.frustration };
  }
  return best;
}

/**
 * The customer's frustration per turn, its direction from the first measured turn to the latest,
 * the turn that moved it most, and one sentence that says all of it, so every reader of the brief
 * states the same thing.
 */
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
  const first = scores[0];
  const last = scores.at(-1);
  if (!first || !last)
    return { scores, latest: null, trend: 'unknown', peak: null, movedAt: null, text: 'Not measured.' };
  const peak = scores.reduce((high, score) => (score.frustration > high.frustration ? score : high), first);
  if (scores.length === 1) {
    return {
      scores,
      latest: last.frustration,
      trend: 'steady',
      peak,
      movedAt: null,
      text: `Frustration ${formatScore(last.frustration)} at turn ${last.turn} (measured once), on a 0–1 scale.`,
    };
  }
  const change = last.frustration - first.frustration;
  const trend = change > TREND_THRESHOLD ? 'worsening' : change < -TREND_THRESHOLD ? 'improving' : 'steady';
  const moved = trend === 'steady' ? null : sharpestMove(scores, trend === 'worsening' ? 1 : -1);
  const span = `${formatScore(first.frustration)} at turn ${first.turn} to ${formatScore(last.frustration)} at turn ${last.turn}`;
  let text: string;
  if (trend === 'steady') {
    text = `Frustration steady, ${span}`;
    if (peak.frustration - Math.max(first.frustration, last.frustration) > TREND_THRESHOLD)
      text += `, with a peak of ${formatScore(peak.frustration)} at turn ${peak.turn}`;
  } else {
    text = `Frustration ${trend === 'worsening' ? 'rose' : 'fell'} from ${span}`;
    if (moved)
      text += `; it moved most at turn ${moved.turn} (${formatScore(moved.from)} → ${formatScore(moved.to)})`;
  }
  return {
    scores,
    latest: last.frustration,
    trend,
    peak,
    movedAt: moved ? moved.turn : null,
    text: `${text}, on a 0–1 scale.`,
  };
}
