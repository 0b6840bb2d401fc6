#!/usr/bin/env node
// Runs the compiled server (dist/cli/main.js, written by `npm run build`; `npm start` builds it
// when it is missing or older than its sources). bin/baton-dev.js runs the TypeScript sources.
import { existsSync } from 'node:fs';
import module from 'node:module';
import process from 'node:process';
import { URL } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('baton: the server is not built yet; run `npm run build` (or `npm start`).\n');
  process.exit(1);
}
// Node 22.1+ keeps the compiled bytecode on disk, so later starts skip most of the parsing.
module.enableCompileCache?.();
await import(entry.href);
