/**
 * Bot Framework's handoff protocol end to end, on PGlite and PostgreSQL: botbuilder builds the
 * `handoff.initiate` activity a bot sends; Baton records the transcript and queues the handoff; a
 * local HTTP server stands in for the bot's messaging endpoint and receives the `handoff.status`
 * activities, compared with what botbuilder's own `EventFactory.createHandoffStatus` makes.
 */
import { EventFactory, HandoffEventNames, TestAdapter, TurnContext } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import { startAdapterStack, startRecorder, type AdapterStack } from './harness.ts';

/** The activity a bot sends to hand the conversation over, made by botbuilder itself. */
function initiation(conversationId: string, context: Record<string, unknown>) {
  const turn = new TurnContext(new TestAdapter(), {
    type: 'message',
    text: 'Please look into it.',
    channelId: 'webchat',
    serviceUrl: 'https://webchat.example/',
    conversation: { id: conversationId },
    from: { id: 'user-1', name: 'Maya Chen', role: 'user' },
    recipient: { id: 'bot-1', name: 'Helpdesk Bot', role: 'bot' },
  } as never);
  const transcript = {
    activities: [
      {
        type: 'message',
        text: 'My invoice INV-20931 shows 89.90 EUR twice.',
        from: { id: 'user-1', role: 'user' },
      },
      {
        type: 'message',
        text: 'I see two charges of 89.90 EUR on INV-20931.',
        from: { id: 'bot-1', role: 'bot' },
      },
      { type: 'typing', from: { id: 'bot-1', role: 'bot' } },
      { type: 'message', text: 'Please look into it.', from: { id: 'user-1', role: 'user' } },
    ],
  };
  return EventFactory.createHandoffInitiation(turn, context, transcript as never);
}

describe.each(['pglite', 'postgres'] as const)('Bot Framework handoff protocol (%s)', (backend) => {
  let bot: Awaited<ReturnType<typeof startRecorder>>;
  let baton: AdapterStack;
  const keys = { agent: '', operator: '' };
  /** The activities the bot received, with the token they came with. */
  const activities = async (count: number) =>
    (await bot.waitFor(count)).map((call) => ({ ...call.body, authorization: call.headers.authorization }));

  beforeAll(async () => {
    bot = await startRecorder();
    baton = await startAdapterStack(backend, async () => ({
      botFramework: { botUrl: `${bot.url}/api/messages`, token: 'bot-secret' },
      allowPrivate: true,
    }));
    Object.assign(keys, baton.keys);
  });
  afterAll(async () => {
    await baton?.close();
    await bot?.close();
  });
  const post = (key: string, path: string, body: unknown) => baton.post(key, path, body);

  it('takes handoff.initiate with its transcript, and tells the bot accepted then completed', async () => {
    const activity = initiation('wc-conv-1', {
      skill: 'billing',
      summary: 'Disputed double charge on INV-20931.',
    });
    expect(activity.name).toBe(HandoffEventNames.InitiateHandoff);
    const started = await post(keys.agent, '/v1/adapters/bot-framework/activities', activity);
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({
      conversationId: 'bf:wc-conv-1',
      handoff: { status: 'queued', queue: 'billing' },
      contextTurnsRecorded: 4,
    });

    // The operator reads what the customer already said: the transcript's messages, in order.
    const view = await baton.conversation('bf:wc-conv-1');
    expect(view.turns.map((turn) => [turn.role, turn.text])).toEqual([
      ['customer', 'My invoice INV-20931 shows 89.90 EUR twice.'],
      ['agent', 'I see two charges of 89.90 EUR on INV-20931.'],
      ['customer', 'Please look into it.'],
      ['system', 'Summary from the agent: Disputed double charge on INV-20931.'],
    ]);
    expect(view.customer.name).toBe('Maya Chen');
    expect(JSON.stringify(view.handoffs[0]!.brief)).toContain('INV-20931');

    const handoffId = (started.body['handoff'] as { id: string }).id;
    bot.failTimes(1); // The bot's endpoint fails once: the status is sent again.
    expect((await post(keys.operator, `/v1/handoffs/${handoffId}/claim`, {})).status).toBe(200);
    const [accepted] = await activities(1);
    const expected = EventFactory.createHandoffStatus(
      { id: 'wc-conv-1' } as never,
      'accepted',
      'Ada took the conversation.',
    );
    expect(accepted).toMatchObject({
      type: expected.type,
      name: expected.name,
      value: expected.value,
      conversation: { id: 'wc-conv-1' },
      recipient: { id: 'bot-1' },
      authorization: 'Bearer bot-secret',
    });

    expect(
      (
        await post(keys.operator, `/v1/handoffs/${handoffId}/return`, {
          note: 'Refunded one charge of 89.90 EUR.',
        })
      ).status,
    ).toBe(200);
    const statuses = await activities(2);
    expect(statuses[1]).toMatchObject({
      name: HandoffEventNames.HandoffStatus,
      value: { state: 'completed', message: 'Refunded one charge of 89.90 EUR.' },
      conversation: { id: 'wc-conv-1' },
    });
  });

  it('tells the bot failed when the customer left before anyone took it', async () => {
    const before = bot.calls.length;
    const started = await post(
      keys.agent,
      '/v1/adapters/bot-framework/activities',
      initiation('wc-conv-2', {}),
    );
    expect(started.status).toBe(201);
    const handoffId = (started.body['handoff'] as { id: string }).id;
    expect((await post(keys.agent, `/v1/handoffs/${handoffId}/abandon`, {})).status).toBe(200);
    const statuses = await activities(before + 1);
    expect(statuses[before]).toMatchObject({ value: { state: 'failed' }, conversation: { id: 'wc-conv-2' } });
  });

  it('records forwarded messages as turns, ignores other activities, and refuses what is not an activity', async () => {
    const message = {
      type: 'message',
      id: 'act-77',
      text: 'Do you ship to Lisbon?',
      conversation: { id: 'wc-conv-3' },
      from: { id: 'user-9', name: 'Rui', role: 'user' },
    };
    const recorded = await post(keys.agent, '/v1/adapters/bot-framework/activities', message);
    expect(recorded).toMatchObject({
      status: 200,
      body: { conversationId: 'bf:wc-conv-3', agentShouldReply: true },
    });
    // The same activity again (a retried delivery) is recorded once.
    await post(keys.agent, '/v1/adapters/bot-framework/activities', message);
    const view = await baton.conversation('bf:wc-conv-3');
    expect(view.turns).toHaveLength(1);

    const typing = await post(keys.agent, '/v1/adapters/bot-framework/activities', {
      type: 'typing',
      conversation: { id: 'wc-conv-3' },
    });
    expect(typing).toMatchObject({ status: 202, body: { ignored: true } });
    const invalid = await post(keys.agent, '/v1/adapters/bot-framework/activities', { type: 'message' });
    expect(invalid.status).toBe(400);
    expect(invalid.body['code']).toBe('invalid_request');
    const operatorCall = await post(keys.operator, '/v1/adapters/bot-framework/activities', message);
    expect(operatorCall.status).toBe(403);
  });

  it('answers 404 adapter_not_enabled, naming the setting, where the adapter is not configured', async () => {
    const app = createApp(baton.service, { logError: () => {} });
    const response = await app.request('/v1/adapters/bot-framework/activities', {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.agent}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hi', conversation: { id: 'x' } }),
    });
    expect(response.status).toBe(404);
    const problem = (await response.json()) as { code: string; detail: string };
    expect(problem).toMatchObject({
      code: 'adapter_not_enabled',
      detail: expect.stringContaining('BATON_BOTFRAMEWORK_BOT_URL'),
    });
  });
});
