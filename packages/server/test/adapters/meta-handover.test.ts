/**
 * Meta's handover protocol end to end, on PGlite and PostgreSQL: signed webhook deliveries in (the
 * bot's `pass_thread_control` to Baton's app, the customer's messages, `take_thread_control`), and a
 * local server following the Graph API's Send API and handover calls out.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdapterStack, startRecorder, type AdapterStack } from './harness.ts';

const SECRET = 'app-secret-123';
const PAGE = '1122334455';
const PRIMARY_APP = '263902037430900';

const sign = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

/** A webhook delivery of one messaging item, as Meta sends it. */
function delivery(item: Record<string, unknown>): string {
  return JSON.stringify({
    object: 'page',
    entry: [
      { id: PAGE, time: 1_700_000_000_000, messaging: [{ recipient: { id: PAGE }, timestamp: 1, ...item }] },
    ],
  });
}

describe.each(['pglite', 'postgres'] as const)("Meta's handover protocol (%s)", (backend) => {
  let graph: Awaited<ReturnType<typeof startRecorder>>;
  let baton: AdapterStack;

  beforeAll(async () => {
    graph = await startRecorder();
    baton = await startAdapterStack(backend, async (service) => ({
      allowPrivate: true,
      meta: {
        appSecret: SECRET,
        verifyToken: 'verify-me',
        pageToken: 'page-token',
        primaryAppId: PRIMARY_APP,
        agentKey: (await service.createKey({ scope: 'agent', name: 'messenger' })).key,
        graphUrl: `${graph.url}/v21.0`,
      },
    }));
  });
  afterAll(async () => {
    await baton?.close();
    await graph?.close();
  });

  const deliver = (item: Record<string, unknown>) => {
    const body = delivery(item);
    return baton.post(undefined, '/v1/adapters/meta/webhook', body, { 'x-hub-signature-256': sign(body) });
  };

  it("answers Meta's verification and refuses unsigned deliveries", async () => {
    const verify = (token: string) =>
      fetch(
        new URL(
          `/v1/adapters/meta/webhook?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=ch-4471`,
          baton.url,
        ),
      );
    const ok = await verify('verify-me');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('ch-4471');
    expect((await verify('wrong')).status).toBe(403);

    const body = delivery({ sender: { id: 'psid-x' }, message: { mid: 'm-x', text: 'hi' } });
    const unsigned = await baton.post(undefined, '/v1/adapters/meta/webhook', body);
    expect(unsigned).toMatchObject({ status: 401, body: { code: 'invalid_signature' } });
    const forged = await baton.post(undefined, '/v1/adapters/meta/webhook', body, {
      'x-hub-signature-256': `sha256=${'0'.repeat(64)}`,
    });
    expect(forged.status).toBe(401);
  });

  it('takes the thread the bot passes, relays operator replies, and passes the thread back', async () => {
    const psid = 'psid-5501';
    const conversationId = `meta:${PAGE}:${psid}`;
    const passed = await deliver({
      sender: { id: psid },
      pass_thread_control: {
        new_owner_app_id: '999',
        metadata: JSON.stringify({
          reason: 'Wants to change the delivery address',
          summary: 'Order 88-1203 ships tomorrow; customer moved to Porto.',
          recentTurns: [
            { role: 'customer', text: 'My order 88-1203 must go to my new address in Porto.' },
            { role: 'agent', text: 'I cannot change addresses on shipped orders.' },
          ],
        }),
      },
    });
    expect(passed).toMatchObject({ status: 200, body: { received: 1 } });
    const message = {
      sender: { id: psid },
      message: { mid: 'm-1', text: 'The new street is Rua das Flores 12.' },
    };
    await deliver(message);
    await deliver(message); // Meta retries deliveries: recorded once.

    const view = await baton.conversation(conversationId);
    expect(view.turns.map((turn) => [turn.role, turn.text])).toEqual([
      ['customer', 'My order 88-1203 must go to my new address in Porto.'],
      ['agent', 'I cannot change addresses on shipped orders.'],
      ['system', 'Summary from the agent: Order 88-1203 ships tomorrow; customer moved to Porto.'],
      ['customer', 'The new street is Rua das Flores 12.'],
    ]);
    const handoff = view.handoffs[0]!;
    expect(handoff.status).toBe('queued');
    expect(JSON.stringify(handoff.brief)).toContain('88-1203');

    const before = graph.calls.length;
    expect((await baton.post(baton.keys.operator, `/v1/handoffs/${handoff.id}/claim`, {})).status).toBe(200);
    graph.failTimes(1); // The Send API fails once: the reply is sent again, once it succeeds.
    const replied = await baton.post(baton.keys.operator, `/v1/handoffs/${handoff.id}/messages`, {
      text: 'Hi, I am Ada. I will update the address to Rua das Flores 12.',
    });
    expect(replied.status).toBe(201);
    const [sent] = (await graph.waitFor(before + 1)).slice(before);
    expect(sent).toMatchObject({
      path: '/v21.0/me/messages',
      body: {
        recipient: { id: psid },
        messaging_type: 'RESPONSE',
        message: { text: 'Hi, I am Ada. I will update the address to Rua das Flores 12.' },
      },
    });
    expect(sent!.query.get('access_token')).toBe('page-token');

    expect(
      (
        await baton.post(baton.keys.operator, `/v1/handoffs/${handoff.id}/return`, {
          note: 'Address updated.',
        })
      ).status,
    ).toBe(200);
    const [passedBack] = (await graph.waitFor(before + 2)).slice(before + 1);
    expect(passedBack).toMatchObject({
      path: '/v21.0/me/pass_thread_control',
      body: { recipient: { id: psid }, target_app_id: PRIMARY_APP },
    });
    expect(JSON.parse(String(passedBack!.body['metadata']))).toEqual({
      baton: 'returned',
      note: 'Address updated.',
    });

    await deliver({
      sender: { id: psid },
      take_thread_control: { previous_owner_app_id: '999', metadata: 'bot resumes' },
    });
    const after = await baton.conversation(conversationId);
    expect(after.turns.at(-1)).toMatchObject({
      role: 'system',
      text: expect.stringContaining('take_thread_control'),
    });
    // A note about a thread Baton never had creates nothing.
    await deliver({ sender: { id: 'psid-unknown' }, request_thread_control: { metadata: 'give it back' } });
    const unknown = await fetch(new URL(`/v1/conversations/meta:${PAGE}:psid-unknown`, baton.url), {
      headers: { authorization: `Bearer ${baton.keys.operator}` },
    });
    expect(unknown.status).toBe(404);
  });

  it('reads plain-text metadata as the reason, and ignores echoes', async () => {
    const psid = 'psid-7702';
    await deliver({ sender: { id: psid }, pass_thread_control: { metadata: 'Customer asked for a human' } });
    await deliver({
      sender: { id: PAGE },
      recipient: { id: psid },
      message: { mid: 'm-echo', text: 'echo', is_echo: true },
    });
    const view = await baton.conversation(`meta:${PAGE}:${psid}`);
    expect(view.handoffs[0]).toMatchObject({ status: 'queued' });
    expect(view.turns.map((turn) => turn.text)).toEqual([
      'Summary from the agent: Customer asked for a human',
    ]);
  });
});
