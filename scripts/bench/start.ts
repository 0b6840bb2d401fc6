/**
 * Start time and memory of the `baton` command: the compiled build (`bin/baton.js`, what
 * `npm start` runs) against the TypeScript sources through tsx (`bin/baton-dev.js`), in the same
 * run. `baton --help` is timed to exit, with its peak RSS; `baton serve` (PGlite, a folder made
 * once beforehand, so the database's first-run setup is not counted) is timed until it prints that
 * it listens, with its RSS then. The median of several runs each, after one warm-up run per
 * command that fills the caches (Node's compile cache for the build, tsx's for the sources).
 *
 * Builds what is stale first (`scripts/build.mjs server console`). `npm run bench start`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const RUNS = 5;
const commands = {
  build: join(root, 'packages/server/bin/baton.js'),
  tsx: join(root, 'packages/server/bin/baton-dev.js'),
};
type Kind = keyof typeof commands;

interface Sample {
  ms: number;
  rssMb: number;
}

const median = (values: number[]) =>
  [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)]!;

/** `baton --help`: wall time to exit, and the peak RSS the process reports as it exits. */
async function help(kind: Kind, preload: string): Promise<Sample> {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--import', preload, commands[kind], '--help'], {
    encoding: 'utf8',
  });
  const ms = performance.now() - start;
  if (result.status !== 0 || !result.stdout.includes('Usage: baton')) {
    throw new Error(`baton --help (${kind}) failed: ${result.stderr}`);
  }
  const match = /bench-max-rss-kb=(\d+)/.exec(result.stderr);
  return { ms, rssMb: match ? Number(match[1]) / 1024 : Number.NaN };
}

/** The RSS of a running process now, from /proc (Linux). */
async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** `baton serve`: wall time until it prints that it listens, and its RSS then; then stopped. */
async function serve(kind: Kind, dataDir: string): Promise<Sample> {
  const start = performance.now();
  const child = spawn(process.execPath, [commands[kind], 'serve'], {
    env: { ...process.env, PORT: '0', BATON_DATA_DIR: dataDir, DATABASE_URL: '', BATON_POLICY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let output = '';
    const ms = await new Promise<number>((resolveListen, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`baton serve (${kind}) did not listen:\n${output}`)),
        120_000,
      );
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('listening on')) {
          clearTimeout(timer);
          resolveListen(performance.now() - start);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`baton serve (${kind}) exited with ${code}:\n${output}`));
      });
    });
    return { ms, rssMb: await rssOf(child.pid!) };
  } finally {
    child.removeAllListeners('exit');
    const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
    child.kill('SIGTERM');
    await exited;
  }
}

function row(label: string, samples: Record<Kind, Sample[]>): string {
  const figures = (kind: Kind) => {
    const ms = median(samples[kind].map((sample) => sample.ms));
    const rss = median(samples[kind].map((sample) => sample.rssMb));
    return { ms, rss, text: `${ms.toFixed(0).padStart(6)} ms ${rss.toFixed(0).padStart(5)} MB` };
  };
  const build = figures('build');
  const tsx = figures('tsx');
  return (
    `  ${label.padEnd(14)} build ${build.text}   tsx ${tsx.text}   ` +
    `build/tsx: time ${(build.ms / tsx.ms).toFixed(2)}, memory ${(build.rss / tsx.rss).toFixed(2)}`
  );
}

export default async function startBench(): Promise<string> {
  const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), 'server', 'console'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (built.status !== 0) throw new Error('the build failed');

  const folder = await mkdtemp(join(tmpdir(), 'baton-bench-start-'));
  try {
    // Reports the process's peak RSS (resourceUsage().maxRSS, in kB) on stderr as it exits.
    const preload = join(folder, 'max-rss.mjs');
    await writeFile(
      preload,
      "process.on('exit', () => process.stderr.write(`bench-max-rss-kb=${process.resourceUsage().maxRSS}\\n`));\n",
    );
    const helpSamples: Record<Kind, Sample[]> = { build: [], tsx: [] };
    const serveSamples: Record<Kind, Sample[]> = { build: [], tsx: [] };
    const dataDir = join(folder, 'data');
    // Warm-up: fills the caches and makes the PGlite folder both kinds then reopen.
    for (const kind of ['build', 'tsx'] as const) {
      await help(kind, preload);
      await serve(kind, dataDir);
    }
    // Interleaved, so a change in the machine's load touches both kinds alike.
    for (let run = 0; run < RUNS; run++) {
      for (const kind of ['build', 'tsx'] as const) {
        helpSamples[kind].push(await help(kind, preload));
        serveSamples[kind].push(await serve(kind, dataDir));
      }
    }
    return [
      `Start time and memory, compiled build (bin/baton.js) vs TypeScript sources through tsx (bin/baton-dev.js), median of ${RUNS}:`,
      row('baton --help', helpSamples),
      row('baton serve', serveSamples),
      '  (--help: time to exit and peak RSS; serve: time until it listens on an existing PGlite folder, RSS then)',
    ].join('\n');
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  console.log(await startBench());
}
