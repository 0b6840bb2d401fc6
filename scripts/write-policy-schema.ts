/** Writes docs/policy.schema.json from the engine's policy schema (a test pins it: run this after a schema change). */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { policyJsonSchema } from '@baton/engine';

const path = resolve(import.meta.dirname, '../docs/policy.schema.json');
writeFileSync(path, `${JSON.stringify({ title: 'Baton policy', ...policyJsonSchema() }, null, 2)}\n`);
console.log(`wrote ${path}`);
