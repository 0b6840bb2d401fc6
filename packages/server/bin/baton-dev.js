#!/usr/bin/env node
// Runs the TypeScript sources with tsx, without a build: for development and the tests. The
// workspace packages resolve to their sources through the repository's tsconfig.json `paths`.
import { fileURLToPath, URL } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
await import('../src/cli/main.ts');
