/**
 * The demo's own small HTTP API under `/demo/api`, what a storefront's chat widget would call on its
 * own backend: send a message, read the conversation, leave, leave a callback. Behind it the demo
 * agent talks to Baton through the sdk with an `agent` key of its own; the browser never holds a
 * Baton key. The agent's client calls this same app in process (`app.fetch`): the requests go
 * through Baton's whole HTTP stack (auth, validation, problem+json), the socket is all that is
 * skipped, and there is no URL to configure or to spoof.
 */
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { BatonApiError, BatonClient, ConversationIdSchema } from '@baton/sdk';
import type { AppEnv } from '../http/env.ts';
import type { Service } from '../service/types.ts';
import { DemoAgent } from './demo-agent.ts';
import { SUGGESTIONS } from './storefront.ts';
import { isStorableText } from '../http/storable-input.ts';

// NUL and lone surrogates cannot be stored: refused here like every other bad field.
const storable = (schema: z.ZodString) =>
  schema.refine(isStorableText, 'no NUL characters or lone surrogates');
const MessageSchema = z.object({ text: storable(z.string().trim().min(1).max(2_000)) });
const CallbackSchema = z
  .object({
    phone: storable(z.string().trim().max(64)).optional(),
    message: storable(z.string().trim().max(2_000)).optional(),
  })
  .refine((body) => Boolean(body.phone) || Boolean(body.message), 'give a phone number, a message, or both');

/** The demo agent's key name: how a restarted process finds the keys (and chats) of the last one. */
export const DEMO_KEY_NAME = 'demo storefront agent';

/**
 * How long the demo agent's key lives. It is made per process and never shown, so nothing could
 * revoke it at exit: it expires instead (a process that runs longer makes a new one an hour before),
 * and the keys of stopped or crashed processes stop working within a day.
 */
export const DEMO_KEY_LIFETIME_MS = 24 * 60 * 60_000;
const DEMO_KEY_RENEW_BEFORE_MS = 60 * 60_000;

/**
 * A new demo agent key. A key's secret is never stored, so a restarted server (or a renewal) makes a
 * new key; it then takes over the demo conversations of the earlier demo keys (which only their key
 * may read) and revokes those keys, so a chat that was open before the restart carries on with its
 * history.
 */
async function demoAgentKey(service: Service, expiresAt: string): Promise<string> {
  const { key, record } = await service.createKey({ scope: 'agent', name: DEMO_KEY_NAME, expiresAt });
  const earlier = (await service.listKeys()).filter(
    (other) => other.scope === 'agent' && other.name === DEMO_KEY_NAME && other.id !== record.id,
  );
  if (earlier.length > 0) {
    const principal = await service.authenticate(key);
    if (principal) {
      await service.adoptConversations(principal, {
        idPrefix: 'demo-',
        fromKeyIds: earlier.map((other) => other.id),
      });
    }
    for (const other of earlier) if (!other.revokedAt) await service.revokeKey(other.id);
  }
  return key;
}

/** Registers `/demo/api/*` on the app; the agent's key is made on first use, and again before it expires. */
export function registerDemoRoutes(app: Hono<AppEnv>, service: Service, now: () => number = Date.now): void {
  let current: { client: Promise<BatonClient>; renewAt: number } | undefined;
  const baton = () => {
    const at = now();
    if (!current || at >= current.renewAt) {
      const made = demoAgentKey(service, new Date(at + DEMO_KEY_LIFETIME_MS).toISOString()).then(
        (key) =>
          new BatonClient({
            baseUrl: 'http://baton.internal',
            apiKey: key,
            fetch: async (input, init) => app.fetch(new Request(input, init)),
          }),
      );
      const attempt = { client: made, renewAt: at + DEMO_KEY_LIFETIME_MS - DEMO_KEY_RENEW_BEFORE_MS };
      current = attempt;
      // A failed attempt (the database was down) is not kept: the next message tries again.
      made.catch(() => {
        if (current === attempt) current = undefined;
      });
    }
    return current.client;
  };
  const agent = new DemoAgent(baton);

  app.use('/demo/api/*', bodyLimit({ maxSize: 16 * 1024 }));

  const conversation = (id: string) => {
    const parsed = ConversationIdSchema.safeParse(id);
    return parsed.success && id.startsWith('demo-') ? parsed.data : null;
  };
  const fail = (error: unknown) => {
    if (error instanceof BatonApiError) {
      return Response.json(
        { error: error.detail ?? error.title, code: error.code },
        { status: error.status },
      );
    }
    throw error;
  };

  app.get('/demo/api/suggestions', (c) => c.json({ suggestions: SUGGESTIONS }));

  app.get('/demo/api/conversations/:id', async (c) => {
    const id = conversation(c.req.param('id'));
    if (!id) return c.json({ error: 'Unknown demo conversation.' }, 404);
    return agent.read(id).then((view) => c.json(view), fail);
  });

  app.post('/demo/api/conversations/:id/messages', async (c) => {
    const id = conversation(c.req.param('id'));
    const body = MessageSchema.safeParse(await c.req.json().catch(() => null));
    if (!id || !body.success) return c.json({ error: 'Send {"text": "..."} to a demo conversation.' }, 400);
    return agent
      .handleCustomerMessage(id, body.data.text)
      .then(async () => c.json(await agent.read(id)), fail);
  });

  // The chat widget's status line: a short-lived customer token for this conversation's customer
  // stream (queued, position, operator joined, ...), minted by the agent, never a Baton key.
  app.post('/demo/api/conversations/:id/status-token', async (c) => {
    const id = conversation(c.req.param('id'));
    if (!id) return c.json({ error: 'Unknown demo conversation.' }, 404);
    return (await baton()).createCustomerToken(id, { ttlSeconds: 60 * 60 }).then(
      ({ token, expiresAt }) =>
        c.json({
          eventsUrl: `/v1/conversations/${encodeURIComponent(id)}/customer-events?token=${encodeURIComponent(token)}`,
          expiresAt,
        }),
      fail,
    );
  });

  app.post('/demo/api/conversations/:id/leave', async (c) => {
    const id = conversation(c.req.param('id'));
    if (!id) return c.json({ error: 'Unknown demo conversation.' }, 404);
    return agent.leave(id).then(() => c.body(null, 204), fail);
  });

  app.post('/demo/api/conversations/:id/callback', async (c) => {
    const id = conversation(c.req.param('id'));
    const body = CallbackSchema.safeParse(await c.req.json().catch(() => null));
    if (!id || !body.success) return c.json({ error: 'Give a phone number, a message, or both.' }, 400);
    const callback = {
      ...(body.data.phone ? { phone: body.data.phone } : {}),
      ...(body.data.message ? { message: body.data.message } : {}),
    };
    return agent
      .leaveCallback(id, callback)
      .then(
        (stored) => (stored ? c.body(null, 204) : c.json({ error: 'Nobody is waiting to call back.' }, 409)),
        fail,
      );
  });
}
