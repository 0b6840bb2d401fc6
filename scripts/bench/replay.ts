/**
 * Replay throughput and memory on a million turns streamed from a file, beside a baseline measured
 * in the same run: reading and JSON-parsing the same lines without deciding anything.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { compilePolicy, defaultPolicy } from '@baton/engine';
import { replayLines } from '../../packages/server/src/replay/replay.ts';

const TURNS = Number(process.env.BATON_BENCH_REPLAY_TURNS ?? 1_000_000);
const TEXTS = [
  'Hi, my order 4471-983 has not arrived yet and it was due last Friday.',
  'Let me check that order for you.',
  'I was charged twice for the same item, $129.99 each time.',
  "I'm not sure I understood. Could you rephrase?",
  'this is useless, get me a real person!!!',
  'The package is with the courier and should arrive on Friday.',
];

async function writeFile(path: string): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let conversation = 0;
  while (written < TURNS) {
    const turns = [];
    for (let index = 0; index < 10; index++) {
      turns.push({
        role: index % 2 === 0 ? 'customer' : 'agent',
        text: TEXTS[(conversation + index) % TEXTS.length],
        ...(index % 2 === 1 ? { confidence: ((conversation * 7 + index) % 100) / 100 } : {}),
      });
    }
    written += turns.length;
    if (!out.write(`${JSON.stringify({ id: `c${conversation++}`, turns })}\n`)) {
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return written;
}

function lines(path: string) {
  return createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
}

export default async function bench(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'baton-bench-replay-'));
  const path = join(folder, 'turns.jsonl');
  try {
    const turns = await writeFile(path);
    const policy = compilePolicy(defaultPolicy);

    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const startRss = process.memoryUsage().rss;

    const baselineStart = performance.now();
    let parsed = 0;
    for await (const line of lines(path)) parsed += (JSON.parse(line) as { turns: unknown[] }).turns.length;
    const baselineMs = performance.now() - baselineStart;

    peakRss = 0;
    const replayStart = performance.now();
    let replayed = 0;
    for await (const outcome of replayLines(lines(path), policy)) {
      if (outcome.kind === 'result') replayed += outcome.conversation.turns.length;
    }
    const replayMs = performance.now() - replayStart;
    clearInterval(sampler);

    const throughput = replayed / (replayMs / 1000);
    const baseline = parsed / (baselineMs / 1000);
    return [
      `replay (${turns.toLocaleString('en')} turns streamed from a JSON Lines file, default policy)`,
      `  throughput      ${Math.round(throughput).toLocaleString('en')} turns/s in ${(replayMs / 1000).toFixed(1)} s`,
      `  memory          peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB during replay (process started the run at ${(startRss / 2 ** 20).toFixed(0)} MiB)`,
      `  baseline        read + JSON.parse only: ${Math.round(baseline).toLocaleString('en')} turns/s; replay/baseline ratio ${(throughput / baseline).toFixed(3)}`,
    ].join('\n');
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await bench());
