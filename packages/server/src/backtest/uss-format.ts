/**
 * Converts the User Satisfaction Simulation files (../shared/data/uss-satisfaction, SGD.txt and
 * ReDial.txt) into replay conversations with an outcome. The format: one turn per line,
 * `ROLE\ttext\tact\tratings` (ratings on USER lines only, one 1–5 rating per rater, comma
 * separated), a blank line between dialogues, and a final `USER\tOVERALL\t\tratings` line per
 * dialogue. USER turns become customer turns, SYSTEM turns agent turns.
 *
 * The label: a dialogue warranted a person (`shouldEscalate: true`) when most of its raters rated
 * one of its user turns (or the dialogue overall) 2 or less: the moment the user was let down.
 * The overall rating alone is too rare to learn from (13 of the 2,000 SGD and ReDial dialogues
 * average 2 or less). `mean` is the stricter reading, used as a second figure: the mean rating of a
 * user turn (or overall) is 2 or less.
 */
import type { ReplayConversation } from '../replay/replay-format.ts';

/** The rating at or under which a dialogue counts as ending badly (mean over raters). */
export const BAD_RATING = 2;

/** How a panel's ratings of one turn make it "rated 2 or less". */
export type UssLabel = 'majority' | 'mean';

function ratedLow(field: string | undefined, label: UssLabel): boolean {
  const ratings = (field ?? '')
    .split(',')
    .map(Number)
    .filter((rating) => Number.isFinite(rating) && rating > 0);
  if (ratings.length === 0) return false;
  if (label === 'mean')
    return ratings.reduce((sum, rating) => sum + rating, 0) / ratings.length <= BAD_RATING;
  return ratings.filter((rating) => rating <= BAD_RATING).length * 2 > ratings.length;
}

export interface UssConversation extends ReplayConversation {
  outcome: { shouldEscalate: boolean; lowTurns: number; lowOverall: boolean };
}

/** The dialogues of one USS file, each as a replay conversation with its outcome; ids are `prefix-N`. */
export function parseUss(text: string, prefix: string, label: UssLabel = 'majority'): UssConversation[] {
  const conversations: UssConversation[] = [];
  let turns: ReplayConversation['turns'] = [];
  let lowTurns = 0;
  let lowOverall = false;
  const close = (): void => {
    if (turns.length > 0) {
      conversations.push({
        id: `${prefix}-${conversations.length + 1}`,
        turns,
        outcome: { shouldEscalate: lowOverall || lowTurns > 0, lowTurns, lowOverall },
      });
    }
    turns = [];
    lowTurns = 0;
    lowOverall = false;
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      close();
      continue;
    }
    const [role, turnText = '', , ratings] = line.split('\t');
    if (role === 'USER' && turnText === 'OVERALL') {
      lowOverall = ratedLow(ratings, label);
      continue;
    }
    if (role !== 'USER' && role !== 'SYSTEM') continue;
    if (role === 'USER' && ratedLow(ratings, label)) lowTurns += 1;
    turns.push({ role: role === 'USER' ? 'customer' : 'agent', text: turnText });
  }
  close();
  return conversations;
}
