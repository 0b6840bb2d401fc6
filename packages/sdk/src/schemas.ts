/**
 * The wire contract of Baton's HTTP API: every request and response body, the problem+json shape
 * and the event shape. The server validates requests and generates its OpenAPI document from these
 * same schemas, so this file is the one definition. Plain zod 4 with `.meta({ id })`: the OpenAPI
 * generator reads zod's own registry, so nothing here depends on the server's libraries.
 *
 * Terminology: conversation, turn, signal, trigger, firing, decision, policy, handoff, brief, queue,
 * claim, transfer, return, resolve, outcome (see DESIGN.md; one name for one thing).
 */
import { z } from 'zod';

// Limits shared by the schemas: large enough for real conversations, small enough to refuse abuse.
const MAX_TEXT = 20_000;
const MAX_NAME = 200;
const MAX_NOTE = 10_000;

/** An identifier the caller chooses (conversation ids come from the agent's own system). */
export const ConversationIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:@-]+$/, 'letters, digits and . _ : @ - only')
  .meta({
    description: "The conversation's id, chosen by the agent (1–128 of A–Z a–z 0–9 . _ : @ -).",
    example: 'conv-42',
  });

/** An identifier Baton assigns. */
export const HandoffIdSchema = z.string().min(1).max(128).meta({ description: "The handoff's id." });

export const ScopeSchema = z
  .enum(['agent', 'operator', 'admin'])
  .meta({ id: 'Scope', description: 'What an API key may do.' });

export const RoleSchema = z
  .enum(['customer', 'agent', 'operator', 'system'])
  .meta({ id: 'Role', description: 'Who wrote a turn: `operator` is the human who took over.' });

export const PrioritySchema = z.enum(['low', 'normal', 'high', 'urgent']).meta({ id: 'Priority' });

/** The engine's signal names (the same list as `SIGNAL_NAMES` in @baton/engine; a server test pins it). */
export const SignalNameSchema = z
  .enum([
    'human_request',
    'low_confidence',
    'agent_uncertainty',
    'repeated_failure',
    'loop',
    'frustration',
    'high_stakes',
    'customer_attribute',
    'agent_requested',
  ])
  .meta({ id: 'SignalName' });

export const HandoffStatusSchema = z
  .enum(['queued', 'claimed', 'resolved', 'returned', 'transferred', 'abandoned', 'expired'])
  .meta({ id: 'HandoffStatus' });

export const ConversationStatusSchema = z
  .enum(['active', 'waiting', 'with_operator', 'closed'])
  .meta({ id: 'ConversationStatus' });

export const ToolCallSchema = z
  .object({
    name: z.string().min(1).max(MAX_NAME),
    ok: z.boolean(),
    error: z.string().max(MAX_TEXT).optional(),
    args: z.record(z.string(), z.unknown()).optional(),
    result: z.unknown().optional(),
  })
  .meta({ id: 'ToolCall', description: 'A tool the agent called on this turn, and how it went.' });

export const MoneySchema = z
  .object({ value: z.number().finite(), currency: z.string().min(3).max(3).optional() })
  .meta({ id: 'Money' });

export const CustomerAttributesSchema = z
  .looseObject({
    id: z.string().max(MAX_NAME).optional(),
    name: z.string().max(MAX_NAME).optional(),
    email: z.string().max(MAX_NAME).optional(),
    phone: z.string().max(64).optional(),
    tier: z.string().max(MAX_NAME).optional(),
    language: z.string().max(32).optional(),
    verified: z.boolean().optional(),
    priorHandoffs: z.number().int().min(0).optional(),
  })
  .meta({
    id: 'CustomerAttributes',
    description: 'What Baton knows about the customer; every field optional.',
  });

const turnFields = {
  text: z.string().max(MAX_TEXT),
  at: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: "ISO time; the server's clock when absent." }),
  confidence: z.number().min(0).max(1).optional().meta({ description: "The agent's confidence in 0..1." }),
  intent: z.string().max(MAX_NAME).optional(),
  topics: z.array(z.string().max(MAX_NAME)).max(50).optional(),
  toolCalls: z.array(ToolCallSchema).max(50).optional(),
  amount: z.union([z.number().finite(), MoneySchema]).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
};

/** `POST /v1/conversations/{conversationId}/turns`: one turn, and the customer's details if known. */
export const PostTurnRequestSchema = z
  .object({
    role: z
      .enum(['customer', 'agent', 'system'])
      .meta({ description: 'Operators write through `POST /v1/handoffs/{handoffId}/messages`.' }),
    ...turnFields,
    customer: CustomerAttributesSchema.optional(),
  })
  .meta({ id: 'PostTurnRequest' });

export const StoredTurnSchema = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    seq: z.number().int().min(0).meta({ description: 'Position in the conversation, from 0.' }),
    role: RoleSchema,
    ...turnFields,
    at: z.string(),
    author: z.string().nullable(),
  })
  .meta({ id: 'Turn', description: 'One stored message of a conversation.' });

export const FiringSchema = z
  .object({
    trigger: z.string(),
    signal: SignalNameSchema,
    action: z.enum(['handoff', 'offer', 'approval', 'flag']),
    priority: PrioritySchema,
    queue: z.string(),
    shadow: z.boolean(),
    evidence: z.array(z.string()),
  })
  .meta({ id: 'Firing', description: 'One trigger matching one turn, with its evidence.' });

export const DecisionSchema = z
  .object({
    action: z.enum(['continue', 'offer', 'handoff', 'approval']),
    firings: z.array(FiringSchema),
    trigger: z.string().nullable(),
    priority: PrioritySchema,
    queue: z.string(),
    message: z.string().nullable(),
    approvalTools: z.array(z.string()),
    policyVersion: z.string(),
  })
  .meta({ id: 'Decision', description: "The engine's answer for a turn." });

export const HandoffOutcomeSchema = z
  .object({
    resolved: z.boolean().meta({ description: "Whether the customer's problem was solved." }),
    warranted: z.boolean().meta({ description: 'Whether the escalation was needed at all.' }),
    rightReason: z.boolean().optional().meta({ description: 'Whether the trigger named the real reason.' }),
    customerRepeated: z
      .boolean()
      .optional()
      .meta({ description: 'Whether the customer had to repeat something.' }),
    agentCouldHaveHandled: z.boolean().optional(),
    notes: z.string().max(MAX_NOTE).optional(),
  })
  .meta({ id: 'HandoffOutcome', description: 'How a handoff ended; the data that tunes the triggers.' });

export const CallbackSchema = z
  .object({ phone: z.string().max(64).optional(), message: z.string().max(MAX_NOTE).optional() })
  .meta({ id: 'Callback' });

export const HandoffSchema = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    status: HandoffStatusSchema,
    priority: PrioritySchema,
    queue: z.string(),
    trigger: z.string().meta({
      description: 'The trigger that caused it, or `agent_requested` / `operator` for manual handoffs.',
    }),
    reason: z.string(),
    signal: SignalNameSchema.nullable(),
    firings: z.array(FiringSchema),
    requestedAt: z.string(),
    claimedAt: z.string().nullable(),
    claimedBy: z.string().nullable(),
    endedAt: z.string().nullable(),
    outcome: HandoffOutcomeSchema.nullable(),
    callback: CallbackSchema.nullable(),
    brief: z
      .unknown()
      .meta({ description: 'The brief the operator reads first (its own versioned schema), or null.' }),
    policyVersion: z.string(),
  })
  .meta({ id: 'Handoff', description: 'One escalation and its lifecycle.' });

export const NoteSchema = z
  .object({
    id: z.string(),
    handoffId: z.string(),
    author: z.string(),
    text: z.string(),
    kind: z.enum(['internal', 'transfer', 'return']),
    at: z.string(),
  })
  .meta({ id: 'Note', description: 'An internal note on a handoff; never shown to the customer.' });

export const ConversationSchema = z
  .object({
    id: z.string(),
    status: ConversationStatusSchema,
    owner: z.string().meta({ description: '`agent`, or the operator who owns the conversation now.' }),
    customer: CustomerAttributesSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Conversation' });

export const ConversationViewSchema = ConversationSchema.extend({
  turns: z.array(StoredTurnSchema),
  handoffs: z.array(HandoffSchema),
  notes: z.array(NoteSchema),
}).meta({ id: 'ConversationView', description: 'The whole thread, its status, owner and handoffs.' });

export const TurnResultSchema = z
  .object({
    turn: StoredTurnSchema,
    decision: DecisionSchema,
    conversation: ConversationSchema,
    handoff: HandoffSchema.nullable(),
    customerMessage: z
      .string()
      .nullable()
      .meta({ description: 'What to tell the customer now (position, wait estimate), or null.' }),
    agentShouldReply: z
      .boolean()
      .meta({ description: 'False while an operator owns the conversation: the agent must stay quiet.' }),
    returnNote: z.string().nullable().meta({
      description: "The operator's note, once, when the conversation was just returned to the agent.",
    }),
  })
  .meta({ id: 'TurnResult', description: 'What the agent gets back for every turn it posts.' });

/** `POST /v1/conversations/{conversationId}/handoff`: the agent asks for a person itself. */
export const RequestHandoffRequestSchema = z
  .object({
    reason: z.string().min(1).max(MAX_NOTE),
    priority: PrioritySchema.optional(),
    queue: z.string().min(1).max(MAX_NAME).optional(),
  })
  .meta({ id: 'RequestHandoffRequest' });

export const RequestHandoffResponseSchema = z
  .object({ handoff: HandoffSchema, customerMessage: z.string() })
  .meta({ id: 'RequestHandoffResponse' });

export const ListHandoffsQuerySchema = z.object({
  status: HandoffStatusSchema.optional(),
  queue: z.string().min(1).max(MAX_NAME).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const HandoffListSchema = z
  .object({ handoffs: z.array(HandoffSchema) })
  .meta({ id: 'HandoffList', description: 'Ordered by priority, then by waiting time.' });

export const ReplyRequestSchema = z
  .object({ text: z.string().min(1).max(MAX_TEXT) })
  .meta({ id: 'ReplyRequest' });
export const NoteRequestSchema = z
  .object({ text: z.string().min(1).max(MAX_NOTE) })
  .meta({ id: 'NoteRequest' });
export const TransferRequestSchema = z
  .object({ queue: z.string().min(1).max(MAX_NAME), note: z.string().max(MAX_NOTE).optional() })
  .meta({ id: 'TransferRequest' });
export const ReturnRequestSchema = z
  .object({ note: z.string().min(1).max(MAX_NOTE) })
  .meta({ id: 'ReturnRequest', description: 'The note the agent receives with its next answer.' });
export const ResolveRequestSchema = HandoffOutcomeSchema;
export const AbandonRequestSchema = z
  .object({ reason: z.string().max(MAX_NOTE).optional() })
  .meta({ id: 'AbandonRequest', description: 'The customer left while waiting.' });
export const CallbackRequestSchema = CallbackSchema.refine(
  (callback) => callback.phone !== undefined || callback.message !== undefined,
  { message: 'give a phone number, a message, or both' },
).meta({
  id: 'CallbackRequest',
  description: 'A callback number or message left because nobody was online.',
});

export const PresenceRequestSchema = z
  .object({
    status: z.enum(['online', 'away', 'offline']),
    queues: z.array(z.string().min(1).max(MAX_NAME)).max(100).optional(),
  })
  .meta({ id: 'PresenceRequest' });

export const PolicyDocumentSchema = z
  .record(z.string(), z.unknown())
  .meta({ id: 'PolicyDocument', description: 'A policy document; validated by the engine on `PUT`.' });

export const PolicyRecordSchema = z
  .object({ version: z.string(), document: z.unknown(), createdAt: z.string(), createdBy: z.string() })
  .meta({ id: 'PolicyRecord' });

export const CreateKeyRequestSchema = z
  .object({ scope: ScopeSchema, name: z.string().min(1).max(MAX_NAME).optional() })
  .meta({ id: 'CreateKeyRequest' });

export const ApiKeyRecordSchema = z
  .object({
    id: z.string(),
    scope: ScopeSchema,
    name: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const CreatedKeySchema = z
  .object({
    key: z.string().meta({ description: 'The secret, shown once: only its hash is stored.' }),
    record: ApiKeyRecordSchema,
  })
  .meta({ id: 'CreatedKey' });

export const EventTypeSchema = z
  .enum([
    'turn-created',
    'handoff-requested',
    'handoff-claimed',
    'handoff-transferred',
    'handoff-returned',
    'handoff-resolved',
    'handoff-abandoned',
    'handoff-expired',
    'note-created',
    'policy-updated',
  ])
  .meta({ id: 'EventType' });

/** One change, in commit order; the SSE `data:` line carries it as JSON, its `id:` line the id. */
export const EventSchema = z
  .object({
    id: z.string().meta({ description: 'Position in the stream; resume after it with `Last-Event-ID`.' }),
    type: EventTypeSchema,
    conversationId: z.string().nullable(),
    handoffId: z.string().nullable(),
    queue: z.string().nullable(),
    at: z.string(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Event' });

export const EventsQuerySchema = z.object({
  queue: z.string().min(1).max(MAX_NAME).optional(),
  conversation: ConversationIdSchema.optional(),
  lastEventId: z.string().min(1).max(64).optional(),
});

export const HealthSchema = z.object({ status: z.enum(['ok', 'ready']) }).meta({ id: 'Health' });

/** One field that failed validation. */
export const FieldErrorSchema = z
  .object({
    path: z.string().meta({
      description:
        'Where: `body.text`, `query.limit`, `params.handoffId`; for `invalid_policy`, the policy field (`triggers.0.when`).',
    }),
    message: z.string(),
    code: z.string().optional(),
  })
  .meta({ id: 'FieldError' });

/** RFC 9457 problem details, with Baton's stable `code` and any extensions. */
export const ProblemSchema = z
  .looseObject({
    type: z.string().meta({ description: 'A URI naming the problem type: `urn:baton:problem:<code>`.' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    code: z.string().meta({ description: 'Stable error code; see the table in the server (`errors.ts`).' }),
    errors: z.array(FieldErrorSchema).optional().meta({ description: 'Each field that failed validation.' }),
  })
  .meta({ id: 'Problem' });

/** The wire types, inferred from the schemas (what a client sends and receives). */
export type PostTurnRequest = z.input<typeof PostTurnRequestSchema>;
export type TurnResult = z.infer<typeof TurnResultSchema>;
export type StoredTurn = z.infer<typeof StoredTurnSchema>;
export type Decision = z.infer<typeof DecisionSchema>;
export type Firing = z.infer<typeof FiringSchema>;
export type Handoff = z.infer<typeof HandoffSchema>;
export type HandoffOutcome = z.infer<typeof HandoffOutcomeSchema>;
export type HandoffList = z.infer<typeof HandoffListSchema>;
export type RequestHandoffResponse = z.infer<typeof RequestHandoffResponseSchema>;
export type Note = z.infer<typeof NoteSchema>;
export type Conversation = z.infer<typeof ConversationSchema>;
export type ConversationView = z.infer<typeof ConversationViewSchema>;
export type PolicyRecord = z.infer<typeof PolicyRecordSchema>;
export type CreatedKey = z.infer<typeof CreatedKeySchema>;
export type BatonEvent = z.infer<typeof EventSchema>;
export type Problem = z.infer<typeof ProblemSchema>;
export type FieldError = z.infer<typeof FieldErrorSchema>;
