/**
 * The optional model summary of a brief, through the real LLM adapter against a local server that
 * speaks the chat-completions protocol: added beside the extractive brief, masked text only, and a
 * failing model leaves the extractive brief standing with the reason recorded.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Brief } from '@baton/engine';
import { summarizeWithLlm } from '../../src/brief/llm-summary.ts';
import { openTestPglite } from '../storage/backends.ts';
import type { Database } from '../../src/storage/database.ts';
import { makeService, principal, uniqueId } from './harness.ts';

let server: Server;
let url = '';
let mode: 'ok' | 'fail' = 'ok';
const bodies: string[] = [];
let database: Database;

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return body;
}

beforeAll(async () => {
  database = await openTestPglite();
  server = createServer(async (request, response) => {
    bodies.push(await readBody(request));
    if (mode === 'fail') {
      response.writeHead(500).end('model overloaded');
      return;
    }
    const answer = {
      ask: 'The customer wants order 4471-983 delivered or refunded.',
      summary: 'Order 4471-983 is late; lookups failed twice; the customer asked for a person.',
      facts: [{ type: 'order_id', value: '4471-983', turn: 0 }],
    };
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'x',
        object: 'chat.completion',
        model: 'local-test-model',
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            message: { role: 'assistant', content: JSON.stringify(answer) },
          },
        ],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await database.close();
});

async function escalate() {
  const { service } = await makeService(database, {
    summarizer: (input) => summarizeWithLlm(input, { url, model: 'local-test-model', timeoutMs: 3000 }),
  });
  const agent = await principal(service, 'agent');
  const conversationId = uniqueId('conv');
  await service.postTurn(agent, {
    conversationId,
    turn: { role: 'customer', text: 'Order 4471-983 is late. My card 4111 1111 1111 1111 was charged.' },
  });
  const { handoff } = await service.requestHandoff(agent, { conversationId, reason: 'late order' });
  return { service, handoff };
}

it('adds the model summary beside the extractive brief, sending masked text only', async () => {
  mode = 'ok';
  bodies.length = 0;
  const { service, handoff } = await escalate();
  const brief = (await service.refineBrief(handoff.id)) as Brief;
  expect(brief.llm).toMatchObject({ source: 'llm', model: 'local-test-model' });
  expect(brief.llm && 'summary' in brief.llm ? brief.llm.summary : '').toContain('4471-983');
  expect(brief.facts).toContainEqual(expect.objectContaining({ type: 'order_id', value: '4471-983' }));
  expect(bodies.length).toBeGreaterThan(0);
  for (const body of bodies) expect(body).not.toMatch(/4111[ -]?1111[ -]?1111[ -]?1111/);
});

it('keeps the extractive brief and records why when the model fails', async () => {
  mode = 'fail';
  const { service, handoff } = await escalate();
  const brief = (await service.refineBrief(handoff.id)) as Brief;
  expect(brief.llm).toMatchObject({ source: 'extractive', reason: 'http_error' });
  expect(brief.summary.length).toBeGreaterThan(0);
});
