/**
 * The high_stakes signal: topics where a wrong answer from the agent costs money, safety or trust
 * (refunds, fraud, legal threats, self-harm, ...), amounts over the policy's threshold, and agent
 * tools that need an operator's approval.
 *
 * Amounts in another currency than the policy's are compared by face value: no exchange rates ship
 * with the engine (they go stale), and over-flagging ¥5,000 is a cheaper mistake than missing
 * €5,000. A policy that cares sets its threshold in the currency its customers use.
 */
import type { TextView } from '../text.ts';
import type { Money, SignalReading, Turn } from '../types.ts';
import { parseAmounts } from './amounts.ts';
import { HIGH_STAKES_EXCLUSIONS, HIGH_STAKES_PHRASES, HIGH_STAKES_TOPICS } from './lexicon-high-stakes.ts';
import { amountIsCriterion, asksAboutRule, mentionIsRule, RULE_TOPICS } from './high-stakes-rules.ts';
import { compilePhrases, matchPhrases } from './lexicon-matcher.ts';
import type { PhraseMatcher } from './lexicon-matcher.ts';

export { HIGH_STAKES_TOPICS };
export type { HighStakesTopic } from './lexicon-high-stakes.ts';

export interface HighStakesOptions {
  /** Phrases per topic id: added to a built-in topic, or defining a new one. */
  topics?: Record<string, string[]>;
  /** Amounts strictly above this, in `currency`, label the turn `amount`. */
  amountThreshold?: number;
  /** ISO 4217 code of the threshold, and of `turn.amount` when it is a bare number. */
  currency?: string;
  /** Agent tool names whose calls need an operator's yes or no. */
  approvalTools?: string[];
}

interface TopicTag {
  topic: string;
  exclusion: boolean;
}

const MAX_EVIDENCE = 12;

/** The score of a turn that only asks about a rule (a refund policy, a cancellation fee). */
export const INQUIRY_SCORE = 0.5;

function* lexiconEntries(extraTopics: Record<string, string[]>): Generator<readonly [string, TopicTag]> {
  for (const topic of HIGH_STAKES_TOPICS) {
    for (const phrase of HIGH_STAKES_PHRASES[topic]) yield [phrase, { topic, exclusion: false }];
    for (const phrase of HIGH_STAKES_EXCLUSIONS[topic] ?? []) yield [phrase, { topic, exclusion: true }];
  }
  for (const [topic, phrases] of Object.entries(extraTopics)) {
    if (!Array.isArray(phrases)) continue;
    for (const phrase of phrases) {
      if (typeof phrase === 'string') yield [phrase, { topic, exclusion: false }];
    }
  }
}

const BUILT_IN_MATCHER = compilePhrases(lexiconEntries({}));

interface TopicMention {
  /** The words of the first mention, for the evidence. */
  text: string;
  /** Whether every mention of the topic names a rule ("refund policy", "refundable"). */
  allRules: boolean;
}

/** The topics named in the words, with the words that named them; idioms in the exclusions are dropped. */
function findTopics(matcher: PhraseMatcher<TopicTag>, words: readonly string[]): Map<string, TopicMention> {
  const matches = matchPhrases(matcher, words);
  const exclusions = matches.filter((match) => match.tag.exclusion);
  const found = new Map<string, TopicMention>();
  for (const match of matches) {
    if (match.tag.exclusion) continue;
    const excluded = exclusions.some(
      (exclusion) =>
        exclusion.tag.topic === match.tag.topic && exclusion.start < match.end && match.start < exclusion.end,
    );
    if (excluded) continue;
    const rule = RULE_TOPICS.has(match.tag.topic) && mentionIsRule(words, match.start, match.end);
    const known = found.get(match.tag.topic);
    if (known === undefined) found.set(match.tag.topic, { text: match.text, allRules: rule });
    else if (!rule) known.allRules = false;
  }
  return found;
}

function turnAmount(amount: number | Money | undefined, currency: string | undefined): Money | undefined {
  if (typeof amount === 'number') return Number.isFinite(amount) ? { value: amount, currency } : undefined;
  if (amount !== undefined && typeof amount.value === 'number' && Number.isFinite(amount.value))
    return amount;
  return undefined;
}

function formatMoney(money: Money): string {
  return money.currency === undefined ? String(money.value) : `${money.value} ${money.currency}`;
}

/** Compiles the policy's high-stakes options into the signal: topics, large amounts, approval tools. */
export function compileHighStakes(options: HighStakesOptions): (view: TextView, turn: Turn) => SignalReading {
  const extraTopics = options.topics ?? {};
  const matcher =
    Object.keys(extraTopics).length === 0 ? BUILT_IN_MATCHER : compilePhrases(lexiconEntries(extraTopics));
  const knownTopics = new Set<string>([...HIGH_STAKES_TOPICS, ...Object.keys(extraTopics)]);
  // Labels come in one fixed order (built-in topics first), whatever the order of the words.
  const topicRank = new Map([...knownTopics].map((topic, rank) => [topic, rank]));
  const byRank = (a: [string, unknown], b: [string, unknown]): number =>
    (topicRank.get(a[0]) ?? 0) - (topicRank.get(b[0]) ?? 0);
  const approvalTools = new Set(options.approvalTools ?? []);
  const threshold = options.amountThreshold;

  return (view, turn) => {
    const labels: string[] = [];
    const evidence: string[] = [];
    const topics = findTopics(matcher, view.words);
    for (const [topic, mention] of [...topics].sort(byRank)) {
      labels.push(topic);
      evidence.push(`${topic}: "${mention.text}"`);
    }
    for (const label of [...(turn.topics ?? []), ...(turn.intent === undefined ? [] : [turn.intent])]) {
      if (knownTopics.has(label) && !labels.includes(label)) {
        labels.push(label);
        evidence.push(`${label}: agent label`);
      }
    }
    // Only topics read from the words can be a question about a rule; an agent's label is an act.
    const inquiry =
      labels.length > 0 &&
      labels.every((label) => RULE_TOPICS.has(label) && topics.has(label)) &&
      ([...topics.values()].every((mention) => mention.allRules) || asksAboutRule(view));
    const topicCount = labels.length;

    let largest: Money | undefined;
    let largestText = '';
    for (const amount of parseAmounts(view.raw)) {
      if (amountIsCriterion(view.raw, amount.index, amount.text)) continue;
      if (largest === undefined || amount.value > largest.value) {
        largest = { value: amount.value, currency: amount.currency ?? options.currency };
        largestText = `"${amount.text}"`;
      }
    }
    const given = turnAmount(turn.amount, options.currency);
    if (given !== undefined && (largest === undefined || given.value > largest.value)) {
      largest = given;
      largestText = `turn amount ${formatMoney(given)}`;
    }
    if (largest !== undefined && threshold !== undefined && largest.value > threshold) {
      labels.push('amount');
      const over = `over ${threshold}${options.currency === undefined ? '' : ` ${options.currency}`}`;
      evidence.push(`amount: ${largestText} ${over}`);
    }

    const approvalCalls = (turn.toolCalls ?? []).filter((call) => approvalTools.has(call.name));
    if (approvalCalls.length > 0) {
      labels.push('approval_tool');
      for (const call of approvalCalls) evidence.push(`approval_tool: ${call.name}`);
    }

    // A question about a rule, and nothing else at stake, scores half: a policy can still act on it.
    const atStake = labels.length > topicCount || !inquiry;
    return {
      score: labels.length === 0 ? 0 : atStake ? 1 : INQUIRY_SCORE,
      values: {
        topics: topicCount,
        inquiry: inquiry ? 1 : 0,
        amount: largest?.value ?? 0,
        selfHarm: labels.includes('self_harm') ? 1 : 0,
        approval: approvalCalls.length > 0 ? 1 : 0,
      },
      labels,
      evidence: evidence.slice(0, MAX_EVIDENCE),
    };
  };
}
