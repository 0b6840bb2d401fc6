// Builds the workspace packages: `node scripts/build.mjs [--force] [engine] [sdk] [server] [console]`
// (all four when none is named). Without --force a package is built only when its build is missing
// or older than its sources, so `npm start` (which builds the server and the console first) is one
// command on a fresh clone and later starts do not wait for a rebuild.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';

const { log } = globalThis.console;
const root = resolve(import.meta.dirname, '..');
const at = (...parts) => join(root, 'packages', ...parts);

/** Each package: its workspace name, the file its build writes last, and what that build reads. */
const targets = {
  engine: {
    workspace: '@baton/engine',
    built: at('engine/dist/index.d.ts'),
    sources: [at('engine/src'), at('engine/package.json'), at('engine/tsdown.config.ts')],
  },
  sdk: {
    workspace: '@baton/sdk',
    built: at('sdk/dist/index.d.ts'),
    sources: [at('sdk/src'), at('sdk/package.json'), at('sdk/tsdown.config.ts')],
  },
  // The server's bundle carries the engine and the sdk, built from their sources.
  server: {
    workspace: '@baton/server',
    built: at('server/dist/cli/main.js'),
    sources: [
      at('server/src'),
      at('server/package.json'),
      at('server/tsdown.config.ts'),
      at('engine/src'),
      at('sdk/src'),
      join(root, 'tsconfig.json'),
    ],
  },
  console: {
    workspace: '@baton/console',
    built: at('console/dist/index.html'),
    sources: [
      at('console/src'),
      at('console/index.html'),
      at('console/demo.html'),
      at('console/vite.config.ts'),
      at('console/package.json'),
      at('sdk/src'),
    ],
  },
};

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

function stale({ built, sources }) {
  if (!existsSync(built)) return true;
  return Math.max(...sources.filter(existsSync).map(newest)) > statSync(built).mtimeMs;
}

const force = process.argv.includes('--force');
const named = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
for (const name of named) {
  if (!(name in targets)) {
    log(`Unknown package "${name}"; expected one of: ${Object.keys(targets).join(', ')}.`);
    process.exit(2);
  }
}
for (const name of named.length > 0 ? named : Object.keys(targets)) {
  const target = targets[name];
  if (!force && !stale(target)) continue;
  log(`Building ${target.workspace} (packages/${name}) ...`);
  const result = spawnSync('npm', ['run', 'build', '-w', target.workspace, '--silent'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
