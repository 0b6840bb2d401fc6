/**
 * Bot Framework's handoff protocol end to end, on PGlite and PostgreSQL: botbuilder builds the
 * `handoff.initiate` activity a bot sends; Baton records the transcript and queues the handoff; a
 * local HTTP server stands in for the bot's messaging endpoint and receives the `handoff.status`
 * activities, compared with what botbuilder's own `EventFactory.createHandoffStatus` makes.
 */
import { once } from 'node:events';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { EventFactory, HandoffEventNames, TestAdapter, TurnContext } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapters, type RunningAdapters } from '../../src/adapters/create-adapters.ts';
import { createApp } from '../../src/http/app.ts';
import { createService } from '../../src/service/create-service.ts';
import type { Service } from '../../src/service/types.ts';
import { openDatabase, openMemoryDatabase, type Database } from '../../src/storage/database.ts';
import { freshPostgresDatabase } from '../http/helpers.ts';

interface ReceivedActivity {
  type: string;
  name: string;
  value: { state: string; message: string };
  conversation: { id: string };
  recipient?: { id: string };
  authorization: string | undefined;
}

/** The bot's messaging endpoint: records each activity; `failNext` answers 500s first. */
async function startBot() {
  const received: ReceivedActivity[] = [];
  let failNext = 0;
  const waiters: (() => void)[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (failNext > 0) {
        failNext -= 1;
        response.writeHead(500).end('try later');
        return;
      }
      received.push({
        ...(JSON.parse(body) as ReceivedActivity),
        authorization: request.headers.authorization,
      });
      response.writeHead(200).end();
      waiters.splice(0).forEach((wake) => wake());
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`,
    received,
    failTimes: (count: number) => (failNext = count),
    async waitFor(count: number): Promise<ReceivedActivity[]> {
      const deadline = Date.now() + 15_000;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} activities, got ${received.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

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
  let database: Database;
  let service: Service;
  let adapters: RunningAdapters;
  let server: Server;
  let url: string;
  let bot: Awaited<ReturnType<typeof startBot>>;
  let drop: (() => Promise<void>) | undefined;
  const keys = { agent: '', operator: '' };

  beforeAll(async () => {
    bot = await startBot();
    const postgres = backend === 'postgres' ? await freshPostgresDatabase('baton_bf') : undefined;
    drop = postgres?.drop;
    database = postgres ? await openDatabase({ databaseUrl: postgres.url }) : await openMemoryDatabase();
    service = await createService({ database, queues: ['general', 'billing'] });
    keys.agent = (await service.createKey({ scope: 'agent', name: 'helpdesk bot' })).key;
    keys.operator = (await service.createKey({ scope: 'operator', name: 'Ada' })).key;
    adapters = createAdapters({
      database,
      config: { botFramework: { botUrl: bot.url, token: 'bot-secret' }, allowPrivate: true },
      queues: ['general', 'billing'],
      waitForEvents: (signal) => service.waitForEvents(signal),
      logError: () => {},
    });
    const app = createApp(service, { adapters: adapters.routes, logError: () => {} });
    server = createAdaptorServer({ fetch: app.fetch }) as Server;
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    adapters.start();
  });

  afterAll(async () => {
    await adapters?.stop();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await service?.close();
    await database?.close();
    await drop?.();
    await bot?.close();
  });

  const post = async (key: string, path: string, body: unknown) => {
    const response = await fetch(new URL(path, url), {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

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
    const operator = { authorization: `Bearer ${keys.operator}` };
    const view = (await (
      await fetch(new URL('/v1/conversations/bf:wc-conv-1', url), { headers: operator })
    ).json()) as {
      turns: { role: string; text: string }[];
      customer: { name?: string };
      handoffs: { id: string; brief: unknown }[];
    };
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
    const [accepted] = await bot.waitFor(1);
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
    const statuses = await bot.waitFor(2);
    expect(statuses[1]).toMatchObject({
      name: HandoffEventNames.HandoffStatus,
      value: { state: 'completed', message: 'Refunded one charge of 89.90 EUR.' },
      conversation: { id: 'wc-conv-1' },
    });
  });

  it('tells the bot failed when the customer left before anyone took it', async () => {
    const before = bot.received.length;
    const started = await post(
      keys.agent,
      '/v1/adapters/bot-framework/activities',
      initiation('wc-conv-2', {}),
    );
    expect(started.status).toBe(201);
    const handoffId = (started.body['handoff'] as { id: string }).id;
    expect((await post(keys.agent, `/v1/handoffs/${handoffId}/abandon`, {})).status).toBe(200);
    const statuses = await bot.waitFor(before + 1);
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
    const operator = { authorization: `Bearer ${keys.operator}` };
    const view = (await (
      await fetch(new URL('/v1/conversations/bf:wc-conv-3', url), { headers: operator })
    ).json()) as {
      turns: unknown[];
    };
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

  it('answers 503 unavailable, naming the setting, where the adapter is not configured', async () => {
    const app = createApp(service, { logError: () => {} });
    const response = await app.request('/v1/adapters/bot-framework/activities', {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.agent}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'hi', conversation: { id: 'x' } }),
    });
    expect(response.status).toBe(503);
    const problem = (await response.json()) as { code: string; detail: string };
    expect(problem).toMatchObject({
      code: 'unavailable',
      detail: expect.stringContaining('BATON_BOTFRAMEWORK_BOT_URL'),
    });
  });
});
