/**
 * Sunshine Conversations' switchboard end to end, on PGlite and PostgreSQL: webhooks in (passControl
 * and offerControl to Baton's integration, the user's messages) with the webhook secret, and a local
 * server following the Conversations API (messages read for context; acceptControl, passControl and
 * business messages out, with the app key).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdapterStack, startRecorder, type AdapterStack } from './harness.ts';

const APP = 'app-5f1c';
const WEBHOOK_SECRET = 'whsec-sunco';

function webhook(events: Record<string, unknown>[]) {
  return { app: { id: APP }, webhook: { id: 'wh1', version: 'v2' }, events };
}

const passControl = (
  conversation: string,
  type: 'passControl' | 'offerControl',
  metadata: Record<string, string>,
) => ({
  id: `ev-${conversation}-${type}`,
  type: `switchboard:${type}`,
  payload: {
    conversation: {
      id: conversation,
      type: 'personal',
      ...(type === 'passControl'
        ? { activeSwitchboardIntegration: { id: 'sbi-2', name: 'baton', integrationType: 'custom' } }
        : {
            activeSwitchboardIntegration: { id: 'sbi-1', name: 'bot', integrationType: 'custom' },
            pendingSwitchboardIntegration: { id: 'sbi-2', name: 'baton', integrationType: 'custom' },
          }),
    },
    metadata,
    user: { id: 'u-1', profile: { givenName: 'Inès', surname: 'Moreau' } },
  },
});

describe.each(['pglite', 'postgres'] as const)("Sunshine Conversations' switchboard (%s)", (backend) => {
  let sunco: Awaited<ReturnType<typeof startRecorder>>;
  let baton: AdapterStack;

  beforeAll(async () => {
    sunco = await startRecorder({
      [`GET /v2/apps/${APP}/conversations/conv-a/messages`]: {
        messages: [
          {
            author: { type: 'user' },
            content: { type: 'text', text: 'My parcel TRK-55120 is stuck in Lyon.' },
          },
          {
            author: { type: 'business' },
            content: { type: 'text', text: 'TRK-55120 has been in Lyon since Monday.' },
          },
          { author: { type: 'user' }, content: { type: 'image', mediaUrl: 'https://example.com/x.png' } },
        ],
      },
    });
    baton = await startAdapterStack(backend, async (service) => ({
      allowPrivate: true,
      sunshine: {
        appId: APP,
        keyId: 'app_key_1',
        keySecret: 'key-secret',
        webhookSecret: WEBHOOK_SECRET,
        integration: 'baton',
        botIntegration: 'bot',
        agentKey: (await service.createKey({ scope: 'agent', name: 'sunco' })).key,
        apiUrl: sunco.url,
      },
    }));
  });
  afterAll(async () => {
    await baton?.close();
    await sunco?.close();
  });

  const deliver = (events: Record<string, unknown>[], secret = WEBHOOK_SECRET) =>
    baton.post(undefined, '/v1/adapters/sunshine/webhook', webhook(events), { 'x-api-key': secret });

  it('takes control with the recent messages, relays replies, and passes control back to the bot', async () => {
    expect((await deliver([], 'wrong')).body).toMatchObject({ code: 'invalid_signature' });
    const taken = await deliver([
      passControl('conv-a', 'passControl', { reason: 'Parcel stuck', queue: 'billing' }),
    ]);
    expect(taken).toMatchObject({ status: 200, body: { received: 1 } });
    const view = await baton.conversation('sunco:conv-a');
    expect(view.turns.map((turn) => [turn.role, turn.text])).toEqual([
      ['customer', 'My parcel TRK-55120 is stuck in Lyon.'],
      ['agent', 'TRK-55120 has been in Lyon since Monday.'],
    ]);
    expect(view.customer.name).toBe('Inès Moreau');
    const handoff = view.handoffs[0]!;
    expect(handoff).toMatchObject({ status: 'queued', queue: 'billing' });
    expect(JSON.stringify(handoff.brief)).toContain('TRK-55120');
    const read = sunco.calls.find((call) => call.method === 'GET')!;
    expect(read.headers.authorization).toBe(
      `Basic ${Buffer.from('app_key_1:key-secret').toString('base64')}`,
    );

    const message = {
      id: 'ev-m1',
      type: 'conversation:message',
      payload: {
        conversation: { id: 'conv-a' },
        message: { id: 'msg-1', author: { type: 'user' }, content: { type: 'text', text: 'Any news?' } },
      },
    };
    await deliver([message]);
    await deliver([message]); // A redelivered webhook is recorded once.
    // A message in a conversation the bot kept is not Baton's to record.
    await deliver([{ ...message, payload: { ...message.payload, conversation: { id: 'conv-bot-only' } } }]);
    expect((await baton.conversation('sunco:conv-a')).turns.at(-1)).toMatchObject({
      role: 'customer',
      text: 'Any news?',
    });
    const notOurs = await fetch(new URL('/v1/conversations/sunco:conv-bot-only', baton.url), {
      headers: { authorization: `Bearer ${baton.keys.operator}` },
    });
    expect(notOurs.status).toBe(404);

    const before = sunco.calls.length;
    await baton.post(baton.keys.operator, `/v1/handoffs/${handoff.id}/claim`, {});
    await baton.post(baton.keys.operator, `/v1/handoffs/${handoff.id}/messages`, {
      text: 'I have asked Lyon to release it.',
    });
    const resolved = await baton.post(baton.keys.operator, `/v1/handoffs/${handoff.id}/resolve`, {
      resolved: true,
      warranted: true,
    });
    expect(resolved.body).toMatchObject({ status: 'resolved' });
    const out = (await sunco.waitFor(before + 2)).slice(before);
    expect(out.map((call) => call.path)).toEqual([
      `/v2/apps/${APP}/conversations/conv-a/messages`,
      `/v2/apps/${APP}/conversations/conv-a/passControl`,
    ]);
    expect(out[0]!.body).toMatchObject({
      author: { type: 'business', displayName: 'Ada' },
      content: { type: 'text', text: 'I have asked Lyon to release it.' },
    });
    expect(out[1]!.body).toMatchObject({ switchboardIntegration: 'bot', metadata: { baton: 'resolved' } });
  });

  it('accepts offered control when an operator claims', async () => {
    await deliver([passControl('conv-b', 'offerControl', { summary: 'Wants a human' })]);
    const view = await baton.conversation('sunco:conv-b');
    expect(view.turns.map((turn) => turn.text)).toEqual(['Summary from the agent: Wants a human']);
    const before = sunco.calls.length;
    await baton.post(baton.keys.operator, `/v1/handoffs/${view.handoffs[0]!.id}/claim`, {});
    const [accepted] = (await sunco.waitFor(before + 1)).slice(before);
    expect(accepted).toMatchObject({
      method: 'POST',
      path: `/v2/apps/${APP}/conversations/conv-b/acceptControl`,
      body: { metadata: { operator: 'Ada' } },
    });
  });
});
