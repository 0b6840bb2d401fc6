import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { policyJsonSchema } from '../src/index.ts';

it('the published JSON Schema (docs/policy.schema.json) matches the policy schema; regenerate with `npx tsx scripts/write-policy-schema.ts`', () => {
  const committed = JSON.parse(
    readFileSync(resolve(import.meta.dirname, '../../../docs/policy.schema.json'), 'utf8'),
  );
  expect(committed).toEqual({ title: 'Baton policy', ...policyJsonSchema() });
});
