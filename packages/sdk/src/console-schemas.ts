/**
 * Wire schemas of the console's own reads: the follow-up list (callbacks the customers left and
 * customers who left while waiting) and search over conversations.
 */
import { z } from 'zod';
import { ConversationIdSchema, HandoffSchema } from './schemas.ts';

export const ListFollowUpsQuerySchema = z.object({
  state: z
    .enum(['open', 'done', 'all'])
    .optional()
    .meta({ description: 'Open (not yet marked done, the default), done, or all.' }),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const FollowUpSchema = z
  .object({
    kind: z
      .enum(['callback', 'abandoned'])
      .meta({ description: 'The customer left a callback, or left the chat while waiting.' }),
    handoff: HandoffSchema,
    customerName: z.string().nullable(),
    done: z.object({ by: z.string(), at: z.string() }).nullable(),
  })
  .meta({ id: 'FollowUp' });

export const FollowUpListSchema = z
  .object({ followUps: z.array(FollowUpSchema) })
  .meta({ id: 'FollowUpList', description: 'Newest first.' });

export const SearchConversationsQuerySchema = z.object({
  q: z.string().trim().min(2).max(200).meta({ description: 'Words to find (case-insensitive).' }),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const ConversationHitSchema = z
  .object({
    conversationId: ConversationIdSchema,
    customerName: z.string().nullable(),
    conversationStatus: z.string(),
    /** The matching words, or the customer's name when that matched. */
    snippet: z.string(),
    at: z.string(),
    latestHandoff: HandoffSchema.nullable(),
  })
  .meta({ id: 'ConversationHit' });

export const ConversationSearchSchema = z
  .object({ hits: z.array(ConversationHitSchema) })
  .meta({ id: 'ConversationSearch', description: 'One hit per conversation, the newest match first.' });

export type FollowUp = z.infer<typeof FollowUpSchema>;
export type ConversationHit = z.infer<typeof ConversationHitSchema>;
