/**
 * Sunshine Conversations' switchboard, with Baton as a switchboard integration (the people's side)
 * and the bot as another. The bot gives Baton the conversation with `passControl` (Baton takes it at
 * once) or `offerControl` (Baton accepts when an operator claims it); either queues a handoff, with
 * the conversation's recent messages read from the Conversations API so the operator has the
 * context. While Baton has control, the customer's messages are recorded as turns and operator
 * replies go out as business messages; when the operator returns or resolves it, or nobody took
 * it, Baton passes control back to the bot's integration (`passControl`). Webhooks come with the
 * webhook's secret in `X-API-Key`; API calls use the app key (Basic auth).
 */
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { PrioritySchema } from '@baton/sdk';
import type { ContextTurn } from '../mcp/record-context.ts';
import type { BatonEvent } from '../service/types.ts';
import type { OutboundAdapter, PlatformCall, PlatformReference } from './relay.ts';

export const SUNSHINE = 'sunshine';

export interface SunshineConfig {
  appId: string;
  keyId: string;
  keySecret: string;
  /** The secret Sunshine sends in `X-API-Key` with each webhook. */
  webhookSecret: string;
  /** Baton's switchboard integration name. */
  integration: string;
  /** Where control goes back: the bot's integration name, or `next`. */
  botIntegration: string;
  /** The Baton agent key the adapter acts as. */
  agentKey: string;
  /** The API base, e.g. https://api.smooch.io. */
  apiUrl: string;
}

/** Whether the webhook carries the configured secret. */
export function validApiKey(given: string | undefined, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

const IntegrationSchema = z.looseObject({
  id: z.string().max(128).optional(),
  name: z.string().max(200).optional(),
});

const EventSchema = z.looseObject({
  id: z.string().max(128).optional(),
  type: z.string().max(100),
  payload: z
    .looseObject({
      conversation: z
        .looseObject({
          id: z.string().min(1).max(128),
          activeSwitchboardIntegration: IntegrationSchema.optional(),
          pendingSwitchboardIntegration: IntegrationSchema.optional(),
        })
        .optional(),
      message: z
        .looseObject({
          id: z.string().max(128).optional(),
          author: z
            .looseObject({ type: z.string().max(32).optional(), displayName: z.string().max(200).optional() })
            .optional(),
          content: z
            .looseObject({ type: z.string().max(32).optional(), text: z.string().max(16_000).optional() })
            .optional(),
        })
        .optional(),
      metadata: z.record(z.string(), z.unknown()).optional(),
      user: z
        .looseObject({
          profile: z
            .looseObject({
              givenName: z.string().max(200).optional(),
              surname: z.string().max(200).optional(),
            })
            .optional(),
        })
        .optional(),
    })
    .optional(),
});

export const SunshineWebhookSchema = z.looseObject({
  app: z.looseObject({ id: z.string().max(128) }).optional(),
  events: z.array(z.unknown()).max(1_000),
});

export type SunshineAction =
  | {
      kind: 'handover';
      conversation: string;
      offered: boolean;
      reason: string;
      summary?: string;
      queue?: string;
      priority?: z.infer<typeof PrioritySchema>;
      customerName?: string;
    }
  | {
      kind: 'message';
      conversation: string;
      text: string;
      messageId: string | undefined;
      customerName?: string;
    }
  | { kind: 'note'; conversation: string; text: string };

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** Reads a webhook delivery into actions, in order; events Baton does not act on are left out. */
export function readSunshineWebhook(
  delivery: z.infer<typeof SunshineWebhookSchema>,
  config: Pick<SunshineConfig, 'integration'>,
  queues: readonly string[],
): SunshineAction[] {
  const actions: SunshineAction[] = [];
  const toBaton = (integration: z.infer<typeof IntegrationSchema> | undefined) =>
    integration?.name === config.integration || integration?.id === config.integration;
  for (const raw of delivery.events) {
    const parsed = EventSchema.safeParse(raw);
    if (!parsed.success || !parsed.data.payload?.conversation) continue;
    const { type, payload } = parsed.data;
    const conversation = payload.conversation!;
    const metadata = payload.metadata ?? {};
    const profile = payload.user?.profile;
    const customerName = [profile?.givenName, profile?.surname].filter(Boolean).join(' ') || undefined;
    if (
      (type === 'switchboard:passControl' && toBaton(conversation.activeSwitchboardIntegration)) ||
      (type === 'switchboard:offerControl' && toBaton(conversation.pendingSwitchboardIntegration))
    ) {
      const queue = text(metadata['queue']);
      const priority = PrioritySchema.safeParse(metadata['priority']);
      actions.push({
        kind: 'handover',
        conversation: conversation.id,
        offered: type === 'switchboard:offerControl',
        reason:
          text(metadata['reason']) ??
          text(metadata['summary']) ??
          'The bot handed the conversation to a person (Sunshine Conversations switchboard).',
        ...(text(metadata['summary']) ? { summary: text(metadata['summary'])! } : {}),
        ...(queue && queues.includes(queue) ? { queue } : {}),
        ...(priority.success ? { priority: priority.data } : {}),
        ...(customerName ? { customerName } : {}),
      });
    } else if (type === 'switchboard:releaseControl' || type === 'switchboard:passControl') {
      actions.push({
        kind: 'note',
        conversation: conversation.id,
        text: `Sunshine switchboard: ${type.slice('switchboard:'.length)} (now ${conversation.activeSwitchboardIntegration?.name ?? 'another integration'}).`,
      });
    } else if (type === 'conversation:message') {
      const message = payload.message;
      const body = message?.content?.type === 'text' ? text(message.content.text) : undefined;
      if (body && message?.author?.type === 'user') {
        actions.push({
          kind: 'message',
          conversation: conversation.id,
          text: body,
          messageId: message.id,
          ...(customerName ? { customerName } : {}),
        });
      }
    }
  }
  return actions;
}

/** Baton's conversation id for a Sunshine conversation. */
export function sunshineConversationId(conversation: string): string {
  return `sunco:${conversation}`.slice(0, 128);
}

function apiBase(config: SunshineConfig): string {
  return `${config.apiUrl.replace(/\/$/, '')}/v2/apps/${encodeURIComponent(config.appId)}`;
}

function authorization(config: SunshineConfig): string {
  return `Basic ${Buffer.from(`${config.keyId}:${config.keySecret}`).toString('base64')}`;
}

/**
 * The conversation's recent messages from the Conversations API, oldest first, as context turns;
 * none when the API cannot be read (the handoff is queued anyway).
 */
export async function fetchRecentMessages(
  config: SunshineConfig,
  conversation: string,
  timeoutMs = 5_000,
): Promise<ContextTurn[]> {
  try {
    const response = await fetch(
      `${apiBase(config)}/conversations/${encodeURIComponent(conversation)}/messages`,
      { headers: { authorization: authorization(config) }, signal: AbortSignal.timeout(timeoutMs) },
    );
    if (!response.ok) return [];
    const body = (await response.json()) as {
      messages?: {
        author?: { type?: string };
        content?: { type?: string; text?: string };
        received?: string;
      }[];
    };
    return (body.messages ?? [])
      .filter((message) => message.content?.type === 'text' && text(message.content.text))
      .slice(-50)
      .map((message) => ({
        role: message.author?.type === 'user' ? ('customer' as const) : ('agent' as const),
        text: message.content!.text!.trim(),
        ...(message.received && !Number.isNaN(Date.parse(message.received))
          ? { at: new Date(message.received).toISOString() }
          : {}),
      }));
  } catch {
    return [];
  }
}

/** The outbound side: acceptControl on claim, operator replies, control passed back when done. */
export function sunshineOutbound(config: SunshineConfig): OutboundAdapter {
  const call = (conversation: string, action: string, body: unknown): PlatformCall => ({
    url: `${apiBase(config)}/conversations/${encodeURIComponent(conversation)}/${action}`,
    headers: { authorization: authorization(config) },
    body,
  });
  return {
    platform: SUNSHINE,
    eventTypes: [
      'handoff-claimed',
      'turn-created',
      'handoff-returned',
      'handoff-resolved',
      'handoff-expired',
      'handoff-abandoned',
    ],
    render(event: BatonEvent, reference: PlatformReference): PlatformCall[] {
      const conversation = String(reference['conversation'] ?? '');
      if (!conversation) return [];
      const data = event.data as {
        claimedBy?: string;
        note?: string;
        turn?: { role?: string; text?: string; author?: string };
      };
      switch (event.type) {
        case 'handoff-claimed':
          return reference['offered']
            ? [call(conversation, 'acceptControl', { metadata: { operator: data.claimedBy ?? '' } })]
            : [];
        case 'turn-created':
          if (data.turn?.role !== 'operator' || !data.turn.text) return [];
          return [
            call(conversation, 'messages', {
              author: { type: 'business', ...(data.turn.author ? { displayName: data.turn.author } : {}) },
              content: { type: 'text', text: data.turn.text },
            }),
          ];
        default:
          return [
            call(conversation, 'passControl', {
              switchboardIntegration: config.botIntegration,
              metadata: {
                baton: event.type.replace('handoff-', ''),
                ...(data.note ? { note: data.note } : {}),
              },
            }),
          ];
      }
    },
  };
}
