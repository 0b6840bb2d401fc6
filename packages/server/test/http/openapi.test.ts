/**
 * Pins the OpenAPI document (the sdk's contract): any change to a route or a wire schema shows up
 * as a diff of openapi.snapshot.json. After an intended change, update the snapshot with
 *
 *   UPDATE_OPENAPI_SNAPSHOT=1 npx vitest run packages/server/test/http/openapi.test.ts
 *
 * and commit the new file with the change.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import * as prettier from 'prettier';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNAL_NAMES } from '@baton/engine';
import { SignalNameSchema } from '@baton/sdk';
import { openApiDocument } from '../../src/http/app.ts';
import { createStack, type OpenApiDocument, type Stack } from './helpers.ts';

const snapshotPath = fileURLToPath(new URL('./openapi.snapshot.json', import.meta.url));

let stack: Stack;
beforeAll(async () => {
  stack = await createStack();
});
afterAll(async () => {
  await stack.close();
});

describe('the OpenAPI document', () => {
  it('matches the committed snapshot', async () => {
    const document = await openApiDocument(stack.app);
    if (process.env['UPDATE_OPENAPI_SNAPSHOT'] === '1') {
      // Written as the repository's formatter would, so `prettier --check .` stays clean.
      const options = (await prettier.resolveConfig(snapshotPath)) ?? {};
      await writeFile(
        snapshotPath,
        await prettier.format(JSON.stringify(document), { ...options, parser: 'json' }),
      );
    }
    const committed: unknown = JSON.parse(await readFile(snapshotPath, 'utf8').catch(() => 'null'));
    expect(document, 'the OpenAPI document drifted; see this file’s header to update the snapshot').toEqual(
      committed,
    );
  });

  it('is OpenAPI 3.1 with the bearer scheme, and every operation lists its scopes', async () => {
    const document = (await openApiDocument(stack.app)) as unknown as OpenApiDocument;
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes['apiKey']).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const scopes = operation.security.flatMap((requirement) => requirement['apiKey'] ?? []);
        // Health is public; platform webhooks authenticate by their signature or secret, not a key.
        const keyless = ['/healthz', '/readyz', '/v1/adapters/meta/webhook', '/v1/adapters/sunshine/webhook'];
        if (keyless.includes(path)) expect(scopes, `${method} ${path}`).toEqual([]);
        else expect(scopes, `${method} ${path}`).toContain('admin');
      }
    }
  });

  it('names the wire schemas as components, from the sdk', async () => {
    const document = (await openApiDocument(stack.app)) as unknown as OpenApiDocument;
    for (const name of [
      'TurnResult',
      'Handoff',
      'Decision',
      'Firing',
      'Problem',
      'Event',
      'ConversationView',
    ]) {
      expect(document.components.schemas, name).toHaveProperty(name);
    }
  });

  it("lists the engine's signal names in the sdk, in the same order", () => {
    expect(SignalNameSchema.options).toEqual([...SIGNAL_NAMES]);
  });

  it('names every operation with a unique camelCase operationId (SDK generators name methods from them)', async () => {
    const document = (await openApiDocument(stack.app)) as unknown as OpenApiDocument;
    const seen = new Map<string, string>();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method.toUpperCase()} ${path}`;
        const { operationId } = operation as { operationId?: string };
        expect(operationId, `${where} has no operationId`).toMatch(/^[a-z]+(?:[A-Z][a-z0-9]*)+$/);
        expect(seen.get(operationId!), `${where} reuses ${operationId}`).toBeUndefined();
        seen.set(operationId!, where);
      }
    }
    expect(seen.size).toBeGreaterThan(30);
  });

  it('names its servers and its licence', async () => {
    const document = (await openApiDocument(stack.app)) as {
      servers?: { url: string }[];
      info: { license?: unknown };
    };
    expect(document.servers?.map((server) => server.url)).toContain('/');
    expect(document.info.license).toEqual({
      name: 'Apache-2.0',
      url: 'https://www.apache.org/licenses/LICENSE-2.0',
    });
  });

  it("passes Redocly's recommended lint with no errors", async () => {
    const config = await createConfig({
      extends: ['recommended'],
      rules: {
        'operation-operationId': 'error',
        'operation-operationId-unique': 'error',
        'operation-operationId-url-safe': 'error',
        'info-license': 'error',
        'no-empty-servers': 'error',
      },
    });
    const problems = await lintFromString({
      source: JSON.stringify(await openApiDocument(stack.app)),
      absoluteRef: 'openapi.json',
      config,
    });
    const errors = problems
      .filter((problem) => problem.severity === 'error')
      .map((problem) => `${problem.ruleId}: ${problem.message} (${problem.location[0]?.pointer ?? ''})`);
    expect(errors).toEqual([]);
  });
});
