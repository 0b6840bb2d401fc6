/**
 * Wire schemas of the operators' collaboration routes: typing indicators (ephemeral: never stored,
 * never replayed), assigning a handoff to a named colleague, a lead taking a conversation over, and
 * bulk moves over several handoffs with one result per handoff.
 */
import { z } from 'zod';
import { HandoffIdSchema, HandoffOutcomeSchema, HandoffSchema } from './schemas.ts';

const MAX_NAME = 200;
const MAX_NOTE = 10_000;

// --- Typing --------------------------------------------------------------------------------------

export const TypingRequestSchema = z
  .object({
    typing: z
      .boolean()
      .meta({ description: 'true while typing (send again every few seconds); false to stop.' }),
  })
  .meta({ id: 'TypingRequest' });

export const TypingStateSchema = z
  .object({
    conversationId: z.string(),
    /** The open handoff of the conversation, when there is one. */
    handoffId: z.string().nullable(),
    who: z.enum(['customer', 'operator']),
    typing: z.boolean(),
    /** The operator who types (their key id and their name); null for the customer. */
    operatorKeyId: z.string().nullable(),
    operatorName: z.string().nullable(),
    at: z.string(),
    expiresInMs: z.number().int().meta({
      description: 'The indicator ends by itself this long after `at` unless it is sent again.',
    }),
  })
  .meta({
    id: 'TypingState',
    description:
      'One typing indicator. Ephemeral: never stored in the event log, never replayed on resume; it expires by itself.',
  });

export const TypingListSchema = z
  .object({ typing: z.array(TypingStateSchema) })
  .meta({ id: 'TypingList', description: 'The indicators live now (those still typing and not expired).' });

// --- Assign and take over ------------------------------------------------------------------------

export const AssignRequestSchema = z
  .object({
    operator: z.string().min(1).max(MAX_NAME).meta({
      description: "The colleague's key id (as listed by `GET /v1/handoffs/{handoffId}/assignees`).",
    }),
    note: z.string().max(MAX_NOTE).optional().meta({ description: 'An internal note for the colleague.' }),
  })
  .meta({ id: 'AssignRequest' });

export const TakeOverRequestSchema = z
  .object({ note: z.string().max(MAX_NOTE).optional() })
  .meta({ id: 'TakeOverRequest' });

export const AssigneeRefusalSchema = z
  .enum(['not_present', 'not_in_queue', 'missing_skill', 'wrong_language', 'over_capacity'])
  .meta({ id: 'AssigneeRefusal' });

export const AssigneeSchema = z
  .object({
    keyId: z.string(),
    name: z.string(),
    status: z.enum(['online', 'away', 'offline']),
    load: z.number().int().meta({ description: 'Conversations held now (claimed, plus standing offers).' }),
    capacity: z.number().int().nullable(),
    /** Why routing would refuse this colleague; null when they can take it. */
    refusal: AssigneeRefusalSchema.nullable(),
  })
  .meta({ id: 'Assignee' });

export const AssigneeListSchema = z.object({ assignees: z.array(AssigneeSchema) }).meta({
  id: 'AssigneeList',
  description: 'Colleagues with a fresh presence, those who can take the handoff first, then by load.',
});

// --- Bulk ----------------------------------------------------------------------------------------

/** At most this many handoffs in one bulk request. */
const MAX_BULK_HANDOFFS = 100;

const bulkIds = z
  .array(HandoffIdSchema)
  .min(1)
  .max(MAX_BULK_HANDOFFS)
  .refine((ids) => new Set(ids).size === ids.length, { message: 'each handoff id at most once' });

export const BulkRequestSchema = z
  .discriminatedUnion('action', [
    z.object({
      action: z.literal('resolve'),
      handoffIds: bulkIds,
      outcome: HandoffOutcomeSchema,
    }),
    z.object({
      action: z.literal('transfer'),
      handoffIds: bulkIds,
      queue: z.string().min(1).max(MAX_NAME),
      note: z.string().max(MAX_NOTE).optional(),
    }),
  ])
  .meta({
    id: 'BulkRequest',
    description: `One move over up to ${MAX_BULK_HANDOFFS} handoffs; each succeeds or fails on its own.`,
  });

export const BulkItemResultSchema = z
  .object({
    handoffId: z.string(),
    ok: z.boolean(),
    /** The handoff after the move (for a transfer: the new, queued handoff). */
    handoff: HandoffSchema.optional(),
    /** Why this one failed: a stable code and a sentence. */
    error: z.object({ code: z.string(), status: z.number().int(), detail: z.string() }).optional(),
  })
  .meta({ id: 'BulkItemResult' });

export const BulkResultSchema = z
  .object({
    action: z.enum(['resolve', 'transfer']),
    succeeded: z.number().int(),
    failed: z.number().int(),
    results: z.array(BulkItemResultSchema).meta({ description: 'One per handoff, in the order given.' }),
  })
  .meta({ id: 'BulkResult' });

export type TypingRequest = z.infer<typeof TypingRequestSchema>;
export type TypingState = z.infer<typeof TypingStateSchema>;
export type AssignRequest = z.infer<typeof AssignRequestSchema>;
export type Assignee = z.infer<typeof AssigneeSchema>;
export type BulkRequest = z.infer<typeof BulkRequestSchema>;
export type BulkItemResult = z.infer<typeof BulkItemResultSchema>;
export type BulkResult = z.infer<typeof BulkResultSchema>;
