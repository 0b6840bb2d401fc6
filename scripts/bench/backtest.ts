/**
 * Backtest throughput and memory: `baton replay --compare` over a million turns streamed from a
 * file (two policies per conversation), beside a single-policy replay of the same file measured
 * in the same run, and the peak RSS of each, to show the comparison holds counts, not conversations.
 * Run alone: `npx tsx scripts/bench/backtest.ts` (BATON_BENCH_BACKTEST_TURNS to change the size).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { compilePolicy, defaultPolicy } from '@baton/engine';
import { runComparison } from '../../packages/server/src/backtest/compare-run.ts';
import { replayLines } from '../../packages/server/src/replay/replay.ts';

const TURNS = Number(process.env.BATON_BENCH_BACKTEST_TURNS ?? 1_000_000);
const TEXTS = [
  'Hi, my order 4471-983 has not arrived yet and it was due last Friday.',
  'Let me check that order for you.',
  'I was charged twice for the same item, $129.99 each time.',
  "I'm not sure I understood. Could you rephrase?",
  'this is useless, get me a real person!!!',
  'The package is with the courier and should arrive on Friday.',
];

async function writeConversations(path: string): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  for (let conversation = 0; written < TURNS; conversation++) {
    const turns = Array.from({ length: 10 }, (_, index) => ({
      role: index % 2 === 0 ? 'customer' : 'agent',
      text: TEXTS[(conversation + index) % TEXTS.length],
      ...(index % 2 === 1 ? { confidence: ((conversation * 7 + index) % 100) / 100 } : {}),
    }));
    written += turns.length;
    const line = JSON.stringify({
      id: `c${conversation}`,
      turns,
      outcome: { shouldEscalate: conversation % 3 === 0 },
    });
    if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
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

const sink = (): Writable => new Writable({ write: (_chunk, _encoding, done) => done() });

async function measure(run: () => Promise<void>): Promise<{ ms: number; peakRss: number }> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  clearInterval(sampler);
  return { ms, peakRss };
}

export default async function bench(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'baton-bench-backtest-'));
  const path = join(folder, 'conversations.jsonl');
  try {
    const turns = await writeConversations(path);
    const policy = compilePolicy(defaultPolicy);
    // B keeps only the low-confidence offer, at a lower threshold: many conversations flip.
    const lowConfidenceOnly = compilePolicy({
      version: 'low-confidence-only',
      signals: { low_confidence: { threshold: 0.3 } },
      triggers: defaultPolicy.triggers.filter((trigger) => trigger.id === 'low-confidence'),
    });
    const startRss = process.memoryUsage().rss;
    const single = await measure(async () => {
      for await (const outcome of replayLines(lines(path), policy)) void outcome;
    });
    let flips = 0;
    const compare = await measure(async () => {
      const report = await runComparison({
        file: path,
        lines: lines(path),
        a: { policy, source: 'default' },
        b: { policy: lowConfidenceOnly, source: 'low-confidence only' },
        format: 'json',
        stdout: sink(),
        stderr: sink(),
      });
      flips = (report?.flips.toEscalated ?? 0) + (report?.flips.toContinue ?? 0);
    });
    const rate = (ms: number): string => `${Math.round(turns / (ms / 1000)).toLocaleString('en')} turns/s`;
    const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
    return [
      `backtest: replay --compare (${turns.toLocaleString('en')} turns, two policies each, ${flips.toLocaleString('en')} flips counted, 200 kept)`,
      `  compare         ${rate(compare.ms)} in ${(compare.ms / 1000).toFixed(1)} s; peak RSS ${mib(compare.peakRss)}`,
      `  baseline        single-policy replay: ${rate(single.ms)} in ${(single.ms / 1000).toFixed(1)} s; peak RSS ${mib(single.peakRss)} (start ${mib(startRss)})`,
    ].join('\n');
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await bench());
