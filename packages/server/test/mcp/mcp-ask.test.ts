/**
 * The MCP tools that ask a person and wait, driven by the MCP SDK's own client over streamable HTTP
 * and over stdio (`baton mcp`), against a real Baton: a consult answered while the agent keeps
 * talking, an approval edited, an approval nobody answered (refused at its deadline), and progress
 * notifications while waiting.
 */
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { BatonRequest } from '@baton/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveBaton, type ServedBaton } from './serve-baton.ts';
import { ok } from './tool-results.ts';

const BIN = fileURLToPath(new URL('../../bin/baton-dev.js', import.meta.url));

let baton: ServedBaton;
beforeAll(async () => {
  baton = await serveBaton();
});
afterAll(() => baton?.close());

async function connect(): Promise<Client> {
  const client = new Client({ name: 'baton-test', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL('/mcp', baton.url), {
      requestInit: { headers: { authorization: `Bearer ${baton.keys.agent}` } },
    }),
  );
  return client;
}

/** The open request of a conversation, once the tool has created it. */
async function openRequest(conversationId: string): Promise<BatonRequest> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const open = (await baton.clients.operator.listRequests({ status: 'open' })).find(
      (request) => request.conversationId === conversationId,
    );
    if (open) return open;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no open request in ${conversationId}`);
}

describe('ask_person and request_approval over streamable HTTP', () => {
  it('waits for a consult while the agent keeps talking, and returns the answer', async () => {
    const client = await connect();
    try {
      await baton.clients.agent.postTurn('ask-1', {
        role: 'customer',
        text: 'Can I return opened headphones?',
      });
      const asked = client.callTool(
        {
          name: 'ask_person',
          arguments: {
            conversationId: 'ask-1',
            question: 'Are opened headphones returnable within 30 days?',
            choices: ['yes', 'no'],
            timeoutSeconds: 60,
          },
        },
        undefined,
        { timeout: 90_000 },
      );
      const request = await openRequest('ask-1');
      expect(request).toMatchObject({ kind: 'consult', options: { choices: ['yes', 'no'] } });
      // The consult does not silence the agent.
      const meanwhile = await baton.clients.agent.postTurn('ask-1', {
        role: 'agent',
        text: 'Let me check that with a colleague.',
      });
      expect(meanwhile.agentShouldReply).toBe(true);
      await baton.clients.operator.answerRequest(request.id, {
        choice: 'yes',
        note: 'Unless the seal is broken.',
      });
      expect(ok(await asked)).toMatchObject({
        requestId: request.id,
        status: 'answered',
        stillWaiting: false,
        timedOut: false,
        answer: { choice: 'yes', note: 'Unless the seal is broken.' },
        answeredBy: 'Ada',
      });
    } finally {
      await client.close();
    }
  });

  it('holds an approval until it is edited, and refuses one nobody answered by its deadline', async () => {
    const client = await connect();
    try {
      const approval = client.callTool(
        {
          name: 'request_approval',
          arguments: {
            conversationId: 'ask-2',
            actions: [{ toolName: 'issue_refund', args: { orderId: 'A-77', amount: 300 } }],
            question: 'Refund 300 EUR on A-77?',
          },
        },
        undefined,
        { timeout: 90_000 },
      );
      const request = await openRequest('ask-2');
      await baton.clients.operator.answerRequest(request.id, {
        decision: 'edit',
        editedArgs: [{ orderId: 'A-77', amount: 150 }],
      });
      expect(ok(await approval)).toMatchObject({
        status: 'answered',
        decision: 'edit',
        answer: { editedArgs: [{ orderId: 'A-77', amount: 150 }] },
      });
      // Baton had not seen the conversation: the question opened it.
      const view = await baton.clients.operator.getConversation('ask-2');
      expect(view.turns[0]?.text).toContain('Refund 300 EUR on A-77?');

      const unanswered = ok(
        await client.callTool(
          {
            name: 'request_approval',
            arguments: {
              conversationId: 'ask-2',
              actions: [{ toolName: 'close_account', args: { id: 'u-9' } }],
              timeoutSeconds: 5,
            },
          },
          undefined,
          { timeout: 60_000 },
        ),
      );
      expect(unanswered).toMatchObject({ status: 'timed_out', timedOut: true, decision: 'refuse' });
    } finally {
      await client.close();
    }
  });
});

describe('ask_person over stdio', () => {
  it('sends progress notifications while it waits', async () => {
    const client = new Client({ name: 'baton-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [BIN, 'mcp'],
        env: { PATH: process.env['PATH'] ?? '', BATON_URL: baton.url, BATON_API_KEY: baton.keys.agent },
        stderr: 'pipe',
      }),
    );
    try {
      await baton.clients.agent.postTurn('ask-3', { role: 'customer', text: 'Is the store open on Sunday?' });
      const progress: { progress: number; message?: string }[] = [];
      const asked = client.callTool(
        {
          name: 'ask_person',
          arguments: { conversationId: 'ask-3', question: 'Open on Sunday?', timeoutSeconds: 60 },
        },
        undefined,
        {
          timeout: 90_000,
          onprogress: (notification) => {
            progress.push(notification);
          },
        },
      );
      const request = await openRequest('ask-3');
      // Answer once a progress notification arrived.
      for (let attempt = 0; attempt < 100 && progress.length === 0; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(progress.length).toBeGreaterThan(0);
      expect(progress[0]!.message).toMatch(/Waiting for a person/);
      await baton.clients.operator.answerRequest(request.id, { text: 'Yes, 10:00 to 16:00.' });
      expect(ok(await asked)).toMatchObject({ status: 'answered', answer: { text: 'Yes, 10:00 to 16:00.' } });
    } finally {
      await client.close();
    }
  });
});
