/**
 * Replay throughput and memory on a million turns streamed from a file, beside a baseline measured
 * in the same run: reading and JSON-parsing the same lines without deciding anything.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { readLines, writeSyntheticConversations } from './synthetic-conversations.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePolicy, defaultPolicy } from '@baton/engine';
import { replayLines } from '../../packages/server/src/replay/replay.ts';

const TURNS = Number(process.env.BATON_BENCH_REPLAY_TURNS ?? 1_000_000);

export default async function bench(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'baton-bench-replay-'));
  const path = join(folder, 'turns.jsonl');
  try {
    const turns = await writeSyntheticConversations(path, TURNS);
    const policy = compilePolicy(defaultPolicy);

    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const startRss = process.memoryUsage().rss;

    const baselineStart = performance.now();
    let parsed = 0;
    for await (const line of readLines(path))
      parsed += (JSON.parse(line) as { turns: unknown[] }).turns.length;
    const baselineMs = performance.now() - baselineStart;

    peakRss = 0;
    const replayStart = performance.now();
    let replayed = 0;
    for await (const outcome of replayLines(readLines(path), policy)) {
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
