/**
 * `baton mcp` on stdio: the real command (`node packages/server/bin/baton-dev.js mcp`) spawned by the
 * MCP SDK's own client, reaching a real Baton over HTTP with the agent key from the environment.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveBaton, type ServedBaton } from './serve-baton.ts';
import { ok, toolError } from './tool-results.ts';

const BIN = fileURLToPath(new URL('../../bin/baton-dev.js', import.meta.url));

let baton: ServedBaton;
beforeAll(async () => {
  baton = await serveBaton();
});
afterAll(() => baton?.close());

describe('baton mcp (stdio)', () => {
  it('serves the tools over stdio against a running server', async () => {
    const client = new Client({ name: 'baton-test', version: '1.0.0' });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp'],
      env: { PATH: process.env['PATH'] ?? '', BATON_URL: baton.url, BATON_API_KEY: baton.keys.agent },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual([
        'ask_person',
        'check_request',
        'handoff_status',
        'read_brief',
        'record_turn',
        'request_approval',
        'request_person',
      ]);

      // MCP alone: turns recorded through the tool, the decision back, then a person asked for in a
      // conversation Baton had never seen, with the agent's context.
      const recorded = ok(
        await client.callTool({
          name: 'record_turn',
          arguments: { conversationId: 'stdio-alone', role: 'customer', text: 'Can I get a human please?' },
        }),
      );
      expect(recorded).toMatchObject({ seq: 0, action: 'handoff', handoff: { status: 'queued' } });
      const fresh = ok(
        await client.callTool({
          name: 'request_person',
          arguments: {
            conversationId: 'stdio-fresh',
            reason: 'Wants to cancel order 5512',
            recentTurns: [{ role: 'customer', text: 'Please cancel order 5512.' }],
          },
        }),
      );
      expect(fresh).toMatchObject({ status: 'queued', contextTurnsRecorded: 1 });
      expect((await baton.clients.operator.getConversation('stdio-fresh')).turns[0]?.text).toBe(
        'Please cancel order 5512.',
      );

      await baton.clients.agent.postTurn('stdio-1', {
        role: 'customer',
        text: 'I need to change my flight.',
      });
      const requested = ok(
        await client.callTool({
          name: 'request_person',
          arguments: {
            conversationId: 'stdio-1',
            reason: 'Flight changes need a person',
            priority: 'urgent',
          },
        }),
      );
      expect(requested).toMatchObject({ status: 'queued', priority: 'urgent' });
      const queue = await baton.clients.operator.listHandoffs({ status: 'queued' });
      expect(queue.map((handoff) => handoff.id)).toContain(requested['handoffId']);

      const status = ok(
        await client.callTool({ name: 'handoff_status', arguments: { conversationId: 'stdio-1' } }),
      );
      expect(status).toMatchObject({
        conversationStatus: 'waiting',
        handoff: { handoffId: requested['handoffId'] },
      });

      // The agent key cannot see another key's conversation: a tool error with the server's code.
      await baton.clients.otherAgent.postTurn('stdio-other', { role: 'customer', text: 'hi' });
      expect(
        toolError(
          await client.callTool({ name: 'handoff_status', arguments: { conversationId: 'stdio-other' } }),
        ),
      ).toMatch(/^conversation_not_found: /);
      expect(
        ok(await client.callTool({ name: 'read_brief', arguments: { conversationId: 'stdio-1' } })),
      ).toMatchObject({
        reason: 'Flight changes need a person',
      });
    } finally {
      await client.close();
    }
    expect(stderr).toBe('');
  });

  it('an unreachable server is a tool error, not a crash', async () => {
    const client = new Client({ name: 'baton-test', version: '1.0.0' });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'mcp', '--url', 'http://127.0.0.1:9'],
      env: { PATH: process.env['PATH'] ?? '', BATON_API_KEY: 'whatever' },
      stderr: 'pipe',
    });
    await client.connect(transport);
    try {
      expect(
        toolError(await client.callTool({ name: 'handoff_status', arguments: { conversationId: 'x' } })),
      ).toMatch(/^unavailable: Baton could not be reached/);
      expect((await client.listTools()).tools).toHaveLength(7);
    } finally {
      await client.close();
    }
  });

  it('without BATON_URL or BATON_API_KEY it says what is missing and exits 2', async () => {
    const child = spawn(process.execPath, [BIN, 'mcp'], { env: { PATH: process.env['PATH'] ?? '' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(2);
    expect(stderr).toContain('BATON_URL');
    expect(stderr).toContain('BATON_API_KEY');
  });
});
