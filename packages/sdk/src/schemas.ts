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
import { HandBackSchema, PromiseSchema, handBackFields } from './hand-back-schemas.ts';

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
    // Issue 6 (additive): late escalations per trigger.
    late: z.boolean().optional().meta({ description: 'Whether the handoff should have come earlier.' }),
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
    routing: z
      .object({
        language: z.string().nullable(),
        segment: z.string().nullable(),
        offeredTo: z.string().nullable().meta({ description: 'The operator a standing offer is for.' }),
        offerExpiresAt: z.string().nullable(),
        widenedTo: z.array(z.string()).meta({ description: 'Queues the acceptance ladder widened it to.' }),
        ladderStep: z.number().int().meta({ description: 'Acceptance-ladder steps applied so far.' }),
      })
      .optional()
      .meta({ description: 'Routing state (docs/routing.md).' }),
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
    handBack: HandBackSchema.nullable().meta({
      description: "The operator's structured hand-back, once, with the answer that carries `returnNote`.",
    }),
    openPromises: z.array(PromiseSchema).meta({
      description: 'Promises made to the customer and not yet kept: on every answer until marked kept.',
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
  .object({ note: z.string().min(1).max(MAX_NOTE), ...handBackFields })
  .meta({
    id: 'ReturnRequest',
    description:
      'The hand-back the agent receives with its next answer: a note, and what was done, promised, and must or must not happen next.',
  });
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
    capacity: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'Most conversations at once (claimed plus standing offers); absent: no limit.' }),
    skills: z.array(z.string().min(1).max(MAX_NAME)).max(100).optional(),
    languages: z
      .array(z.string().min(1).max(MAX_NAME))
      .max(50)
      .optional()
      .meta({ description: 'Languages the operator takes conversations in, e.g. `es`.' }),
  })
  .meta({ id: 'PresenceRequest' });

export const PolicyDocumentSchema = z
  .record(z.string(), z.unknown())
  .meta({ id: 'PolicyDocument', description: 'A policy document; validated by the engine on `PUT`.' });

export const PolicyRecordSchema = z
  .object({ version: z.string(), document: z.unknown(), createdAt: z.string(), createdBy: z.string() })
  .meta({ id: 'PolicyRecord' });

export const CreateKeyRequestSchema = z
  .object({
    scope: ScopeSchema,
    name: z.string().min(1).max(MAX_NAME).optional(),
    expiresAt: z.iso
      .datetime({ offset: true })
      .optional()
      .meta({ description: 'When the key stops working (`401 key_expired` after); absent: never.' }),
  })
  .meta({ id: 'CreateKeyRequest' });

export const ApiKeyRecordSchema = z
  .object({
    id: z.string(),
    scope: ScopeSchema,
    name: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });

export const CallerSchema = z
  .object({
    keyId: z.string(),
    scope: ScopeSchema,
    name: z.string().meta({ description: "The key's holder: an operator's name, an agent's name." }),
    expiresAt: z.string().nullable(),
  })
  .meta({ id: 'Caller', description: 'Who the presented key belongs to, and what it may do.' });

export const ApiKeyListSchema = z
  .object({ keys: z.array(ApiKeyRecordSchema) })
  .meta({ id: 'ApiKeyList', description: 'Newest first; ids, scopes and names only, never a secret.' });

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
    'handoff-escalated',
    'safety-alert-raised',
    'note-created',
    'policy-updated',
    'request-created',
    'request-answered',
    'request-timed-out',
    'request-cancelled',
    'promise-kept',
    'callback-scheduled',
    'handoff-offered',
    'handoff-offer-accepted',
    'handoff-offer-declined',
    'handoff-offer-expired',
    'handoff-ladder-step',
    'handoff-eta-changed',
    'queues-updated',
    'handoff-assigned',
    'handoff-taken-over',
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
  from: z
    .enum(['oldest', 'now'])
    .optional()
    .meta({
      description:
        'Where a stream with no cursor starts: `now` (the default) sends only events after the stream opened, ' +
        '`oldest` replays every event kept (retention). A cursor (`Last-Event-ID` or `lastEventId`) wins over it.',
    }),
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
export type ApiKeyRecord = z.infer<typeof ApiKeyRecordSchema>;
export type Caller = z.infer<typeof CallerSchema>;
export type ApiKeyList = z.infer<typeof ApiKeyListSchema>;
export type BatonEvent = z.infer<typeof EventSchema>;
export type Problem = z.infer<typeof ProblemSchema>;
export type FieldError = z.infer<typeof FieldErrorSchema>;

// ---------------------------------------------------------------------------------------------
// Outcomes and metrics: the customer's rating, outcomes of whole conversations (the
// misses), and what the support lead reads. Appended here; the rest of the file is unchanged.
// ---------------------------------------------------------------------------------------------

/** `POST /v1/conversations/{conversationId}/rating`: the customer's rating, 1 (bad) to 5 (good). */
export const RatingRequestSchema = z
  .object({
    rating: z.number().int().min(1).max(5),
    comment: z.string().max(MAX_NOTE).optional(),
  })
  .meta({ id: 'RatingRequest', description: "The customer's rating; sending it again replaces it." });

/** `POST /v1/conversations/{conversationId}/outcome`: how a conversation ended, merged with what is there. */
export const ConversationOutcomeRequestSchema = z
  .object({
    resolved: z.boolean().optional().meta({ description: "Whether the customer's problem was solved." }),
    abandoned: z.boolean().optional().meta({ description: 'The customer left without an answer.' }),
    shouldHaveEscalated: z.boolean().optional().meta({
      description: 'A person should have been brought in (for a late handoff, use `late` when resolving).',
    }),
    notes: z.string().max(MAX_NOTE).optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'give at least one of resolved, abandoned, shouldHaveEscalated, notes',
  })
  .meta({
    id: 'ConversationOutcomeRequest',
    description:
      'How a conversation ended. A bad ending (abandoned, not resolved, shouldHaveEscalated, or a rating of ' +
      '1–2) without any handoff is a miss.',
  });

export const ConversationOutcomeSchema = z
  .object({
    conversationId: z.string(),
    rating: z.number().int().nullable(),
    ratingComment: z.string().nullable(),
    ratedAt: z.string().nullable(),
    resolved: z.boolean().nullable(),
    abandoned: z.boolean().nullable(),
    shouldHaveEscalated: z.boolean().nullable(),
    notes: z.string().nullable(),
    recordedBy: z.string().nullable(),
    recordedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .meta({
    id: 'ConversationOutcome',
    description: 'What is recorded about a conversation; null means not said.',
  });

export const MetricsQuerySchema = z.object({
  queue: z.string().min(1).max(MAX_NAME).optional(),
  groupBy: z
    .enum(['language', 'segment', 'queue', 'trigger'])
    .optional()
    .meta({
      description:
        "Also break the figures down by the customer's language or segment, the queue or the trigger " +
        '(`groups`); any other value is a 400.',
    }),
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({ description: 'Inclusive; default 30 days before `to`.' }),
  to: z.iso.datetime({ offset: true }).optional().meta({ description: 'Exclusive; default now.' }),
});

export const MetricsTimeSeriesQuerySchema = MetricsQuerySchema.omit({ groupBy: true }).extend({
  bucket: z
    .enum(['minute', '5min', 'hour', 'day'])
    .optional()
    .meta({
      description:
        'Default by the range: up to 30 minutes `minute`, up to 2 hours `5min`, up to two days `hour`, else ' +
        '`day` (UTC). Any other value is a 400.',
    }),
});

const RateSchema = z
  .number()
  .nullable()
  .meta({ description: 'A share from 0 to 1; null when nothing to divide by.' });

export const PercentilesSchema = z
  .object({ count: z.number().int(), p50: z.number().nullable(), p90: z.number().nullable() })
  .meta({ id: 'Percentiles', description: 'Seconds, over `count` handoffs.' });

export const MetricsRangeSchema = z
  .object({ from: z.string(), to: z.string(), queue: z.string().nullable() })
  .meta({ id: 'MetricsRange' });

export const OutcomeAnswerSchema = z
  .object({
    answered: z.number().int().meta({ description: 'Outcomes that answered the question.' }),
    yes: z.number().int(),
    rate: RateSchema.meta({ description: 'yes / answered.' }),
  })
  .meta({ id: 'OutcomeAnswer', description: "One yes/no question of the operators' outcome form." });

export const OutcomeAnswersSchema = z
  .object({
    resolved: OutcomeAnswerSchema,
    warranted: OutcomeAnswerSchema,
    rightReason: OutcomeAnswerSchema,
    agentCouldHaveHandled: OutcomeAnswerSchema,
    customerRepeated: OutcomeAnswerSchema,
  })
  .meta({
    id: 'OutcomeAnswers',
    description: 'Every yes/no answer of the outcome form, as counts and a rate.',
  });

const CameBackSchema = z.object({
  resolved: z.number().int(),
  within24h: z.number().int(),
  rate: RateSchema,
});
const AskedAgainSchema = z.object({
  returned: z.number().int(),
  afterReturn: z.number().int(),
  rate: RateSchema,
});

export const TriggerMetricsSchema = z
  .object({
    trigger: z.string(),
    firings: z.number().int().meta({
      description:
        'Enforced firings on turns in the range, plus handoffs asked for directly (each request is its own firing).',
    }),
    shadowFirings: z.number().int(),
    handoffs: z.number().int(),
    handoffRate: RateSchema,
    withOutcome: z.number().int(),
    warranted: z.number().int(),
    warrantedRate: RateSchema.meta({ description: 'Precision: warranted / withOutcome.' }),
    late: z.number().int(),
    abandoned: z.number().int(),
    misses: z.number().int().meta({
      description:
        'Conversations that ended badly without a handoff although this trigger fired (offer or shadow).',
    }),
    answers: OutcomeAnswersSchema,
    cameBack: CameBackSchema,
    askedAgain: AskedAgainSchema,
  })
  .meta({ id: 'TriggerMetrics' });

export const MetricGroupSchema = z
  .object({
    key: z
      .string()
      .nullable()
      .meta({ description: 'The value of the dimension; null for conversations without one.' }),
    conversations: z.number().int(),
    conversationsWithHandoff: z.number().int(),
    handoffRate: RateSchema,
    handoffs: z.number().int(),
    toClaim: PercentilesSchema.meta({ description: 'Time to a person: request to first claim.' }),
    abandonment: z.object({ abandoned: z.number().int(), expired: z.number().int(), rate: RateSchema }),
    outcomes: z.object({
      withOutcome: z.number().int(),
      warranted: z.number().int(),
      warrantedRate: RateSchema,
      resolved: z.number().int(),
      resolvedRate: RateSchema,
    }),
  })
  .meta({ id: 'MetricGroup', description: 'The equity figures of one language, segment, queue or trigger.' });

export const MetricsSchema = z
  .object({
    range: MetricsRangeSchema,
    conversations: z.number().int().meta({ description: 'Conversations started in the range.' }),
    conversationsWithHandoff: z.number().int(),
    handoffRate: RateSchema,
    handoffs: z.number().int().meta({
      description:
        'Handoffs requested in the range; a transfer continues its handoff and is not counted again.',
    }),
    byTrigger: z.array(TriggerMetricsSchema),
    times: z.object({
      toClaim: PercentilesSchema,
      toFirstReply: PercentilesSchema,
      toResolve: PercentilesSchema,
    }),
    outcomes: z.object({
      withOutcome: z.number().int(),
      warranted: z.number().int(),
      warrantedRate: RateSchema,
      late: z.number().int(),
      answers: OutcomeAnswersSchema,
    }),
    abandonment: z.object({
      abandoned: z.number().int(),
      whileWaiting: z.number().int().meta({ description: 'Left before anyone claimed the handoff.' }),
      expired: z.number().int(),
      rate: RateSchema,
    }),
    repeats: z.object({
      claimed: z.number().int(),
      withRepeats: z.number().int(),
      rate: RateSchema,
      total: z.number().int(),
    }),
    cameBack: CameBackSchema,
    askedAgain: AskedAgainSchema,
    misses: z
      .number()
      .int()
      .meta({ description: 'Conversations started in the range that ended badly without a handoff.' }),
    ratings: z.object({
      count: z.number().int(),
      mean: z.number().nullable(),
      distribution: z.object({
        '1': z.number().int(),
        '2': z.number().int(),
        '3': z.number().int(),
        '4': z.number().int(),
        '5': z.number().int(),
      }),
    }),
    groupBy: z.enum(['language', 'segment', 'queue', 'trigger']).optional(),
    groups: z.array(MetricGroupSchema).optional(),
  })
  .meta({
    id: 'Metrics',
    description:
      'Handoff rate, outcomes per trigger, times, abandonment, repeats, returns, misses and ratings for a queue and ' +
      'time range. With a queue, conversations and misses stay global (they have no queue).',
  });

export const MetricsTimeSeriesSchema = z
  .object({
    range: MetricsRangeSchema,
    bucket: z.enum(['minute', '5min', 'hour', 'day']),
    triggers: z.array(z.string()),
    points: z.array(
      z.object({
        start: z.string(),
        handoffs: z.number().int(),
        byTrigger: z.record(z.string(), z.number().int()),
      }),
    ),
  })
  .meta({
    id: 'MetricsTimeSeries',
    description: 'Handoffs per bucket, in total and by trigger; every bucket present.',
  });

export type RatingRequest = z.infer<typeof RatingRequestSchema>;
export type ConversationOutcomeRequest = z.infer<typeof ConversationOutcomeRequestSchema>;
export type ConversationOutcome = z.infer<typeof ConversationOutcomeSchema>;
export type Metrics = z.infer<typeof MetricsSchema>;
export type TriggerMetrics = z.infer<typeof TriggerMetricsSchema>;
export type OutcomeAnswers = z.infer<typeof OutcomeAnswersSchema>;
export type MetricsTimeSeries = z.infer<typeof MetricsTimeSeriesSchema>;
export type MetricGroup = z.infer<typeof MetricGroupSchema>;

// ------------------------------------------------------------------------------------------------
// Webhooks: subscriptions with their signing secrets, the delivery log, and the body of
// every delivery (Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`).
// ------------------------------------------------------------------------------------------------

export const WebhookEventTypeSchema = z
  .enum(['*', ...EventTypeSchema.options])
  .meta({ id: 'WebhookEventType', description: 'An event type, or `*` for every type.' });

export const CreateWebhookRequestSchema = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .meta({
        description:
          'Where to POST the events. Loopback, link-local and private addresses (or names resolving to them) are refused unless the server allows them.',
        example: 'https://example.com/baton/webhooks',
      }),
    eventTypes: z.array(WebhookEventTypeSchema).min(1).max(50),
    description: z.string().max(500).optional(),
  })
  .meta({ id: 'CreateWebhookRequest' });

export const WebhookSubscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    eventTypes: z.array(z.string()).meta({ description: 'The event types delivered; `["*"]` for all.' }),
    description: z.string().nullable(),
    status: z.enum(['active', 'disabled']),
    disabledReason: z
      .enum(['deleted', 'gone'])
      .nullable()
      .meta({ description: '`deleted` through the API, `gone` when the endpoint answered 410.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    disabledAt: z.string().nullable(),
    previousSecretExpiresAt: z.string().nullable().meta({
      description: 'Until then the secret before the last rotation signs too (a second signature).',
    }),
  })
  .meta({ id: 'WebhookSubscription' });

export const WebhookWithSecretSchema = z
  .object({
    webhook: WebhookSubscriptionSchema,
    secret: z.string().meta({
      description: 'The signing secret (`whsec_` + base64), shown once: verify deliveries with it.',
    }),
  })
  .meta({ id: 'WebhookWithSecret' });

export const WebhookListSchema = z
  .object({ webhooks: z.array(WebhookSubscriptionSchema) })
  .meta({ id: 'WebhookList' });

export const RotateWebhookSecretRequestSchema = z
  .object({
    gracePeriodSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600)
      .optional()
      .meta({ description: 'How long the old secret keeps signing beside the new one (default 24 h).' }),
  })
  .meta({ id: 'RotateWebhookSecretRequest' });

export const WebhookDeliveryStateSchema = z.enum(['pending', 'sending', 'failed', 'succeeded', 'dead']).meta({
  id: 'WebhookDeliveryState',
  description:
    '`pending` waits for an attempt; `sending` is in progress; `failed` is retried at `nextAttemptAt`; `dead` has no attempt left (replay it).',
});

export const WebhookDeliveryAttemptSchema = z
  .object({
    attempt: z.number().int(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    durationMs: z.number().int().nullable(),
    outcome: z.enum(['sending', 'succeeded', 'failed', 'lease_expired']).meta({
      description:
        '`lease_expired`: the worker lost its lease (crashed or too slow) and its result was refused.',
    }),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    responseExcerpt: z.string().nullable(),
  })
  .meta({ id: 'WebhookDeliveryAttempt' });

export const WebhookDeliverySchema = z
  .object({
    id: z.string().meta({ description: 'The `webhook-id` header: the same on every attempt and replay.' }),
    subscriptionId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    state: WebhookDeliveryStateSchema,
    attempts: z.number().int(),
    replays: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastAttemptAt: z.string().nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    succeededAt: z.string().nullable(),
    attemptLog: z.array(WebhookDeliveryAttemptSchema),
  })
  .meta({ id: 'WebhookDelivery' });

export const WebhookDeliveryListSchema = z
  .object({
    deliveries: z.array(WebhookDeliverySchema),
    nextBefore: z.string().nullable().meta({ description: 'Pass as `before` for the next, older page.' }),
  })
  .meta({ id: 'WebhookDeliveryList', description: 'Newest event first.' });

export const ListWebhookDeliveriesQuerySchema = z.object({
  state: WebhookDeliveryStateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  before: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
});

/** The body of every delivery: Standard Webhooks' `{ type, timestamp, data }`, `data` being the event. */
export const WebhookPayloadSchema = z
  .object({ type: EventTypeSchema, timestamp: z.string(), data: EventSchema })
  .meta({ id: 'WebhookPayload' });

export type CreateWebhookRequest = z.input<typeof CreateWebhookRequestSchema>;
export type WebhookSubscription = z.infer<typeof WebhookSubscriptionSchema>;
export type WebhookWithSecret = z.infer<typeof WebhookWithSecretSchema>;
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryListSchema>;
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;
