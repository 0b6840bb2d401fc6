/**
 * The wire contract of the request model and the customer stream: consults, approvals, handoffs and
 * transfers as one request shape; structured answers; deadlines and what happens at them; promises;
 * customer tokens and customer status events.
 */
import { z } from 'zod';
import { HandoffSchema, HandoffStatusSchema, PrioritySchema } from './schemas.ts';

const MAX_TEXT = 10_000;
const MAX_NAME = 200;

export const RequestIdSchema = z.string().min(1).max(128).meta({
  description: "The request's id (`rq_…`; a handoff's id `ho_…` reads as a `handoff` or `transfer` request).",
});

export const RequestKindSchema = z.enum(['consult', 'approval', 'handoff', 'transfer']).meta({
  id: 'RequestKind',
  description:
    'consult and approval leave the agent talking; handoff and transfer silence it while an operator owns the conversation.',
});

export const AskStatusSchema = z
  .enum(['open', 'answered', 'timed_out', 'cancelled'])
  .meta({ id: 'AskStatus' });

export const RequestStatusSchema = z.union([AskStatusSchema, HandoffStatusSchema]).meta({
  id: 'RequestStatus',
  description:
    'Consults and approvals: open, answered, timed_out, cancelled. Handoffs and transfers: the handoff statuses.',
});

export const PendingActionSchema = z
  .object({
    toolName: z.string().min(1).max(MAX_NAME),
    args: z.record(z.string(), z.unknown()),
    callId: z.string().min(1).max(MAX_NAME).optional().meta({ description: "The model's tool-call id." }),
  })
  .meta({ id: 'PendingAction', description: 'An agent action held for approval.' });

export const RequestAnswerSchema = z
  .object({
    decision: z
      .enum(['approve', 'refuse', 'edit'])
      .optional()
      .meta({ description: 'Approvals: approve, refuse, or edit (run with `editedArgs`).' }),
    editedArgs: z
      .array(z.record(z.string(), z.unknown()))
      .max(20)
      .optional()
      .meta({ description: 'With `edit`: one argument object per held action, in order.' }),
    choice: z.string().min(1).max(MAX_NAME).optional().meta({ description: 'Consults: one of the choices.' }),
    text: z.string().min(1).max(MAX_TEXT).optional().meta({ description: 'Consults: a free-text answer.' }),
    note: z.string().max(MAX_TEXT).optional().meta({ description: 'A note for the agent.' }),
  })
  .strict()
  .meta({
    id: 'RequestAnswer',
    description: 'A structured answer: approvals take a decision, consults text or a choice.',
  });

export const DeadlineActionSchema = z
  .discriminatedUnion('action', [
    z.object({ action: z.literal('default'), answer: RequestAnswerSchema }),
    z.object({ action: z.literal('escalate'), queue: z.string().min(1).max(MAX_NAME).optional() }),
    z.object({ action: z.literal('cancel') }),
  ])
  .meta({
    id: 'DeadlineAction',
    description:
      'What happens at the deadline: `default` records the answer given here, `escalate` opens a handoff for the question, `cancel` ends it. Each is recorded as `timed_out`. Default: approvals are refused, consults cancelled.',
  });

const deadlineFields = {
  queue: z
    .string()
    .min(1)
    .max(MAX_NAME)
    .optional()
    .meta({ description: 'The queue of operators who answer (default: the first queue).' }),
  priority: PrioritySchema.optional(),
  deadline: z.iso.datetime({ offset: true }).optional().meta({ description: 'When the request times out.' }),
  timeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 3600)
    .optional()
    .meta({ description: 'Or: seconds from now.' }),
  onDeadline: DeadlineActionSchema.optional(),
};

export const CreateRequestRequestSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('consult'),
      question: z.string().min(1).max(MAX_TEXT),
      choices: z.array(z.string().min(1).max(MAX_NAME)).min(1).max(20).optional(),
      freeText: z.boolean().optional().meta({ description: 'Whether free text is accepted (default true).' }),
      ...deadlineFields,
    }),
    z.object({
      kind: z.literal('approval'),
      question: z
        .string()
        .min(1)
        .max(MAX_TEXT)
        .optional()
        .meta({ description: 'Default: the actions and their arguments.' }),
      actions: z.array(PendingActionSchema).min(1).max(20),
      allowEdit: z
        .boolean()
        .optional()
        .meta({ description: 'Whether the operator may edit the arguments (default true).' }),
      ...deadlineFields,
    }),
    z.object({
      kind: z.literal('handoff'),
      summary: z.string().min(1).max(MAX_TEXT).meta({ description: 'Why a person is needed, read first.' }),
      queue: z.string().min(1).max(MAX_NAME).optional(),
      priority: PrioritySchema.optional(),
    }),
  ])
  .meta({ id: 'CreateRequestRequest' });

export const RequestOptionsSchema = z
  .object({
    choices: z.array(z.string()).optional(),
    freeText: z.boolean().optional(),
    actions: z.array(PendingActionSchema).optional(),
    allowEdit: z.boolean().optional(),
  })
  .meta({ id: 'RequestOptions' });

export const RequestSchema = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    kind: RequestKindSchema,
    status: RequestStatusSchema,
    question: z.string().meta({ description: 'The question, or the handoff reason.' }),
    options: RequestOptionsSchema,
    queue: z.string(),
    priority: PrioritySchema,
    createdBy: z.string(),
    createdAt: z.string(),
    deadline: z.string().nullable(),
    onDeadline: DeadlineActionSchema.nullable(),
    answer: RequestAnswerSchema.nullable().meta({
      description: 'The answer that counts (or the deadline default).',
    }),
    answeredBy: z
      .string()
      .nullable()
      .meta({ description: 'The operator, `deadline` for a default, or who claimed a handoff.' }),
    answeredAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    timedOut: z.boolean().meta({ description: 'Ended by its deadline (recorded apart from an answer).' }),
    deadlineOutcome: z.enum(['default', 'escalate', 'cancel']).nullable(),
    escalatedHandoffId: z.string().nullable(),
    handoff: HandoffSchema.nullable().meta({ description: 'For handoff and transfer: the handoff.' }),
  })
  .meta({
    id: 'Request',
    description: 'One request on a conversation: consult, approval, handoff or transfer.',
  });

export const CreatedRequestSchema = z
  .object({
    request: RequestSchema,
    customerMessage: z
      .string()
      .nullable()
      .meta({ description: "What to tell the customer now (a handoff's wait), or null." }),
  })
  .meta({ id: 'CreatedRequest' });

export const RequestListSchema = z.object({ requests: z.array(RequestSchema) }).meta({ id: 'RequestList' });

export const ListRequestsQuerySchema = z.object({
  status: AskStatusSchema.optional().meta({ description: 'Default `open`.' }),
  queue: z.string().min(1).max(MAX_NAME).optional(),
  kind: z.enum(['consult', 'approval']).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export const CustomerTokenRequestSchema = z
  .object({
    ttlSeconds: z
      .number()
      .int()
      .min(60)
      .max(24 * 3600)
      .optional()
      .meta({ description: 'Default 3600.' }),
  })
  .meta({ id: 'CustomerTokenRequest' });

export const CustomerTokenSchema = z
  .object({
    token: z
      .string()
      .meta({ description: 'Shown once. Send as `?token=` (EventSource) or `Authorization: Bearer`.' }),
    conversationId: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: 'CustomerToken' });

export const CustomerEventTypeSchema = z
  .enum([
    'queued',
    'position-changed',
    'operator-joined',
    'operator-left',
    'returned',
    'expired',
    'callback-scheduled',
    'operator-typing',
  ])
  .meta({ id: 'CustomerEventType' });

export const CustomerEventSchema = z
  .object({
    id: z.string().nullable().meta({
      description: 'Resume after it with `Last-Event-ID`; null for position-changed (a reading of now).',
    }),
    type: CustomerEventTypeSchema,
    conversationId: z.string(),
    at: z.string(),
    language: z.enum(['en', 'es', 'fr', 'de', 'pt']),
    message: z.string().meta({ description: "Ready to show, in the conversation's language." }),
    data: z.object({
      position: z.number().int().optional(),
      estimatedWaitSeconds: z.number().nullable().optional(),
      eta: z
        .object({
          lowSeconds: z.number().nullable(),
          highSeconds: z.number().nullable(),
          confidence: z.enum(['low', 'medium', 'high']).nullable(),
          basis: z.enum(['nobody_online', 'no_data', 'free_operator', 'handle_time']),
        })
        .optional()
        .meta({
          description:
            'The wait as a range with its confidence (position, recent handle times, free operator places); no range (nulls) when there is no data or nobody online.',
        }),
      operatorName: z.string().nullable().optional(),
      queue: z.string().optional(),
      typing: z
        .boolean()
        .optional()
        .meta({ description: 'operator-typing: whether the operator types now.' }),
      expiresInMs: z
        .number()
        .int()
        .optional()
        .meta({ description: 'operator-typing: the indicator ends by itself after this long.' }),
    }),
  })
  .meta({ id: 'CustomerEvent', description: 'A status change on the customer side of one conversation.' });

export const CustomerEventsQuerySchema = z.object({
  token: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .meta({ description: 'A customer token (instead of an API key).' }),
  lastEventId: z.string().min(1).max(64).optional(),
  from: z
    .enum(['oldest', 'now'])
    .optional()
    .meta({ description: 'Without a cursor: `oldest` (default: the whole status history) or `now`.' }),
});

export type RequestKind = z.infer<typeof RequestKindSchema>;
export type RequestStatus = z.infer<typeof RequestStatusSchema>;
export type BatonRequest = z.infer<typeof RequestSchema>;
export type CreateRequestRequest = z.input<typeof CreateRequestRequestSchema>;
export type CreatedRequest = z.infer<typeof CreatedRequestSchema>;
export type RequestAnswer = z.infer<typeof RequestAnswerSchema>;
export type DeadlineAction = z.infer<typeof DeadlineActionSchema>;
export type CustomerToken = z.infer<typeof CustomerTokenSchema>;
export type CustomerEvent = z.infer<typeof CustomerEventSchema>;
export type RequestList = z.infer<typeof RequestListSchema>;
