/**
 * Backtest throughput and memory: `baton replay --compare` over a million turns streamed from a
 * file (two policies per conversation), beside a single-policy replay of the same file measured
 * in the same run, and the peak RSS of each, to show the comparison holds counts, not conversations.
 * Run alone: `npx tsx scripts/bench/backtest.ts` (BATON_BENCH_BACKTEST_TURNS to change the size).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { readLines, writeSyntheticConversations } from './synthetic-conversations.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { compilePolicy, defaultPolicy } from '@baton/engine';
import { runComparison } from '../../packages/server/src/backtest/compare-run.ts';
import { replayLines } from '../../packages/server/src/replay/replay.ts';

const TURNS = Number(process.env.BATON_BENCH_BACKTEST_TURNS ?? 1_000_000);

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
    const turns = await writeSyntheticConversations(path, TURNS, { withOutcomes: true });
    const policy = compilePolicy(defaultPolicy);
    // B keeps only the low-confidence offer, at a lower threshold: many conversations flip.
    const lowConfidenceOnly = compilePolicy({
      version: 'low-confidence-only',
      signals: { low_confidence: { threshold: 0.3 } },
      triggers: defaultPolicy.triggers.filter((trigger) => trigger.id === 'low-confidence'),
    });
    const startRss = process.memoryUsage().rss;
    const single = await measure(async () => {
      for await (const outcome of replayLines(readLines(path), policy)) void outcome;
    });
    let flips = 0;
    const compare = await measure(async () => {
      const report = await runComparison({
        file: path,
        lines: readLines(path),
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
