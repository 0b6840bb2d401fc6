/**
 * LangGraph interrupts end to end over real HTTP: a `HumanInterrupt` becomes an approval or a
 * consult on the conversation; the operator's structured answer comes back as the `HumanResponse`
 * the graph resumes with (accept, edit, response, ignore).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdapterStack, type AdapterStack } from './harness.ts';

const refund = (
  config: Partial<Record<'allow_accept' | 'allow_edit' | 'allow_respond' | 'allow_ignore', boolean>>,
) => ({
  action_request: { action: 'issue_refund', args: { orderId: 'A-1001', amount: 120 } },
  config: { allow_accept: true, allow_edit: true, allow_respond: true, allow_ignore: true, ...config },
  description: 'Refund 120 EUR for order A-1001?',
});

describe.each(['pglite', 'postgres'] as const)('LangGraph interrupts (%s)', (backend) => {
  let baton: AdapterStack;
  beforeAll(async () => {
    baton = await startAdapterStack(backend, async () => ({ allowPrivate: true }));
  });
  afterAll(() => baton?.close());

  const interrupt = async (conversationId: string, interrupts: unknown[]) => {
    const created = await baton.post(baton.keys.agent, '/v1/adapters/langgraph/interrupts', {
      conversationId,
      interrupts,
    });
    expect(created.status).toBe(201);
    return created.body['interrupts'] as { requestId: string; status: string; request: { kind: string } }[];
  };
  const state = async (requestId: string) => {
    const response = await fetch(new URL(`/v1/adapters/langgraph/interrupts/${requestId}`, baton.url), {
      headers: { authorization: `Bearer ${baton.keys.agent}` },
    });
    return (await response.json()) as { status: string; response: unknown };
  };
  const answer = (requestId: string, body: unknown) =>
    baton.post(baton.keys.operator, `/v1/requests/${requestId}/answer`, body);

  it('an accept-or-edit interrupt is an approval; approve is accept, edit carries the edited action', async () => {
    const [first, second] = await interrupt('lg-1', [refund({}), refund({})]);
    expect(first).toMatchObject({ status: 'pending', request: { kind: 'approval' } });
    expect(await state(first!.requestId)).toMatchObject({ status: 'pending', response: null });
    // The graph's conversation did not exist: the description opened it.
    expect((await baton.conversation('lg-1')).turns[0]?.text).toContain('Refund 120 EUR for order A-1001?');

    expect((await answer(first!.requestId, { decision: 'approve' })).status).toBe(200);
    expect(await state(first!.requestId)).toEqual(
      expect.objectContaining({ status: 'done', response: { type: 'accept', args: null } }),
    );

    expect(
      (await answer(second!.requestId, { decision: 'edit', editedArgs: [{ orderId: 'A-1001', amount: 60 }] }))
        .status,
    ).toBe(200);
    expect((await state(second!.requestId)).response).toEqual({
      type: 'edit',
      args: { action: 'issue_refund', args: { orderId: 'A-1001', amount: 60 } },
    });
  });

  it('a respond-only interrupt is a consult; refusals and cancellations are ignore or a response', async () => {
    const [consult, refused, withNote] = await interrupt('lg-2', [
      refund({ allow_accept: false, allow_edit: false }),
      refund({}),
      refund({}),
    ]);
    expect(consult!.request.kind).toBe('consult');
    expect(
      (await answer(consult!.requestId, { text: 'Only refund 60 EUR, the rest was a gift card.' })).status,
    ).toBe(200);
    expect((await state(consult!.requestId)).response).toEqual({
      type: 'response',
      args: 'Only refund 60 EUR, the rest was a gift card.',
    });
    await answer(refused!.requestId, { decision: 'refuse' });
    expect((await state(refused!.requestId)).response).toEqual({ type: 'ignore', args: null });
    await answer(withNote!.requestId, { decision: 'refuse', note: 'Fraud suspected; do not refund.' });
    expect((await state(withNote!.requestId)).response).toEqual({
      type: 'response',
      args: 'Fraud suspected; do not refund.',
    });

    const [cancelled] = await interrupt('lg-2', [refund({})]);
    expect(
      (await baton.post(baton.keys.agent, `/v1/requests/${cancelled!.requestId}/cancel`, {})).status,
    ).toBe(200);
    expect((await state(cancelled!.requestId)).response).toEqual({ type: 'ignore', args: null });
  });

  it('refuses what is not a HumanInterrupt', async () => {
    const bad = await baton.post(baton.keys.agent, '/v1/adapters/langgraph/interrupts', {
      conversationId: 'lg-3',
      interrupts: [{ action_request: { action: 'x' } }],
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
  });
});
