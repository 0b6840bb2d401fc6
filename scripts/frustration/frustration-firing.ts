/**
 * How often the policy's frustration triggers fire on whole conversations: every turn goes through
 * `decide`, as in production, and a conversation counts once if any enforced trigger over the
 * frustration signal fired on one of its turns. Also reads the ordinary conversations that went
 * fine (../shared/data/dialogues) as plain turn lists.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decide } from '../../packages/engine/src/decide.ts';
import type { CompiledPolicy } from '../../packages/engine/src/policy/compile-policy.ts';
import { initialState } from '../../packages/engine/src/state.ts';
import type { PlainTurn } from './uss-turns.ts';

/** The ordinary dialogue corpora: folder, file, and the field holding the turns. */
const DIALOGUE_FILES = [
  ['sgd', 'sgd/sgd_test_sample2000.jsonl'],
  ['taskmaster4', 'taskmaster4/tm4_coffee_sample2000.jsonl'],
  ['multidogo', 'multidogo/multidogo_test_customer_turns.jsonl'],
  ['crosswoz-zh', 'crosswoz-zh/crosswoz_val_test.jsonl'],
  ['multiwoz-zh', 'multiwoz-zh/multiwoz_zh_human_val.jsonl'],
] as const;

interface DialogueLine {
  turns?: { speaker: string; text: string }[];
  customer_turns?: { speaker: string; text: string }[];
}

/** Reads the ordinary dialogue corpora; user or customer turns become customer turns, the rest agent turns. */
export function readOrdinaryDialogues(dataDir: string): { corpus: string; conversations: PlainTurn[][] }[] {
  return DIALOGUE_FILES.map(([corpus, file]) => ({
    corpus,
    conversations: readFileSync(join(dataDir, 'dialogues', file), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const parsed = JSON.parse(line) as DialogueLine;
        return (parsed.turns ?? parsed.customer_turns ?? []).map((turn): PlainTurn => ({
          role: turn.speaker === 'user' || turn.speaker === 'customer' ? 'customer' : 'agent',
          text: turn.text,
        }));
      }),
  }));
}

/** Whether an enforced trigger over the frustration signal fires on some turn of the conversation. */
export function frustrationFires(policy: CompiledPolicy, turns: readonly PlainTurn[]): boolean {
  let state = initialState();
  let at = Date.UTC(2026, 0, 1);
  for (const turn of turns) {
    at += 30_000;
    const result = decide(state, { ...turn, at: new Date(at).toISOString() }, policy);
    state = result.state;
    if (result.decision.firings.some((firing) => firing.signal === 'frustration' && !firing.shadow))
      return true;
  }
  return false;
}

/** The share of conversations on which the frustration triggers fire, with the counts. */
export function firingRate(
  policy: CompiledPolicy,
  conversations: readonly (readonly PlainTurn[])[],
): { fired: number; total: number; rate: number } {
  const fired = conversations.filter((turns) => frustrationFires(policy, turns)).length;
  return {
    fired,
    total: conversations.length,
    rate: conversations.length === 0 ? 0 : fired / conversations.length,
  };
}

/** The highest frustration score over the customer turns of a conversation, as `decide` measures it. */
export function highestFrustration(policy: CompiledPolicy, turns: readonly PlainTurn[]): number {
  let state = initialState();
  let highest = 0;
  turns.forEach((turn, index) => {
    const result = decide(
      state,
      { ...turn, at: `2026-01-01T00:00:00.${String(index).padStart(3, '0')}Z` },
      policy,
    );
    state = result.state;
    highest = Math.max(highest, result.signals.frustration.score);
  });
  return highest;
}
