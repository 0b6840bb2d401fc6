/**
 * `@baton/sdk/testing`: the test double an agent author uses instead of a server. Shown here the
 * way they would use it: the example agent with the AI SDK's mock model, scripted decisions, and
 * the operator's part played by the double.
 */
import { describe, expect, it } from 'vitest';
import { createSupportAgent } from '../../../examples/ai-sdk-agent/agent.ts';
import { askForApproval } from '../src/approval.ts';
import { BatonApiError, TurnResultSchema } from '../src/index.ts';
import { FakeBatonClient } from '../src/testing/index.ts';
import { scriptedModel, systemPromptOf, textAnswer, toolCallAnswer } from './support/scripted-model.ts';

describe('FakeBatonClient', () => {
  it('drives an agent through a scripted handoff, an operator, and a return with a note', async () => {
    const baton = new FakeBatonClient();
    const model = scriptedModel();
    const agent = createSupportAgent({ baton, model });

    model.script.push(textAnswer('Hello! How can I help?'));
    expect(await agent.handle('t-1', 'hi')).toEqual({ text: 'Hello! How can I help?', by: 'model' });

    baton.scriptDecisions('handoff');
    const handedOff = await agent.handle('t-1', 'get me a manager');
    expect(handedOff).toEqual({ text: expect.stringMatching(/person will join/), by: 'baton' });
    expect(model.doGenerateCalls).toHaveLength(1);

    baton.operatorClaims('t-1', 'Ada');
    expect(await agent.handle('t-1', 'hello?')).toEqual({ text: null, by: 'nobody' });

    baton.operatorReturns('t-1', 'Customer is a VIP; be generous.');
    model.script.push(textAnswer('Of course!'));
    expect(await agent.handle('t-1', 'thanks')).toEqual({ text: 'Of course!', by: 'model' });
    expect(systemPromptOf(model, 1)).toContain('Customer is a VIP');

    expect(
      baton.calls.map((call) => `${call.method}:${(call.args[0] as { role?: string }).role ?? ''}`),
    ).toEqual([
      'postTurn:customer',
      'postTurn:agent',
      'postTurn:customer',
      'postTurn:customer',
      'postTurn:customer',
      'postTurn:agent',
    ]);
    expect(baton.turns('t-1').map((turn) => turn.seq)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("records the model's own request for a person, and refuses a second one as the API does", async () => {
    const baton = new FakeBatonClient();
    const model = scriptedModel();
    const agent = createSupportAgent({ baton, model });
    model.script.push(toolCallAnswer('request_person', { reason: 'Legal question' }), textAnswer('ok'));
    expect((await agent.handle('t-2', 'Can I sue you?')).by).toBe('baton');
    expect(baton.openHandoff('t-2')).toMatchObject({ reason: 'Legal question', trigger: 'agent_requested' });
    const second = await baton.requestHandoff('t-2', { reason: 'again' }).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(BatonApiError);
    expect(second).toMatchObject({ code: 'handoff_open', status: 409 });
  });

  it('answers with the wire shapes and scripted partial decisions', async () => {
    const baton = new FakeBatonClient().scriptDecisions({
      action: 'approval',
      approvalTools: ['issue_refund'],
    });
    const result = await baton.postTurn('t-3', {
      role: 'agent',
      text: '(about to refund)',
      toolCalls: [{ name: 'issue_refund', ok: true }],
    });
    expect(TurnResultSchema.parse(result)).toEqual(result);
    expect(result.decision).toMatchObject({ action: 'approval', approvalTools: ['issue_refund'] });
    expect(result.customerMessage).toMatch(/approve/);
    const observed = await baton.observe('t-3').customer('and?');
    expect(observed).toMatchObject({ shouldReply: true, say: null });
  });

  it('plays the operator answering an approval', async () => {
    const baton = new FakeBatonClient();
    await baton.postTurn('t-4', { role: 'customer', text: 'refund please' });
    const waiting = askForApproval(baton, 't-4', [{ toolName: 'issue_refund', args: { amount: 5 } }], {
      pollIntervalMs: 1,
    });
    await new Promise((resolve) => setImmediate(resolve));
    baton.operatorAnswers('t-4', {
      decision: 'edit',
      editedArgs: [{ amount: 4 }],
      note: 'store credit rules',
    });
    expect(await waiting).toMatchObject({
      approved: true,
      reason: 'edited',
      editedArgs: [{ amount: 4 }],
      note: 'store credit rules',
    });
    const refused = askForApproval(baton, 't-4', [{ toolName: 'issue_refund', args: { amount: 9 } }], {
      pollIntervalMs: 1,
    });
    await new Promise((resolve) => setImmediate(resolve));
    // A "yes" in prose is not an answer: only the structured decision counts.
    baton.operatorAnswers('t-4', { decision: 'refuse', note: 'Okay, no. Do not refund, this is fraud' });
    expect(await refused).toMatchObject({ approved: false, reason: 'refused' });
  });
});
