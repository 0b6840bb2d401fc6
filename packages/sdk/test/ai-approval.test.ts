/**
 * `@baton/sdk/ai`'s approval wiring with the AI SDK's own tool approval, its mock model and a real
 * Baton: a refund the policy reserves for an operator is held; the operator's yes lets the next
 * `generateText` run it, a no sends the refusal to the model instead.
 */
import { generateText, tool, type ModelMessage } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { batonApproval, resolveApprovalRequests } from '../src/ai/index.ts';
import { BatonClient, type RequestAnswer } from '../src/index.ts';
import { startBaton, type RunningBaton } from './support/baton-server.ts';
import { scriptedModel, textAnswer, toolCallAnswer } from './support/scripted-model.ts';

let baton: RunningBaton;
let agentClient: BatonClient;
let operator: BatonClient;
beforeAll(async () => {
  baton = await startBaton();
  agentClient = new BatonClient({ baseUrl: baton.url, apiKey: baton.keys.agent });
  operator = new BatonClient({ baseUrl: baton.url, apiKey: baton.keys.operator });
});
afterAll(() => baton?.close());

/** The operator's side: take the approval request as it arrives and answer it. */
async function operatorAnswers(conversationId: string, answer: RequestAnswer): Promise<void> {
  for await (const event of operator.events({ conversation: conversationId, from: 'oldest' })) {
    if (event.type !== 'request-created') continue;
    await operator.answerRequest(String(event.data['requestId']), answer);
    return;
  }
}

async function refundFlow(conversationId: string, operatorAnswer: RequestAnswer) {
  const refunds: number[] = [];
  const tools = {
    issue_refund: tool({
      description: 'Refund an amount.',
      inputSchema: z.object({ amount: z.number() }),
      needsApproval: batonApproval(agentClient, conversationId, 'issue_refund'),
      execute: async ({ amount }) => {
        refunds.push(amount);
        return `refunded ${amount}`;
      },
    }),
  };
  const model = scriptedModel();
  await agentClient.postTurn(conversationId, { role: 'customer', text: 'Refund my 120 please.' });
  const history: ModelMessage[] = [{ role: 'user', content: 'Refund my 120 please.' }];

  model.script.push(toolCallAnswer('issue_refund', { amount: 120 }, 'call-refund'));
  const held = await generateText({ model, tools, messages: history });
  expect(held.content.some((part) => part.type === 'tool-approval-request')).toBe(true);
  expect(refunds).toEqual([]);
  history.push(...held.response.messages);

  const [resolved] = await Promise.all([
    resolveApprovalRequests(held, agentClient, conversationId, { pollIntervalMs: 20 }),
    operatorAnswers(conversationId, operatorAnswer),
  ]);
  history.push(resolved!.message);
  model.script.push(textAnswer('Done.'));
  await generateText({ model, tools, messages: history });
  return {
    refunds,
    answer: resolved!.answer,
    lastPrompt: JSON.stringify(model.doGenerateCalls.at(-1)?.prompt),
  };
}

describe('AI SDK tool approval through Baton', () => {
  it("runs the held call after an operator's yes", async () => {
    const { refunds, answer, lastPrompt } = await refundFlow('ai-yes', { decision: 'approve' });
    expect(answer).toMatchObject({ approved: true });
    expect(refunds).toEqual([120]);
    expect(lastPrompt).toContain('refunded 120');
  });

  it("never runs it after an operator's no, and the model hears why", async () => {
    const { refunds, answer, lastPrompt } = await refundFlow('ai-no', {
      decision: 'refuse',
      note: 'Okay, no. Do not refund, this is fraud.',
    });
    expect(answer).toMatchObject({ approved: false, reason: 'refused' });
    expect(refunds).toEqual([]);
    expect(lastPrompt).toContain('this is fraud');
  });

  it('sends edited arguments back to the model as the call to make instead', async () => {
    const { refunds, answer, lastPrompt } = await refundFlow('ai-edit', {
      decision: 'edit',
      editedArgs: [{ amount: 60 }],
      note: 'half now',
    });
    expect(answer).toMatchObject({ approved: true, reason: 'edited', editedArgs: [{ amount: 60 }] });
    expect(refunds).toEqual([]);
    expect(lastPrompt).toContain('issue_refund({\\"amount\\":60}) instead');
  });
});
