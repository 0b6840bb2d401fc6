/**
 * What the frustration signal remembers of a conversation between turns: how the agent's last turn
 * went (an apology or failure, a proposal, a repeat of itself), how many of its turns in a row
 * failed, how often in a row the customer refused what it proposed, and fingerprints of the
 * customer's recent requests and of proposals already refused. Numbers and SimHashes only, no text.
 */
import type { TextView } from '../text.ts';
import { fingerprint, similarity } from './similarity.ts';

/** Flags of the agent's last turn. */
export const AGENT_APOLOGY = 1;
export const AGENT_FAILURE = 2;
export const AGENT_PROPOSAL = 4;
export const AGENT_REPEAT = 8;
/** The agent proposes again what the customer already refused. */
export const AGENT_REPROPOSAL = 16;

export interface FrustrationContext {
  /** Flags of the agent's last turn (AGENT_*), 0 before any. */
  agent: number;
  /** Agent turns in a row that apologised or failed. */
  failures: number;
  /** Customer turns in a row that refused or corrected what the agent proposed. */
  refusals: number;
  /** Fingerprint of the agent's last proposal ('' if its last turn proposed nothing). */
  proposal: string;
  /** Fingerprints of the last few proposals the customer refused. */
  refused: string[];
  /** Fingerprints of the customer's last few requests (turns of three words or more). */
  asked: string[];
  /** Fingerprints of the agent's last few turns. */
  said: string[];
  /** 1 when the customer's last turn was written in capitals: then capitals are a habit, not a shout. */
  capitals?: number;
}

/** How many fingerprints of each kind are kept. */
export const CONTEXT_WINDOW = 3;
/** Two fingerprints this similar are the same text said again. */
export const SAME_TEXT = 0.75;

/** The context before the first turn. */
export function initialFrustrationContext(): FrustrationContext {
  return { agent: 0, failures: 0, refusals: 0, proposal: '', refused: [], asked: [], said: [] };
}

const APOLOGY = /\b(?:sorry|apologi[sz]e|unfortunately|regret)\b/;
const FAILURE =
  /\b(?:couldn'?t|could not|can'?t|cannot|unable|not able|failed|fail|didn'?t go through|did not go through|no (?:results?|matches|availability)|nothing (?:matches|found)|not (?:available|find|found)|don'?t (?:know|understand)|do not (?:know|understand)|not sure)\b/;
/** The agent puts an option or a reading of the request to the customer. */
const PROPOSAL =
  /\b(?:would you like|do you want|shall i|should i|how about|what about|please confirm|confirm|is that (?:right|correct)|sound good|have you seen|i (?:found|recommend|suggest|would suggest|'d suggest)|you (?:might|may|would|should) (?:like|enjoy|try|watch)|there is|there are|is this)\b/;

/** The highest similarity of a fingerprint to a list of them (0 for an empty list). */
export function closest(print: string, prints: readonly string[]): number {
  let best = 0;
  for (const other of prints) best = Math.max(best, similarity(print, other));
  return best;
}

/** Takes the agent's turn into the context: its flags, its failure streak, its fingerprint. */
export function observeAgentTurn(context: FrustrationContext, view: TextView): FrustrationContext {
  const print = view.words.length === 0 ? '' : fingerprint(view.words);
  let flags = 0;
  if (APOLOGY.test(view.lower)) flags |= AGENT_APOLOGY;
  if (FAILURE.test(view.lower)) flags |= AGENT_FAILURE;
  const proposal = PROPOSAL.test(view.lower) || view.lower.endsWith('?');
  if (proposal) flags |= AGENT_PROPOSAL;
  if (print !== '' && closest(print, context.said) >= SAME_TEXT) flags |= AGENT_REPEAT;
  if (proposal && print !== '' && closest(print, context.refused) >= SAME_TEXT) flags |= AGENT_REPROPOSAL;
  const failed = (flags & (AGENT_APOLOGY | AGENT_FAILURE)) !== 0;
  return {
    ...context,
    agent: flags,
    failures: failed ? context.failures + 1 : 0,
    proposal: proposal ? print : '',
    said: print === '' ? context.said : [...context.said, print].slice(-CONTEXT_WINDOW),
  };
}
