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

/** Registers `/demo/api/*` on the app; the agent's key is made on first use, once per process. */
export function registerDemoRoutes(app: Hono<AppEnv>, service: Service): void {
  let client: Promise<BatonClient> | undefined;
  const baton = () =>
    (client ??= service.createKey({ scope: 'agent', name: 'demo storefront agent' }).then(
      ({ key }) =>
        new BatonClient({
          baseUrl: 'http://baton.internal',
          apiKey: key,
          fetch: async (input, init) => app.fetch(new Request(input, init)),
        }),
    ));
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
