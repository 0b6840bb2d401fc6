/**
 * Discovery of candidate triggers: the terms (word n-grams of 1 to 3 words, tool errors, topic
 * labels) over-represented in the conversations that ended badly without a handoff (the misses),
 * compared with every other conversation.
 *
 * Counts are per conversation (a term said five times in one conversation counts once), so one
 * long conversation cannot dominate. The score is the log odds ratio of a conversation containing
 * the term, misses against the rest, smoothed by a prior proportional to the term's overall rate
 * (after Monroe, Colaresi and Quinn, "Fightin' Words", 2008), divided by its standard error: a
 * z-score that ranks a term said by 30 of 40 misses above one said by 2 of 2.
 */
import { viewText } from '../text.ts';

/** Words too common to make a phrase on their own; an n-gram made only of them is skipped. */
const STOPWORDS = new Set(
  (
    'a an the and or but if of to in on at by for with from as is are was were be been being am do does did ' +
    'i me my we our you your he she it its they them their this that these those there here so than then ' +
    'have has had will would can could should shall may might must not no yes ok okay just also very too ' +
    'what which who whom when where why how all any some each more most other such only own same s t ' +
    "i'm it's that's don't i'd i'll you're let's what's there's can't"
  ).split(' '),
);

/** The distinct terms of one turn: its n-grams (prefixed by the role that said them). */
export function termsOfText(text: string, role: string, maxWords = 3): string[] {
  const words = viewText(text).words;
  const terms = new Set<string>();
  for (let size = 1; size <= maxWords; size++) {
    for (let start = 0; start + size <= words.length; start++) {
      const gram = words.slice(start, start + size);
      if (gram.every((word) => STOPWORDS.has(word) || /^\d+$/.test(word))) continue;
      terms.add(`${role}: ${gram.join(' ')}`);
    }
  }
  return [...terms];
}

export interface TermScore {
  term: string;
  /** Misses that contain the term. */
  inTarget: number;
  /** Other conversations that contain the term. */
  inRest: number;
  /** Log odds ratio, misses against the rest (with the prior). */
  logOdds: number;
  /** The log odds ratio over its standard error. */
  z: number;
}

/** Per-conversation term counts for two groups, with a cap on distinct terms to bound memory. */
export class TermCounts {
  readonly target = new Map<string, number>();
  readonly rest = new Map<string, number>();
  targetConversations = 0;
  restConversations = 0;
  /** Terms dropped by pruning (the counts are then approximate for rare terms). */
  pruned = 0;

  constructor(private readonly maxTerms = 300_000) {}

  /** Adds one conversation's distinct terms to its group. */
  add(terms: Iterable<string>, inTarget: boolean): void {
    const counts = inTarget ? this.target : this.rest;
    if (inTarget) this.targetConversations += 1;
    else this.restConversations += 1;
    for (const term of new Set(terms)) counts.set(term, (counts.get(term) ?? 0) + 1);
    if (this.target.size + this.rest.size > this.maxTerms) this.prune();
  }

  /** Drops the terms seen in one conversation only, the long tail no candidate comes from. */
  private prune(): void {
    for (const counts of [this.target, this.rest]) {
      for (const [term, count] of counts) {
        if (count <= 1) {
          counts.delete(term);
          this.pruned += 1;
        }
      }
    }
  }
}

/**
 * Ranks the terms most over-represented among the misses. `prior` is the weight, in
 * conversations, of the smoothing towards the term's overall rate; `minTarget` the fewest misses a
 * term must appear in to be a candidate.
 */
export function rankTerms(
  counts: TermCounts,
  options: { prior?: number; minTarget?: number; limit?: number } = {},
): TermScore[] {
  const prior = options.prior ?? 10;
  const minTarget = options.minTarget ?? 3;
  const limit = options.limit ?? 20;
  const targetTotal = counts.targetConversations;
  const restTotal = counts.restConversations;
  const all = targetTotal + restTotal;
  if (targetTotal === 0 || all === 0) return [];
  const scores: TermScore[] = [];
  for (const [term, inTarget] of counts.target) {
    if (inTarget < minTarget) continue;
    const inRest = counts.rest.get(term) ?? 0;
    const rate = (inTarget + inRest) / all;
    // Half a conversation at least on each side (Haldane's correction), so a term found in every
    // conversation, or in none of a group, still has a finite score.
    const alpha = Math.max(prior * rate, 0.5);
    const beta = Math.max(prior * (1 - rate), 0.5);
    const targetWith = inTarget + alpha;
    const targetWithout = targetTotal - inTarget + beta;
    const restWith = inRest + alpha;
    const restWithout = restTotal - inRest + beta;
    const logOdds = Math.log(targetWith / targetWithout) - Math.log(restWith / restWithout);
    const variance = 1 / targetWith + 1 / targetWithout + 1 / restWith + 1 / restWithout;
    const z = logOdds / Math.sqrt(variance);
    if (Number.isFinite(z)) scores.push({ term, inTarget, inRest, logOdds, z });
  }
  // Among equal scores the longer phrase first: it reads better and says more.
  scores.sort(
    (left, right) =>
      right.z - left.z || wordCount(right.term) - wordCount(left.term) || left.term.localeCompare(right.term),
  );
  // "don't like" and "i don't like" are one candidate, and so are pieces of one sentence that always
  // come together (the same counts, and a word in common or counts too large to match by chance).
  const kept: TermScore[] = [];
  for (const score of scores) {
    if (kept.length >= limit) break;
    if (score.z <= 0) break;
    const redundant = kept.some(
      (other) =>
        containsPhrase(other.term, score.term) ||
        containsPhrase(score.term, other.term) ||
        (other.inTarget === score.inTarget &&
          other.inRest === score.inRest &&
          (score.inTarget + score.inRest >= 20 || shareWord(other.term, score.term))),
    );
    if (!redundant) kept.push(score);
  }
  return kept;
}

function wordCount(term: string): number {
  return term.split(' ').length;
}

function contentWords(term: string): string[] {
  return term
    .slice(term.indexOf(': ') + 2)
    .split(' ')
    .filter((word) => !STOPWORDS.has(word));
}

function shareWord(left: string, right: string): boolean {
  const words = new Set(contentWords(left));
  return contentWords(right).some((word) => words.has(word));
}

function containsPhrase(longer: string, shorter: string): boolean {
  const [roleLong, ...wordsLong] = longer.split(': ');
  const [roleShort, ...wordsShort] = shorter.split(': ');
  if (roleLong !== roleShort) return false;
  return ` ${wordsLong.join(': ')} `.includes(` ${wordsShort.join(': ')} `);
}
