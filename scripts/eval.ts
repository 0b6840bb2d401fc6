/**
 * `npm run eval`: Baton's quality figures on the public data in ../shared/data (or BATON_EVAL_DATA),
 * each with the counts behind it. Every section is a module under scripts/eval/.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const dataDir = resolve(process.env.BATON_EVAL_DATA ?? resolve(import.meta.dirname, '../../shared/data'));
if (!existsSync(dataDir)) {
  console.error(`baton eval: no data folder at ${dataDir} (set BATON_EVAL_DATA)`);
  process.exit(2);
}

const sections = [
  'human-request',
  'frustration',
  'high-stakes',
  'interruption',
  'brief',
  'calibration',
  'language',
];
const only = process.argv.slice(2);
console.log(`Baton evaluation on ${dataDir}\n`);
for (const name of sections) {
  if (only.length > 0 && !only.includes(name)) continue;
  const path = resolve(import.meta.dirname, 'eval', `${name}.ts`);
  if (!existsSync(path)) continue;
  const module = (await import(path)) as { default: (dataDir: string) => Promise<string> };
  const started = performance.now();
  const report = await module.default(dataDir);
  console.log(`${report.trimEnd()}\n(${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
