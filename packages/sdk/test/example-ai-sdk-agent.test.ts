/**
 * The example agent (`examples/ai-sdk-agent`) end to end: the AI SDK with its own mock model, the
 * sdk's client and tool, and a real Baton over real HTTP. An operator takes over, the agent stays
 * quiet, the conversation comes back with a note, and the model asks for a person itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSupportAgent } from '../../../examples/ai-sdk-agent/agent.ts';
import { BatonClient } from '../src/index.ts';
import { startBaton, type RunningBaton } from './support/baton-server.ts';
import { scriptedModel, systemPromptOf, textAnswer, toolCallAnswer } from './support/scripted-model.ts';

let baton: RunningBaton;
let agentClient: BatonClient;
let operator: BatonClient;
beforeAll(async () => {
  baton = await startBaton();
  agentClient = new BatonClient({ baseUrl: baton.url, apiKey: baton.keys.agent });
  operator = new BatonClient({ baseUrl: baton.url, apiKey: baton.keys.operator });
  await operator.setPresence({ status: 'online', queues: ['general'] });
});
afterAll(() => baton?.close());

describe('examples/ai-sdk-agent', () => {
  it('answers, hands off when the customer asks for a person, stays quiet, and resumes with the note', async () => {
    const model = scriptedModel();
    const agent = createSupportAgent({ baton: agentClient, model });

    model.script.push(textAnswer('Order 4471 ships tomorrow.'));
    expect(await agent.handle('shop-1', 'Where is my order 4471?')).toEqual({
      text: 'Order 4471 ships tomorrow.',
      by: 'model',
    });

    const handoff = await agent.handle('shop-1', 'This is useless. I want to talk to a real person now.');
    expect(handoff.by).toBe('baton');
    expect(handoff.text).toMatch(/\S/);
    expect(model.doGenerateCalls).toHaveLength(1);

    const [queued] = await operator.listHandoffs({ status: 'queued' });
    expect(queued).toMatchObject({ conversationId: 'shop-1', signal: 'human_request' });
    await operator.claim(queued!.id);
    await operator.reply(queued!.id, { text: 'Hi, I am Ada. Let me look.' });

    expect(await agent.handle('shop-1', 'Thanks Ada, it is a present.')).toEqual({
      text: null,
      by: 'nobody',
    });
    expect(model.doGenerateCalls).toHaveLength(1);

    await operator.returnToAgent(queued!.id, { note: 'Refund issued for order 4471; offer a 10% voucher.' });
    model.script.push(textAnswer('It is sorted: your refund is on its way, and here is a 10% voucher.'));
    const resumed = await agent.handle('shop-1', 'So is it sorted?');
    expect(resumed.by).toBe('model');
    expect(systemPromptOf(model, 1)).toContain('Refund issued for order 4471');

    const view = await agentClient.getConversation('shop-1');
    expect(view.turns.map((turn) => `${turn.role}: ${turn.text}`)).toEqual([
      'customer: Where is my order 4471?',
      'agent: Order 4471 ships tomorrow.',
      'customer: This is useless. I want to talk to a real person now.',
      'operator: Hi, I am Ada. Let me look.',
      'customer: Thanks Ada, it is a present.',
      'customer: So is it sorted?',
      'agent: It is sorted: your refund is on its way, and here is a 10% voucher.',
    ]);
  });

  it('lets the model ask for a person with the tool', async () => {
    const model = scriptedModel();
    const agent = createSupportAgent({ baton: agentClient, model });
    model.script.push(
      toolCallAnswer('request_person', { reason: 'Warranty repairs need a person', priority: 'high' }),
      textAnswer('A colleague will take over.'),
    );
    const reply = await agent.handle('shop-2', 'Can I get a warranty repair for my blender?');
    expect(reply.by).toBe('baton');
    expect(reply.text).toMatch(/\S/);

    const view = await agentClient.getConversation('shop-2');
    expect(view.handoffs).toHaveLength(1);
    expect(view.handoffs[0]).toMatchObject({
      status: 'queued',
      trigger: 'agent_requested',
      reason: 'Warranty repairs need a person',
      priority: 'high',
    });
    // The tool's result went back to the model in the second step.
    expect(JSON.stringify(model.doGenerateCalls[1]?.prompt)).toContain(view.handoffs[0]!.id);
  });
});
