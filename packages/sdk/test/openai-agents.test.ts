/**
 * `@baton/sdk/openai-agents` with the real OpenAI Agents SDK, a local Chat Completions server and a
 * real Baton: a refund the policy reserves for an operator stops the run; the operator's yes lets it
 * run after resuming, a no keeps it from running; and the model can ask for a person.
 */
import { Agent, OpenAIProvider, Runner, tool } from '@openai/agents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RequestAnswer } from '../src/index.ts';
import { BatonClient } from '../src/index.ts';
import { batonApproval, batonHandoffTool, resolveApprovals } from '../src/openai-agents/index.ts';
import { startBaton, type RunningBaton } from './support/baton-server.ts';
import { startChatCompletionsServer, type ChatCompletionsServer } from './support/chat-completions-server.ts';

let baton: RunningBaton;
let model: ChatCompletionsServer;
let agentClient: BatonClient;
let operator: BatonClient;
let runner: Runner;

beforeAll(async () => {
  baton = await startBaton();
  model = await startChatCompletionsServer();
  agentClient = new BatonClient({ baseUrl: baton.url, apiKey: baton.keys.agent });
  operator = new BatonClient({ baseUrl: baton.url, apiKey: baton.keys.operator });
  runner = new Runner({
    modelProvider: new OpenAIProvider({ apiKey: 'test-key', baseURL: model.baseURL, useResponses: false }),
    tracingDisabled: true,
  });
});
afterAll(async () => {
  await model?.[Symbol.asyncDispose]();
  await baton?.close();
});

/** An agent whose `issue_refund` tool waits for Baton's approval decision. */
function refundAgent(conversationId: string, refunds: number[]) {
  const issueRefund = tool({
    name: 'issue_refund',
    description: 'Refund an amount to the customer.',
    parameters: z.object({ amount: z.number() }),
    needsApproval: batonApproval(agentClient, conversationId, 'issue_refund'),
    execute: async ({ amount }) => {
      refunds.push(amount);
      return `refunded ${amount}`;
    },
  });
  return new Agent({
    name: 'support',
    instructions: 'Help with refunds.',
    model: 'scripted',
    tools: [issueRefund],
  });
}

/** The operator's side: wait for the approval request, read it, answer it with a structured answer. */
async function operatorAnswers(conversationId: string, answer: RequestAnswer): Promise<string> {
  const stop = new AbortController();
  let requestId = '';
  for await (const event of operator.events({
    conversation: conversationId,
    from: 'oldest',
    signal: stop.signal,
  })) {
    if (event.type === 'request-created') {
      requestId = String(event.data['requestId']);
      break;
    }
  }
  const request = await operator.getRequest(requestId);
  expect(request).toMatchObject({ kind: 'approval', options: { actions: [{ toolName: 'issue_refund' }] } });
  expect(request.question).toContain('issue_refund({"amount":120})');
  await operator.answerRequest(requestId, answer);
  return requestId;
}

describe('approval through Baton', () => {
  it("an operator's yes lets the held tool call run after the run resumes", async () => {
    const refunds: number[] = [];
    const agent = refundAgent('oa-yes', refunds);
    await agentClient.postTurn('oa-yes', {
      role: 'customer',
      text: 'I was charged twice, please refund 120.',
    });
    model.script.push({
      toolCalls: [{ id: 'call_refund_1', name: 'issue_refund', arguments: { amount: 120 } }],
    });

    const first = await runner.run(agent, 'I was charged twice, please refund 120.');
    expect(first.interruptions).toHaveLength(1);
    expect(refunds).toEqual([]);
    const view = await agentClient.getConversation('oa-yes');
    expect(view.turns.at(-1)).toMatchObject({ role: 'agent', toolCalls: [{ name: 'issue_refund' }] });

    const requested: string[] = [];
    const [answer] = await Promise.all([
      resolveApprovals(first, agentClient, 'oa-yes', {
        pollIntervalMs: 20,
        onRequested: ({ request }) => void requested.push(request.kind),
      }),
      operatorAnswers('oa-yes', { decision: 'approve', note: 'the double charge is confirmed' }),
    ]);
    expect(answer).toMatchObject({
      approved: true,
      reason: 'approved',
      note: 'the double charge is confirmed',
    });
    expect(requested).toEqual(['approval']);

    model.script.push({ text: 'Your refund of 120 is on its way.' });
    const resumed = await runner.run(agent, first.state);
    expect(refunds).toEqual([120]);
    expect(resumed.finalOutput).toBe('Your refund of 120 is on its way.');
    const toolOutput = model.requests.at(-1)!.messages.find((message) => message.role === 'tool');
    expect(toolOutput).toMatchObject({ tool_call_id: 'call_refund_1', content: 'refunded 120' });
    // Resuming asked about the same call again: its idempotency key (the call id) stored it once.
    const pending = (await agentClient.getConversation('oa-yes')).turns.filter(
      (turn) => turn.role === 'agent',
    );
    expect(pending).toHaveLength(1);
  });

  it("an operator's no keeps the tool from running, and the model hears why", async () => {
    const refunds: number[] = [];
    const agent = refundAgent('oa-no', refunds);
    await agentClient.postTurn('oa-no', { role: 'customer', text: 'Refund 120 now.' });
    model.script.push({
      toolCalls: [{ id: 'call_refund_2', name: 'issue_refund', arguments: { amount: 120 } }],
    });
    const first = await runner.run(agent, 'Refund 120 now.');
    expect(first.interruptions).toHaveLength(1);

    const [answer] = await Promise.all([
      resolveApprovals(first, agentClient, 'oa-no', { pollIntervalMs: 20 }),
      // Prose that starts with "okay" is only a note: the decision is what counts.
      operatorAnswers('oa-no', {
        decision: 'refuse',
        note: 'Okay, no: this order was already refunded last week.',
      }),
    ]);
    expect(answer).toMatchObject({ approved: false, reason: 'refused' });

    model.script.push({ text: 'A colleague will follow up about your refund.' });
    await runner.run(agent, first.state);
    expect(refunds).toEqual([]);
    const toolOutput = model.requests.at(-1)!.messages.find((message) => message.role === 'tool');
    expect(String(toolOutput?.content)).toContain('already refunded last week');
  });

  it('a tool outside the approval list runs without stopping', async () => {
    const looked: string[] = [];
    const lookup = tool({
      name: 'lookup_order',
      description: 'Look an order up.',
      parameters: z.object({ orderId: z.string() }),
      needsApproval: batonApproval(agentClient, 'oa-free', 'lookup_order'),
      execute: async ({ orderId }) => {
        looked.push(orderId);
        return 'shipped';
      },
    });
    const agent = new Agent({ name: 'support', instructions: '', model: 'scripted', tools: [lookup] });
    model.script.push({
      toolCalls: [{ id: 'call_lookup', name: 'lookup_order', arguments: { orderId: 'A1' } }],
    });
    model.script.push({ text: 'It has shipped.' });
    const result = await runner.run(agent, 'Where is A1?');
    expect(result.interruptions).toHaveLength(0);
    expect(looked).toEqual(['A1']);
    expect(result.finalOutput).toBe('It has shipped.');
  });
});

describe('batonHandoffTool', () => {
  it('lets the model ask for a person', async () => {
    await agentClient.postTurn('oa-person', { role: 'customer', text: 'My package is damaged.' });
    const agent = new Agent({
      name: 'support',
      instructions: '',
      model: 'scripted',
      tools: [batonHandoffTool(agentClient, 'oa-person')],
    });
    model.script.push({
      toolCalls: [
        {
          id: 'call_person',
          name: 'request_person',
          arguments: { reason: 'Damaged goods claim', priority: null },
        },
      ],
    });
    model.script.push({ text: 'A person will join shortly.' });
    const result = await runner.run(agent, 'My package is damaged.');
    expect(result.finalOutput).toBe('A person will join shortly.');
    const view = await agentClient.getConversation('oa-person');
    expect(view.handoffs).toHaveLength(1);
    expect(view.handoffs[0]).toMatchObject({
      reason: 'Damaged goods claim',
      priority: 'normal',
      status: 'queued',
    });
  });
});
