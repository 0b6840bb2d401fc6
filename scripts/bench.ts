/**
 * `npm run bench`: speed and memory figures, each printed beside a baseline measured in the same
 * run. Sections are modules under scripts/bench/; pass names to run only some (`npm run bench engine`).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const sections = [
  'engine',
  'replay',
  'brief',
  'backtest',
  'api',
  'events',
  'keys',
  'start',
  'telemetry',
  'routing',
];
const only = process.argv.slice(2);
console.log(`Baton benchmarks — node ${process.version}, ${new Date().toISOString()}\n`);
for (const name of sections) {
  if (only.length > 0 && !only.includes(name)) continue;
  const path = resolve(import.meta.dirname, 'bench', `${name}.ts`);
  if (!existsSync(path)) continue;
  const module = (await import(path)) as { default: () => string | Promise<string> };
  console.log(`${(await module.default()).trimEnd()}\n`);
}
