// Builds the console (Vite) before `npm start` when its build is missing or older than its sources,
// so the quick start is one command and later starts do not wait for a rebuild.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';

const { log } = globalThis.console;

const root = resolve(import.meta.dirname, '../packages/console');
const built = join(root, 'dist/index.html');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

const sources = ['src', 'index.html', 'demo.html', 'vite.config.ts', 'package.json'].map((entry) =>
  join(root, entry),
);
const stale =
  !existsSync(built) || Math.max(...sources.filter(existsSync).map(newest)) > statSync(built).mtimeMs;
if (stale || process.argv.includes('--force')) {
  log('Building the console (packages/console) ...');
  const result = spawnSync('npm', ['run', 'build', '-w', '@baton/console', '--silent'], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
