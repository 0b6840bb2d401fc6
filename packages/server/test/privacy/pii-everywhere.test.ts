/**
 * Secrets typed into a conversation never rest or leave in clear. Card numbers, an IBAN, a CVV, a
 * password and a national id go in through the HTTP API (turns, tool calls, metadata, a handoff
 * reason, a reply, a note, a resolution, a rating, an outcome); then none of them is found in any
 * text or JSON column of any table, in any GET answer, on the event stream, in the webhook bodies a
 * real receiver got, in the export, or in what the (local, fake) language model was sent. Emails
 * and phones stay visible to operators but are masked in webhooks and the export by default.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeWithLlm } from '../../src/brief/llm-summary.ts';
import { writeExport } from '../../src/cli/export-command.ts';
import { createApp } from '../../src/http/app.ts';
import { createService, type BatonService } from '../../src/service/create-service.ts';
import type { Database } from '../../src/storage/database.ts';
import { createWebhooks, type Webhooks } from '../../src/webhooks/create-webhooks.ts';
import { listen, readSse } from '../http/helpers.ts';
import { BACKENDS, openTestDatabase } from '../storage/backends.ts';
import { FAST } from '../webhooks/helpers.ts';
import { startReceiver, type Receiver } from '../webhooks/receiver.ts';

/** Every planted secret, as typed and as bare digits. */
const SECRETS = [
  '4111 1111 1111 1111',
  '4111111111111111',
  '4111-1111-1111-1111',
  '5555 5555 5555 4444',
  '5555555555554444',
  '4242424242424242',
  '378282246310005',
  'DE89 3704 0044 0532 0130 00',
  'DE89370400440532013000',
  'Hunter2!x',
  '123-45-6789',
];
/** The CVV, as a whole number (a bare "8364" inside an id would be a coincidence, not a leak). */
const CVV = /\b8364\b/;
const EMAIL = 'sam.ortiz@example.com';
const PHONE = '+49 151 2345 6789';

function leaks(text: string): string[] {
  const found = SECRETS.filter((secret) => text.includes(secret));
  if (CVV.test(text)) found.push('CVV 8364');
  return found;
}

/** A chat-completions server that records every request body and answers with a fixed summary. */
async function fakeLlm(): Promise<{ url: string; bodies: string[]; close: () => Promise<void> }> {
  const bodies: string[] = [];
  const server: Server = createServer(async (request: IncomingMessage, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    bodies.push(body);
    const answer = { ask: 'The customer wants a refund.', summary: 'A double charge.', facts: [] };
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: 'x',
        object: 'chat.completion',
        model: 'local',
        choices: [
          {
            index: 0,
            finish_reason: 'stop',
            message: { role: 'assistant', content: JSON.stringify(answer) },
          },
        ],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(BACKENDS)('secrets masked everywhere [%s]', (kind) => {
  let opened: { database: Database; close: () => Promise<void> };
  let service: BatonService;
  let webhooks: Webhooks;
  let receiver: Receiver;
  let llm: Awaited<ReturnType<typeof fakeLlm>>;
  let http: Awaited<ReturnType<typeof listen>>;
  const keys = { admin: '', operator: '', agent: '' };
  const ids = {
    conversationId: `pii-${kind}-1`,
    other: `pii-${kind}-2`,
    handoffId: '',
    subscriptionId: '',
    deliveryId: '',
  };
  const streamed: string[] = [];
  let stopStream = () => {};
  const workerErrors: unknown[] = [];

  const api = async (
    method: string,
    path: string,
    key: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${http.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      text,
      json: text ? (JSON.parse(text) as Record<string, unknown>) : null,
    };
  };

  beforeAll(async () => {
    opened = await openTestDatabase(kind);
    receiver = await startReceiver();
    llm = await fakeLlm();
    service = await createService({
      database: opened.database,
      queues: ['general'],
      summarizer: (input) => summarizeWithLlm(input, { url: llm.url, model: 'local', timeoutMs: 3_000 }),
    });
    webhooks = createWebhooks({
      database: opened.database,
      config: FAST,
      waitForEvents: (signal) => service.waitForEvents(signal),
      logError: (error) => workerErrors.push(error),
    });
    webhooks.worker.start();
    http = await listen(createApp(service, { logError: () => {}, webhooks: webhooks.admin }));
    keys.admin = (await service.createKey({ scope: 'admin', name: 'root' })).key;
    keys.operator = (await service.createKey({ scope: 'operator', name: 'Ada' })).key;
    keys.agent = (await service.createKey({ scope: 'agent', name: 'bot' })).key;

    const subscription = await api('POST', '/v1/webhooks', keys.admin, {
      url: receiver.url,
      eventTypes: ['*'],
    });
    expect(subscription.status).toBe(201);
    ids.subscriptionId = String((subscription.json!['webhook'] as { id: string }).id);

    const controller = new AbortController();
    stopStream = () => controller.abort();
    const stream = await fetch(`${http.url}/v1/events`, {
      headers: { authorization: `Bearer ${keys.operator}` },
      signal: controller.signal,
    });
    void (async () => {
      try {
        for await (const message of readSse(stream.body!)) streamed.push(message.data);
      } catch {
        // Aborted at the end of the suite.
      }
    })();

    const firstTurn = {
      role: 'customer',
      text:
        'I was charged twice. My card is 4111 1111 1111 1111, CVV: 8364, IBAN DE89 3704 0044 0532 0130 00. ' +
        `My password is Hunter2!x and my SSN is 123-45-6789. Email me at ${EMAIL} or call ${PHONE}.`,
      metadata: { note: 'backup card 5555 5555 5555 4444', nested: { pan: 4242424242424242 } },
      customer: { id: `cust-${kind}`, name: 'Sam Ortiz', email: EMAIL, phone: PHONE },
    };
    const path = `/v1/conversations/${ids.conversationId}/turns`;
    for (let attempt = 0; attempt < 2; attempt++) {
      // The same request twice: the second answer is the stored idempotent one.
      const posted = await api('POST', path, keys.agent, firstTurn, { 'idempotency-key': `idem-${kind}` });
      expect(posted.status).toBe(201);
    }
    expect(
      (
        await api('POST', path, keys.agent, {
          role: 'agent',
          text: 'Let me check the charge.',
          toolCalls: [
            {
              name: 'charge_lookup',
              ok: false,
              error: 'card 4242424242424242 declined',
              args: { pan: 4242424242424242, cvv: 'CVV: 8364' },
              result: { echo: '4111-1111-1111-1111' },
            },
          ],
        })
      ).status,
    ).toBe(201);
    const escalated = await api('POST', path, keys.agent, {
      role: 'customer',
      text: 'This is useless. I want to talk to a real person now, my card 4111 1111 1111 1111 was charged twice!',
    });
    ids.handoffId = ((escalated.json!['handoff'] as { id: string } | null) ?? { id: '' }).id;
    expect(ids.handoffId).not.toBe('');

    await api('POST', `/v1/conversations/${ids.other}/turns`, keys.agent, {
      role: 'customer',
      text: 'Hello',
    });
    expect(
      (
        await api('POST', `/v1/conversations/${ids.other}/handoff`, keys.agent, {
          reason: 'Customer gave Amex 378282246310005 and wants it removed',
        })
      ).status,
    ).toBe(201);

    expect((await api('POST', `/v1/handoffs/${ids.handoffId}/claim`, keys.operator)).status).toBe(200);
    for (const [route, body] of [
      ['messages', { text: 'I see the IBAN DE89 3704 0044 0532 0130 00 on file.' }],
      ['notes', { text: 'customer said password is Hunter2!x' }],
      ['resolve', { resolved: true, warranted: true, notes: 'refunded to 4111 1111 1111 1111' }],
    ] as const) {
      const answer = await api('POST', `/v1/handoffs/${ids.handoffId}/${route}`, keys.operator, body);
      expect(answer.status, `${route}: ${answer.text}`).toBeLessThan(300);
    }
    expect(
      (
        await api('POST', `/v1/conversations/${ids.conversationId}/rating`, keys.agent, {
          rating: 1,
          comment: 'CVV: 8364 asked again',
        })
      ).status,
    ).toBeLessThan(300);
    expect(
      (
        await api('POST', `/v1/conversations/${ids.conversationId}/outcome`, keys.agent, {
          notes: 'card 5555555555554444 blocked',
        })
      ).status,
    ).toBeLessThan(300);

    // Everything committed reached the receiver and the stream, and the model was asked once at least.
    const count = (
      await opened.database.query<{ count: string }>('SELECT count(*)::text AS count FROM events')
    )[0]!.count;
    await until(
      () => new Set(receiver.requests.map((request) => request.headers['webhook-id'])).size >= Number(count),
      20_000,
      'webhook deliveries',
    );
    await until(() => streamed.length >= Number(count), 10_000, 'the event stream');
    await until(() => llm.bodies.length > 0, 10_000, 'the language model');
    const deliveries = await api('GET', `/v1/webhooks/${ids.subscriptionId}/deliveries`, keys.admin);
    ids.deliveryId = ((deliveries.json?.['deliveries'] as { id: string }[] | undefined) ?? [])[0]?.id ?? '';
  }, 180_000);

  afterAll(async () => {
    stopStream();
    await http?.close();
    await webhooks?.worker.stop();
    await service?.close();
    await receiver?.close();
    await llm?.close();
    await opened?.close();
  });

  it('stores no secret in any text or JSON column of any table', async () => {
    const columns = await opened.database.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type IN ('text', 'json', 'jsonb', 'ARRAY', 'character varying')`,
    );
    expect(columns.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const { table_name: table, column_name: column } of columns) {
      const rows = await opened.database.query<{ value: string | null }>(
        `SELECT "${column}"::text AS value FROM "${table}"`,
      );
      for (const row of rows)
        for (const leak of leaks(row.value ?? '')) found.push(`${table}.${column}: ${leak}`);
    }
    expect(found).toEqual([]);
  });

  it('answers every GET route without a secret, and operators still see the contact details', async () => {
    const document = (await (await fetch(`${http.url}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const values: Record<string, string> = {
      conversationId: ids.conversationId,
      handoffId: ids.handoffId,
      subscriptionId: ids.subscriptionId,
      deliveryId: ids.deliveryId,
    };
    let walked = 0;
    for (const [template, methods] of Object.entries(document.paths)) {
      // Event streams never end on their own; they are read below (streams no secret).
      const streams = JSON.stringify(methods['get'] ?? {}).includes('text/event-stream');
      if (!('get' in methods) || template === '/v1/events' || streams) continue;
      const path = template.replace(/\{(\w+)\}/g, (_match, name: string) => values[name] ?? name);
      for (const key of [keys.admin, keys.operator, keys.agent]) {
        const answer = await api('GET', path, key);
        expect(answer.status, `${path}: ${answer.text}`).toBeLessThan(500);
        expect(leaks(answer.text), path).toEqual([]);
        walked += 1;
      }
    }
    expect(walked).toBeGreaterThanOrEqual(3 * 10);
    const conversation = await api('GET', `/v1/conversations/${ids.conversationId}`, keys.operator);
    expect(conversation.text).toContain(EMAIL);
    expect(conversation.text).toContain(PHONE);
    expect(conversation.text).toContain('•••• 1111');
  });

  it('streams no secret', () => {
    expect(streamed.length).toBeGreaterThan(5);
    expect(leaks(streamed.join('\n'))).toEqual([]);
  });

  it('delivers webhooks without secrets, and with emails and phones masked', () => {
    const bodies = receiver.requests.map((request) => request.body).join('\n');
    expect(bodies).toContain(ids.conversationId);
    expect(leaks(bodies)).toEqual([]);
    expect(bodies).not.toContain(EMAIL);
    expect(bodies).not.toContain('2345 6789');
    expect(bodies).toContain('s•••@example.com');
    expect(workerErrors).toEqual([]);
  });

  it('exports without secrets, and with contacts masked unless exposed', async () => {
    const exported = async (exposeContacts: boolean) => {
      let text = '';
      const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
          text += chunk.toString();
          done();
        },
      });
      await writeExport(opened.database, sink, undefined, exposeContacts);
      return text;
    };
    const masked = await exported(false);
    expect(masked).toContain(ids.conversationId);
    expect(leaks(masked)).toEqual([]);
    expect(masked).not.toContain(EMAIL);
    expect(masked).not.toContain('2345 6789');
    const exposed = await exported(true);
    expect(leaks(exposed)).toEqual([]);
    expect(exposed).toContain(EMAIL);
  });

  it('sends the language model no secret', () => {
    expect(leaks(llm.bodies.join('\n'))).toEqual([]);
  });
});
