/**
 * `/mcp` over streamable HTTP, driven by the MCP SDK's own client against a real Baton on a real
 * socket: the tools, the key's scope and conversations, and tool errors that never break the server.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveBaton, type ServedBaton } from './serve-baton.ts';
import { ok, toolError } from './tool-results.ts';

let baton: ServedBaton;
beforeAll(async () => {
  baton = await serveBaton();
});
afterAll(() => baton?.close());

async function connect(key: string | undefined): Promise<Client & AsyncDisposable> {
  const client = new Client({ name: 'baton-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL('/mcp', baton.url), {
    requestInit: key ? { headers: { authorization: `Bearer ${key}` } } : {},
  });
  await client.connect(transport);
  return Object.assign(client, { [Symbol.asyncDispose]: () => client.close() });
}

describe('/mcp (streamable HTTP)', () => {
  it('lists the three tools with their inputs', async () => {
    await using client = await connect(baton.keys.agent);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['handoff_status', 'read_brief', 'request_person']);
    const requestPerson = tools.find((tool) => tool.name === 'request_person')!;
    expect(requestPerson.inputSchema.required).toEqual(['conversationId', 'reason']);
  });

  it('asks for a person, follows the handoff, and reads the brief', async () => {
    await using client = await connect(baton.keys.agent);
    await baton.clients.agent.postTurn('mcp-1', {
      role: 'customer',
      text: 'My card was charged twice for 80 EUR.',
    });

    const requested = ok(
      await client.callTool({
        name: 'request_person',
        arguments: {
          conversationId: 'mcp-1',
          reason: 'Double charge; needs a refund decision',
          priority: 'high',
        },
      }),
    );
    expect(requested).toMatchObject({ status: 'queued', priority: 'high', queue: 'general' });
    expect(requested['customerMessage']).toMatch(/\S/);

    const queued = ok(
      await client.callTool({ name: 'handoff_status', arguments: { conversationId: 'mcp-1' } }),
    );
    expect(queued).toMatchObject({
      conversationStatus: 'waiting',
      agentMayReply: true,
      handoff: { status: 'queued' },
    });

    await baton.clients.operator.claim(requested['handoffId'] as string);
    const claimed = ok(
      await client.callTool({ name: 'handoff_status', arguments: { conversationId: 'mcp-1' } }),
    );
    expect(claimed).toMatchObject({
      owner: 'Ada',
      agentMayReply: false,
      handoff: { status: 'claimed', claimedBy: 'Ada' },
    });

    const brief = ok(await client.callTool({ name: 'read_brief', arguments: { conversationId: 'mcp-1' } }));
    expect(brief['handoffId']).toBe(requested['handoffId']);
    expect(brief).toMatchObject({
      reason: 'Double charge; needs a refund decision',
      trigger: 'agent_requested',
    });
    // The brief is whatever the service built for the handoff (null until the engine's brief is wired in).
    expect(brief).toHaveProperty('brief');
  });

  it("applies the key's scope and conversations as tool errors, and keeps serving", async () => {
    await using agent = await connect(baton.keys.agent);
    await using other = await connect(baton.keys.otherAgent);
    await using operator = await connect(baton.keys.operator);
    await baton.clients.agent.postTurn('mcp-2', { role: 'customer', text: 'Hello' });

    expect(
      toolError(
        await other.callTool({ name: 'request_person', arguments: { conversationId: 'mcp-2', reason: 'x' } }),
      ),
    ).toMatch(/^conversation_not_found: /);
    expect(
      toolError(
        await operator.callTool({
          name: 'request_person',
          arguments: { conversationId: 'mcp-2', reason: 'x' },
        }),
      ),
    ).toMatch(/^forbidden: /);
    expect(
      toolError(await agent.callTool({ name: 'read_brief', arguments: { conversationId: 'mcp-2' } })),
    ).toMatch(/^handoff_not_found: .*no handoff yet/);
    ok(
      await agent.callTool({
        name: 'request_person',
        arguments: { conversationId: 'mcp-2', reason: 'first' },
      }),
    );
    expect(
      toolError(
        await agent.callTool({
          name: 'request_person',
          arguments: { conversationId: 'mcp-2', reason: 'again' },
        }),
      ),
    ).toMatch(/^handoff_open: /);

    // Arguments that break the schema are a tool error too.
    const invalid = await agent.callTool({
      name: 'request_person',
      arguments: { conversationId: 'mcp-2', reason: '' },
    });
    expect(invalid.isError).toBe(true);

    // An operator reads the brief of any conversation; the server is still fine after all that.
    expect(
      ok(await operator.callTool({ name: 'read_brief', arguments: { conversationId: 'mcp-2' } })),
    ).toMatchObject({
      status: 'queued',
      reason: 'first',
    });
    expect(baton.unexpected).toEqual([]);
  });

  it('refuses a missing or unknown key (401), other methods (405) and large bodies (413) as problem+json', async () => {
    for (const key of [undefined, 'not-a-key']) {
      const response = await fetch(new URL('/mcp', baton.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(key ? { authorization: `Bearer ${key}` } : {}),
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { code: string }).code).toBe('unauthenticated');
    }
    await expect(connect(undefined)).rejects.toThrow();
    const huge = await fetch(new URL('/mcp', baton.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${baton.keys.agent}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'ping',
        params: { padding: 'x'.repeat(300_000) },
      }),
    });
    expect(huge.status).toBe(413);
    expect(((await huge.json()) as { code: string }).code).toBe('payload_too_large');
    const get = await fetch(new URL('/mcp', baton.url), {
      headers: { authorization: `Bearer ${baton.keys.agent}` },
    });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });
});
