/**
 * Meta's handover protocol (Messenger, Instagram), with Baton's app as the page's human side and the
 * bot's app as the primary receiver. The bot hands a thread over with `pass_thread_control` to
 * Baton's app; Baton's webhook receives that handover event (signed `X-Hub-Signature-256` with the
 * app secret), queues a handoff and records the customer's messages while it owns the thread.
 * Operator replies go out through the Send API, and when the operator returns or resolves the
 * conversation (or nobody took it), Baton passes the thread back to the bot's app with
 * `pass_thread_control`. `take_thread_control` and `request_thread_control` from the bot are
 * recorded in the thread for the operator to see.
 *
 * The handover's `metadata` (a string of up to 1,000 characters) is the reason; when it is JSON
 * (`{"reason", "summary", "queue", "priority", "recentTurns"}`) its fields are read as a request for
 * a person with context, since Meta carries no transcript.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { PrioritySchema } from '@baton/sdk';
import type { ContextTurn } from '../mcp/record-context.ts';
import type { BatonEvent } from '../service/types.ts';
import type { OutboundAdapter, PlatformCall, PlatformReference } from './relay.ts';

export const META = 'meta';

export interface MetaConfig {
  /** The app secret: webhook deliveries are signed with it. */
  appSecret: string;
  /** The token Meta echoes when the webhook is verified. */
  verifyToken: string;
  /** The page access token for the Send API and the handover calls. */
  pageToken: string;
  /** The bot's app (the primary receiver): where threads go back. */
  primaryAppId: string;
  /** The Baton agent key the adapter acts as (its conversations belong to that key). */
  agentKey: string;
  /** The Graph API base, e.g. https://graph.facebook.com/v21.0. */
  graphUrl: string;
}

/** Whether `signature` (`sha256=<hex>`) signs `body` with the app secret. */
export function validSignature(body: string, signature: string | undefined, appSecret: string): boolean {
  if (!signature?.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', appSecret).update(body).digest('hex'));
  const given = Buffer.from(signature.slice('sha256='.length));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const MessagingSchema = z.looseObject({
  sender: z.looseObject({ id: z.string().min(1).max(128) }),
  recipient: z.looseObject({ id: z.string().max(128) }).optional(),
  timestamp: z.number().optional(),
  message: z
    .looseObject({
      mid: z.string().max(512).optional(),
      text: z.string().max(16_000).optional(),
      is_echo: z.boolean().optional(),
    })
    .optional(),
  pass_thread_control: z
    .looseObject({
      new_owner_app_id: z.union([z.string(), z.number()]).optional(),
      metadata: z.string().max(1_000).optional(),
    })
    .optional(),
  take_thread_control: z
    .looseObject({
      previous_owner_app_id: z.union([z.string(), z.number()]).optional(),
      metadata: z.string().max(1_000).optional(),
    })
    .optional(),
  request_thread_control: z
    .looseObject({
      requested_owner_app_id: z.union([z.string(), z.number()]).optional(),
      metadata: z.string().max(1_000).optional(),
    })
    .optional(),
});

export const MetaWebhookSchema = z.looseObject({
  object: z.string().max(64),
  entry: z
    .array(
      z.looseObject({
        id: z.string().max(128).optional(),
        messaging: z.array(z.unknown()).max(1_000).optional(),
        standby: z.array(z.unknown()).max(1_000).optional(),
      }),
    )
    .max(1_000),
});

/** What Baton does with one messaging item of a webhook delivery. */
export type MetaAction =
  | { kind: 'handover'; psid: string; pageId: string; request: MetaHandoverRequest }
  | { kind: 'message'; psid: string; pageId: string; text: string; mid: string | undefined }
  | { kind: 'note'; psid: string; pageId: string; text: string };

export interface MetaHandoverRequest {
  reason: string;
  summary?: string;
  queue?: string;
  priority?: z.infer<typeof PrioritySchema>;
  turns: ContextTurn[];
}

const MetadataSchema = z.looseObject({
  reason: z.string().min(1).max(1_000).optional(),
  summary: z.string().min(1).max(1_000).optional(),
  queue: z.string().min(1).max(200).optional(),
  priority: PrioritySchema.optional(),
  recentTurns: z
    .array(z.object({ role: z.enum(['customer', 'agent']), text: z.string().min(1).max(1_000) }))
    .max(20)
    .optional(),
});

/** The handover's metadata as a request for a person: JSON fields when it is JSON, else the reason. */
export function readMetadata(metadata: string | undefined, queues: readonly string[]): MetaHandoverRequest {
  const fallback = 'The bot passed the thread to a person (Meta handover protocol).';
  const text = metadata?.trim();
  if (!text) return { reason: fallback, turns: [] };
  let parsed: z.infer<typeof MetadataSchema> | undefined;
  try {
    const result = MetadataSchema.safeParse(JSON.parse(text));
    parsed = result.success ? result.data : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed) return { reason: text, turns: [] };
  return {
    reason: parsed.reason ?? parsed.summary ?? fallback,
    ...(parsed.summary ? { summary: parsed.summary } : {}),
    ...(parsed.queue && queues.includes(parsed.queue) ? { queue: parsed.queue } : {}),
    ...(parsed.priority ? { priority: parsed.priority } : {}),
    turns: parsed.recentTurns ?? [],
  };
}

/** The conversation id of a customer of a page. */
export function metaConversationId(pageId: string, psid: string): string {
  return `meta:${pageId}:${psid}`.slice(0, 128);
}

/** Reads a webhook delivery into actions, in order; items Baton does not act on are left out. */
export function readWebhook(
  delivery: z.infer<typeof MetaWebhookSchema>,
  config: Pick<MetaConfig, 'primaryAppId'>,
  queues: readonly string[],
): MetaAction[] {
  const actions: MetaAction[] = [];
  for (const entry of delivery.entry) {
    const pageId = entry.id ?? 'page';
    for (const raw of [...(entry.messaging ?? []), ...(entry.standby ?? [])]) {
      const parsed = MessagingSchema.safeParse(raw);
      if (!parsed.success) continue;
      const item = parsed.data;
      // The page's own messages echo back with the page as sender; the customer is the other party.
      const psid = item.sender.id === pageId && item.recipient ? item.recipient.id : item.sender.id;
      if (item.pass_thread_control) {
        actions.push({
          kind: 'handover',
          psid,
          pageId,
          request: readMetadata(item.pass_thread_control.metadata, queues),
        });
      } else if (item.take_thread_control) {
        actions.push({
          kind: 'note',
          psid,
          pageId,
          text: `The bot's app took the thread back (take_thread_control)${item.take_thread_control.metadata ? `: ${item.take_thread_control.metadata}` : '.'}`,
        });
      } else if (item.request_thread_control) {
        actions.push({
          kind: 'note',
          psid,
          pageId,
          text: `The bot's app asks for the thread back (request_thread_control)${item.request_thread_control.metadata ? `: ${item.request_thread_control.metadata}` : '.'}`,
        });
      } else if (item.message?.text && !item.message.is_echo) {
        actions.push({ kind: 'message', psid, pageId, text: item.message.text, mid: item.message.mid });
      }
    }
  }
  return actions;
}

/** The outbound side: operator replies through the Send API, the thread passed back when a person is done. */
export function metaOutbound(config: MetaConfig): OutboundAdapter {
  const graph = (path: string) =>
    `${config.graphUrl.replace(/\/$/, '')}/me/${path}?access_token=${encodeURIComponent(config.pageToken)}`;
  const passBack = (psid: string, event: BatonEvent, note: string | undefined): PlatformCall => ({
    url: graph('pass_thread_control'),
    body: {
      recipient: { id: psid },
      target_app_id: config.primaryAppId,
      metadata: JSON.stringify({
        baton: event.type.replace('handoff-', ''),
        ...(note ? { note } : {}),
      }).slice(0, 1_000),
    },
  });
  return {
    platform: META,
    eventTypes: [
      'turn-created',
      'handoff-returned',
      'handoff-resolved',
      'handoff-expired',
      'handoff-abandoned',
    ],
    render(event: BatonEvent, reference: PlatformReference): PlatformCall[] {
      const psid = String(reference['psid'] ?? '');
      if (!psid) return [];
      if (event.type === 'turn-created') {
        const turn = (event.data as { turn?: { role?: string; text?: string } }).turn;
        if (turn?.role !== 'operator' || !turn.text) return [];
        return [
          {
            url: graph('messages'),
            body: { recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: turn.text } },
          },
        ];
      }
      const note = (event.data as { note?: string }).note;
      return [passBack(psid, event, note)];
    },
  };
}
