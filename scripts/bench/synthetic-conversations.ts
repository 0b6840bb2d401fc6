/**
 * A replay file of synthetic conversations for the benchmarks that stream a million turns: ten
 * turns each, customer and agent alternating, agent confidences spread over 0..1.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

const TEXTS = [
  'Hi, my order 4471-983 has not arrived yet and it was due last Friday.',
  'Let me check that order for you.',
  'I was charged twice for the same item, $129.99 each time.',
  "I'm not sure I understood. Could you rephrase?",
  'this is useless, get me a real person!!!',
  'The package is with the courier and should arrive on Friday.',
];

/** Writes at least `turns` turns to `path` (with `outcome.shouldEscalate` on every third when asked); returns the count. */
export async function writeSyntheticConversations(
  path: string,
  turns: number,
  options: { withOutcomes?: boolean } = {},
): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  for (let conversation = 0; written < turns; conversation++) {
    const conversationTurns = Array.from({ length: 10 }, (_, index) => ({
      role: index % 2 === 0 ? 'customer' : 'agent',
      text: TEXTS[(conversation + index) % TEXTS.length],
      ...(index % 2 === 1 ? { confidence: ((conversation * 7 + index) % 100) / 100 } : {}),
    }));
    written += conversationTurns.length;
    const line = JSON.stringify({
      id: `c${conversation}`,
      turns: conversationTurns,
      ...(options.withOutcomes ? { outcome: { shouldEscalate: conversation % 3 === 0 } } : {}),
    });
    if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return written;
}

/** The lines of a file, streamed. */
export function readLines(path: string) {
  return createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
}
