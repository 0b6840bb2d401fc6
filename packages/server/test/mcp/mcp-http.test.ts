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
  it('lists the tools with their inputs', async () => {
    await using client = await connect(baton.keys.agent);
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
    expect(tools.find((tool) => tool.name === 'record_turn')!.inputSchema.required).toEqual([
      'conversationId',
      'role',
      'text',
    ]);
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

  it('drives a conversation from nothing to a handoff with MCP alone', async () => {
    await using agent = await connect(baton.keys.agent);
    const first = ok(
      await agent.callTool({
        name: 'record_turn',
        arguments: {
          conversationId: 'mcp-alone-1',
          role: 'customer',
          text: 'Hi, my order 4471 never arrived.',
          customer: { name: 'Lena Ortiz', language: 'en' },
        },
      }),
    );
    expect(first).toMatchObject({ seq: 0, action: 'continue', agentShouldReply: true, handoff: null });
    ok(
      await agent.callTool({
        name: 'record_turn',
        arguments: {
          conversationId: 'mcp-alone-1',
          role: 'agent',
          text: 'Sorry about that. I see order 4471 left the warehouse on Monday.',
          confidence: 0.8,
        },
      }),
    );
    const asked = ok(
      await agent.callTool({
        name: 'record_turn',
        arguments: {
          conversationId: 'mcp-alone-1',
          role: 'customer',
          text: 'This is useless. Let me talk to a real person please.',
          idempotencyKey: 'mcp-alone-1-turn-2',
        },
      }),
    );
    expect(asked).toMatchObject({ seq: 2, action: 'handoff', trigger: expect.any(String) });
    expect(asked['customerMessage']).toMatch(/\S/);
    const handoff = asked['handoff'] as { handoffId: string; status: string };
    expect(handoff.status).toBe('queued');
    // A retry with the same key records nothing twice and answers the same.
    const retried = ok(
      await agent.callTool({
        name: 'record_turn',
        arguments: {
          conversationId: 'mcp-alone-1',
          role: 'customer',
          text: 'This is useless. Let me talk to a real person please.',
          idempotencyKey: 'mcp-alone-1-turn-2',
        },
      }),
    );
    expect(retried['turnId']).toBe(asked['turnId']);

    await baton.clients.operator.claim(handoff.handoffId);
    const silenced = ok(
      await agent.callTool({
        name: 'record_turn',
        arguments: { conversationId: 'mcp-alone-1', role: 'customer', text: 'Hello? Anyone there?' },
      }),
    );
    expect(silenced).toMatchObject({ seq: 3, agentShouldReply: false, conversationStatus: 'with_operator' });
    const view = await baton.clients.operator.getConversation('mcp-alone-1');
    expect(view.turns.map((turn) => turn.seq)).toEqual([0, 1, 2, 3]);
    expect(view.customer.name).toBe('Lena Ortiz');
  });

  it('asks for a person in a conversation Baton has not seen, with the context the agent gives', async () => {
    await using agent = await connect(baton.keys.agent);
    const call = () =>
      agent.callTool({
        name: 'request_person',
        arguments: {
          conversationId: 'mcp-alone-2',
          reason: 'Refund above my limit',
          priority: 'high',
          queue: 'billing',
          summary: 'Customer was charged twice for booking BK-88213 and wants one charge refunded.',
          recentTurns: [
            { role: 'customer', text: 'I was charged twice for booking BK-88213, 240 EUR each time.' },
            { role: 'agent', text: 'I can see both charges of 240 EUR on BK-88213.' },
          ],
          customer: { name: 'Tomás Rey', email: 'tomas@example.com' },
        },
      });
    const requested = ok(await call());
    expect(requested).toMatchObject({
      status: 'queued',
      priority: 'high',
      queue: 'billing',
      contextTurnsRecorded: 3,
    });
    const view = await baton.clients.operator.getConversation('mcp-alone-2');
    expect(view.turns.map((turn) => [turn.role, turn.text])).toEqual([
      ['customer', 'I was charged twice for booking BK-88213, 240 EUR each time.'],
      ['agent', 'I can see both charges of 240 EUR on BK-88213.'],
      [
        'system',
        'Summary from the agent: Customer was charged twice for booking BK-88213 and wants one charge refunded.',
      ],
    ]);
    expect(view.customer.name).toBe('Tomás Rey');
    // The brief the operator reads carries what the customer already said.
    const brief = JSON.stringify(view.handoffs[0]?.brief);
    expect(brief).toContain('BK-88213');
    expect(brief).toMatch(/240/);
    // Asking again records no context twice: the handoff is already open.
    expect(toolError(await call())).toMatch(/^handoff_open: /);
    expect((await baton.clients.operator.getConversation('mcp-alone-2')).turns).toHaveLength(3);
  });

  it('returns the handoff the context itself caused, and with no context records the reason', async () => {
    await using agent = await connect(baton.keys.agent);
    const requested = ok(
      await agent.callTool({
        name: 'request_person',
        arguments: {
          conversationId: 'mcp-alone-3',
          reason: 'The customer asked for a person',
          recentTurns: [{ role: 'customer', text: 'I want to speak to a human agent now.' }],
        },
      }),
    );
    expect(requested).toMatchObject({ status: 'queued', contextTurnsRecorded: 1 });
    expect(requested['customerMessage']).toMatch(/\S/);
    const view = await baton.clients.operator.getConversation('mcp-alone-3');
    expect(view.handoffs).toHaveLength(1);
    expect(view.handoffs[0]!.id).toBe(requested['handoffId']);

    const bare = ok(
      await agent.callTool({
        name: 'request_person',
        arguments: { conversationId: 'mcp-alone-4', reason: 'Customer needs a visa letter signed' },
      }),
    );
    expect(bare).toMatchObject({ status: 'queued', contextTurnsRecorded: 1 });
    const bareView = await baton.clients.operator.getConversation('mcp-alone-4');
    expect(bareView.turns.map((turn) => [turn.role, turn.text])).toEqual([
      ['system', 'Summary from the agent: Customer needs a visa letter signed'],
    ]);
    expect(bareView.handoffs[0]!.trigger).toBe('agent_requested');

    // Another agent's conversation stays out of reach, context or not.
    await using other = await connect(baton.keys.otherAgent);
    expect(
      toolError(
        await other.callTool({
          name: 'request_person',
          arguments: {
            conversationId: 'mcp-alone-4',
            reason: 'x',
            recentTurns: [{ role: 'customer', text: 'hello' }],
          },
        }),
      ),
    ).toMatch(/^conversation_not_found: /);
    expect((await baton.clients.operator.getConversation('mcp-alone-4')).turns).toHaveLength(1);
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
