#!/usr/bin/env node
// Runs the TypeScript sources with tsx, without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
