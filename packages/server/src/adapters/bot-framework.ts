/**
 * Bot Framework's handoff protocol, with Baton as the human side (the "agent hub"). A bot hands a
 * conversation over by sending the `handoff.initiate` event activity, whose `value` is the handoff
 * context and whose transcript attachment holds the conversation so far; Baton records the
 * transcript, queues the handoff, and answers the bot with `handoff.status` event activities:
 * `accepted` when an operator claims it, `completed` when the operator returns or resolves it,
 * `failed` when nobody took it (expired or abandoned). Message activities the bot forwards are
 * recorded as turns, so a bot can keep Baton's thread in step.
 *
 * Shapes follow Bot Framework's Activity schema and `EventFactory` (botbuilder); the tests build
 * the inbound activity with botbuilder itself and compare what Baton sends with its output.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConversationIdSchema, PrioritySchema } from '@baton/sdk';
import type { ContextTurn } from '../mcp/record-context.ts';
import type { BatonEvent } from '../service/types.ts';
import type { OutboundAdapter, PlatformCall, PlatformReference } from './relay.ts';

export const BOT_FRAMEWORK = 'bot-framework';
export const HANDOFF_INITIATE = 'handoff.initiate';
export const HANDOFF_STATUS = 'handoff.status';

const ChannelAccountSchema = z.looseObject({
  id: z.string().max(512).optional(),
  name: z.string().max(512).optional(),
  role: z.string().max(64).optional(),
});

const TranscriptActivitySchema = z.looseObject({
  type: z.string().max(64).optional(),
  text: z.string().max(16_000).optional(),
  timestamp: z.string().max(64).optional(),
  from: ChannelAccountSchema.optional(),
});

/** The parts of a Bot Framework Activity Baton reads; anything else is kept as sent and ignored. */
export const ActivitySchema = z
  .looseObject({
    type: z.string().min(1).max(64),
    name: z.string().max(200).optional(),
    id: z.string().max(512).optional(),
    text: z.string().max(16_000).optional(),
    channelId: z.string().max(128).optional(),
    serviceUrl: z.string().max(2_048).optional(),
    conversation: z.looseObject({ id: z.string().min(1).max(512) }),
    from: ChannelAccountSchema.optional(),
    recipient: ChannelAccountSchema.optional(),
    value: z.unknown().optional(),
    attachments: z
      .array(
        z.looseObject({
          contentType: z.string().max(200).optional(),
          name: z.string().max(200).optional(),
          content: z.unknown().optional(),
        }),
      )
      .max(50)
      .optional(),
    relatesTo: z
      .looseObject({
        user: ChannelAccountSchema.optional(),
        bot: ChannelAccountSchema.optional(),
        channelId: z.string().max(128).optional(),
        serviceUrl: z.string().max(2_048).optional(),
      })
      .optional(),
  })
  .meta({
    id: 'BotFrameworkActivity',
    description:
      'A Bot Framework Activity: the `handoff.initiate` event (value: the handoff context; a transcript ' +
      'attachment with the conversation so far), or a message to record.',
  });

export type Activity = z.infer<typeof ActivitySchema>;

/** Baton's conversation id for a Bot Framework conversation: readable when it can be, stable always. */
export function conversationIdFor(activity: Pick<Activity, 'conversation' | 'channelId'>): string {
  const readable = `bf:${activity.conversation.id}`;
  if (readable.length <= 128 && ConversationIdSchema.safeParse(readable).success) return readable;
  const digest = createHash('sha256')
    .update(`${activity.channelId ?? ''}\n${activity.conversation.id}`)
    .digest('hex');
  return `bf:${digest.slice(0, 40)}`;
}

/** The handoff context's fields Baton understands; the rest stays in the bot's hands. */
const HandoffContextSchema = z.looseObject({
  reason: z.string().min(1).max(2_000).optional(),
  summary: z.string().min(1).max(4_000).optional(),
  skill: z.string().min(1).max(200).optional(),
  queue: z.string().min(1).max(200).optional(),
  priority: PrioritySchema.optional(),
});

export interface HandoffInitiation {
  conversationId: string;
  reason: string;
  summary?: string;
  queue?: string;
  priority?: z.infer<typeof PrioritySchema>;
  turns: ContextTurn[];
  customerName?: string;
  reference: PlatformReference;
}

/** Where the bot said "a person, please": the conversation, the transcript and what to ask for. */
export function readInitiation(activity: Activity, queues: readonly string[]): HandoffInitiation {
  const context = HandoffContextSchema.safeParse(activity.value ?? {});
  const value = context.success ? context.data : {};
  const user = activity.relatesTo?.user ?? activity.from;
  const bot = activity.relatesTo?.bot ?? activity.recipient;
  const transcript = (activity.attachments ?? []).flatMap((attachment) => {
    const content = attachment.content as { activities?: unknown } | undefined;
    return Array.isArray(content?.activities) ? content.activities : [];
  });
  const turns: ContextTurn[] = [];
  for (const entry of transcript.slice(-100)) {
    const parsed = TranscriptActivitySchema.safeParse(entry);
    if (!parsed.success) continue;
    const { type, text, from, timestamp } = parsed.data;
    if ((type ?? 'message') !== 'message' || !text?.trim()) continue;
    const fromBot = from?.role === 'bot' || (bot?.id !== undefined && from?.id === bot.id);
    const at =
      timestamp && !Number.isNaN(Date.parse(timestamp)) ? new Date(timestamp).toISOString() : undefined;
    turns.push({ role: fromBot ? 'agent' : 'customer', text, ...(at ? { at } : {}) });
  }
  const wanted = value.queue ?? value.skill;
  return {
    conversationId: conversationIdFor(activity),
    reason: value.reason ?? value.summary ?? 'The bot handed the conversation over (Bot Framework handoff).',
    ...(value.summary ? { summary: value.summary } : {}),
    ...(wanted && queues.includes(wanted) ? { queue: wanted } : {}),
    ...(value.priority ? { priority: value.priority } : {}),
    turns,
    ...(user?.name ? { customerName: user.name } : {}),
    reference: {
      conversation: activity.conversation,
      channelId: activity.relatesTo?.channelId ?? activity.channelId ?? null,
      serviceUrl: activity.relatesTo?.serviceUrl ?? activity.serviceUrl ?? null,
      bot: bot ?? null,
      user: user ?? null,
      initiatedBy: activity.id ?? null,
    },
  };
}

/** `handoff.status` states, per Bot Framework's handoff protocol. */
type HandoffState = 'accepted' | 'completed' | 'failed';

function statusOf(event: BatonEvent): { state: HandoffState; message: string } | null {
  const data = event.data as { claimedBy?: string; by?: string; note?: string };
  switch (event.type) {
    case 'handoff-claimed':
      return { state: 'accepted', message: `${data.claimedBy ?? 'An operator'} took the conversation.` };
    case 'handoff-returned':
      return { state: 'completed', message: data.note ?? 'The operator handed the conversation back.' };
    case 'handoff-resolved':
      return { state: 'completed', message: 'The operator resolved the conversation.' };
    case 'handoff-expired':
      return { state: 'failed', message: 'Nobody took the conversation in time.' };
    case 'handoff-abandoned':
      return { state: 'failed', message: 'The customer left before a person took the conversation.' };
    default:
      return null;
  }
}

export interface BotFrameworkConfig {
  /** The bot's messaging endpoint, where `handoff.status` activities go. */
  botUrl: string;
  /** Sent as `Authorization: Bearer …` with each activity, when set. */
  token?: string;
}

/** The outbound side: Baton's handoff events as `handoff.status` activities to the bot. */
export function botFrameworkOutbound(config: BotFrameworkConfig): OutboundAdapter {
  return {
    platform: BOT_FRAMEWORK,
    eventTypes: [
      'handoff-claimed',
      'handoff-returned',
      'handoff-resolved',
      'handoff-expired',
      'handoff-abandoned',
    ],
    render(event, reference): PlatformCall[] {
      const status = statusOf(event);
      if (!status) return [];
      return [
        {
          url: config.botUrl,
          ...(config.token ? { headers: { authorization: `Bearer ${config.token}` } } : {}),
          body: {
            type: 'event',
            name: HANDOFF_STATUS,
            value: status,
            id: `baton-${event.id}`,
            timestamp: event.at,
            conversation: reference['conversation'],
            ...(reference['channelId'] ? { channelId: reference['channelId'] } : {}),
            // A bot replies through the activity's serviceUrl (botbuilder reads it): the channel's.
            ...(reference['serviceUrl'] ? { serviceUrl: reference['serviceUrl'] } : {}),
            ...(reference['bot'] ? { recipient: reference['bot'] } : {}),
            from: { id: 'baton', name: 'Baton', role: 'skill' },
            ...(reference['initiatedBy'] ? { replyToId: reference['initiatedBy'] } : {}),
            attachments: [],
            entities: [],
          },
        },
      ];
    },
  };
}
