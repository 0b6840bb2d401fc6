/** Synthetic conversations in the replay format, with known answers, for the backtest tests. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../../engine/src/calibration/index.ts';
import type { ReplayConversation } from '../../src/replay/replay-format.ts';

export const CUSTOMER = [
  'Hi, I would like to change the delivery address for my parcel.',
  'It should go to my office on Baker Street instead.',
  'The postcode there is NW1 6XE.',
  'Great, thank you for sorting that out.',
];
export const AGENT = [
  'Of course, I can help you with the delivery address.',
  'Which address should the parcel go to now?',
  'I have noted the office on Baker Street as the new address.',
  'Everything is updated and you will get a confirmation email.',
];

type Turn = ReplayConversation['turns'][number];

/** Four customer/agent exchanges; `agent(index)` adds fields to the agent turns. */
export function exchange(
  agent: (index: number) => Partial<Turn> = () => ({}),
  customer: (index: number) => string = (index) => CUSTOMER[index]!,
): Turn[] {
  return CUSTOMER.flatMap((_, index) => [
    { role: 'customer' as const, text: customer(index) },
    { role: 'agent' as const, text: AGENT[index]!, ...agent(index) },
  ]);
}

/** Warranted conversations have two agent turns in a row under 0.42 confidence; the others never do. */
export function confidenceConversations(count: number, seed: number): ReplayConversation[] {
  const random = seededRandom(seed);
  const between = (low: number, high: number): number =>
    Math.round((low + random() * (high - low)) * 1000) / 1000;
  return Array.from({ length: count }, (_, index) => {
    const warranted = random() < 0.3;
    const dip = Math.floor(random() * 3);
    const near = random() < 0.5;
    const turns = exchange((turn) => {
      const inDip = turn === dip || turn === dip + 1;
      if (warranted && inDip) return { confidence: between(0.15, 0.419) };
      if (!warranted && near && inDip) return { confidence: between(0.42, 0.5) };
      return { confidence: between(0.42, 0.99) };
    });
    return { id: `synthetic-${index}`, turns, outcome: { shouldEscalate: warranted } };
  });
}

/** A temporary folder with the given files written in it. */
export async function folderWith(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'baton-backtest-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(folder, name), text);
  return folder;
}

/** JSON lines of conversations. */
export function jsonLines(conversations: readonly ReplayConversation[]): string {
  return `${conversations.map((conversation) => JSON.stringify(conversation)).join('\n')}\n`;
}

/** A line source over strings, for the two-pass functions. */
export function linesOf(text: string): () => Promise<AsyncIterable<string>> {
  return async () =>
    (async function* () {
      yield* text.split('\n');
    })();
}
