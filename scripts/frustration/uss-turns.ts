/**
 * The rated user turns of the User Satisfaction Simulation files (../shared/data/uss-satisfaction,
 * SGD.txt and ReDial.txt), each with the frustration features the engine measures at that point of
 * its dialogue, and the fixed seeded split into a tune part and a held-back part by dialogue.
 * Format: `ROLE\ttext\tact\tratings` per line, a blank line between dialogues, a final
 * `USER\tOVERALL\t\tratings` line per dialogue.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isHeldBack } from '../../packages/engine/src/calibration/seeded-split.ts';
import {
  initialFrustrationContext,
  observeAgentTurn,
} from '../../packages/engine/src/signals/frustration-context.ts';
import {
  extractFeatures,
  type FrustrationFeatures,
} from '../../packages/engine/src/signals/frustration-features.ts';
import { viewText } from '../../packages/engine/src/text.ts';
import type { Turn } from '../../packages/engine/src/types.ts';

export type PlainTurn = Pick<Turn, 'role' | 'text'>;

export const USS_CORPORA = ['SGD', 'ReDial'] as const;
export type UssCorpus = (typeof USS_CORPORA)[number];

/** The split: this seed, and this share of the dialogues held back. */
export const SPLIT_SEED = 20_261_203;
export const HELD_BACK_SHARE = 0.3;

export interface RatedTurn {
  text: string;
  features: FrustrationFeatures;
  /** Share of the raters who gave 1 or 2. */
  lowShare: number;
  /** More than half of the raters gave 1 or 2. */
  low: boolean;
}

export interface RatedDialogue {
  id: string;
  corpus: UssCorpus;
  heldBack: boolean;
  turns: RatedTurn[];
  /** The whole transcript, for replay through the engine. */
  transcript: PlainTurn[];
  /** Most raters rated the whole dialogue 2 or less. */
  lowOverall: boolean;
  /** Most raters rated one of its turns, or the whole, 2 or less. */
  lowAny: boolean;
}

function readRatings(field: string | undefined): number[] {
  return (field ?? '')
    .split(',')
    .map(Number)
    .filter((rating) => Number.isFinite(rating) && rating > 0);
}

const lowShareOf = (ratings: readonly number[]): number =>
  ratings.length === 0 ? 0 : ratings.filter((rating) => rating <= 2).length / ratings.length;

/** Reads one corpus and measures every user turn in its dialogue's context. */
export function readUss(dataDir: string, corpus: UssCorpus): RatedDialogue[] {
  const text = readFileSync(join(dataDir, 'uss-satisfaction', `${corpus}.txt`), 'utf8');
  const dialogues: RatedDialogue[] = [];
  let turns: RatedTurn[] = [];
  let transcript: PlainTurn[] = [];
  let context = initialFrustrationContext();
  let lowOverall = false;
  const close = (): void => {
    if (turns.length > 0 || lowOverall) {
      const id = `${corpus}-${dialogues.length + 1}`;
      dialogues.push({
        id,
        corpus,
        heldBack: isHeldBack(id, SPLIT_SEED, HELD_BACK_SHARE),
        turns,
        transcript,
        lowOverall,
        lowAny: lowOverall || turns.some((turn) => turn.low),
      });
    }
    turns = [];
    transcript = [];
    context = initialFrustrationContext();
    lowOverall = false;
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      close();
      continue;
    }
    const [role, turnText = '', , ratingField] = line.split('\t');
    if (role === 'SYSTEM') {
      transcript.push({ role: 'agent', text: turnText });
      context = observeAgentTurn(context, viewText(turnText));
      continue;
    }
    if (role !== 'USER') continue;
    const ratings = readRatings(ratingField);
    const share = lowShareOf(ratings);
    if (turnText === 'OVERALL') {
      lowOverall = share > 0.5;
      continue;
    }
    transcript.push({ role: 'customer', text: turnText });
    const features = extractFeatures(viewText(turnText), context);
    context = features.context;
    if (ratings.length === 0) continue;
    turns.push({ text: turnText, features, lowShare: share, low: share > 0.5 });
  }
  close();
  return dialogues;
}
