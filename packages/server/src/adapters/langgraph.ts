/**
 * LangGraph's human-in-the-loop interrupts over Baton's request model. A graph that calls
 * `interrupt()` with a `HumanInterrupt` (an action request — the tool and its arguments —, what the
 * person may do with it, a description) gets a Baton request: an approval when the person may accept
 * or edit the action, a consult when they may only respond. The operator's structured answer goes
 * back as the `HumanResponse` the graph resumes with: `accept`, `edit` (with the edited action),
 * `response` (text), or `ignore` (refused, cancelled or timed out without a default). LangGraph
 * agents, and the Agent Inbox that reads those interrupts, can so use Baton as their human side.
 *
 * The shapes follow LangGraph's prebuilt `HumanInterrupt` / `HumanResponse` types (the Agent Inbox
 * protocol).
 */
import { z } from 'zod';
import type { BatonRequest, CreateRequestRequest, DeadlineActionSchema } from '@baton/sdk';

/** Who answers and by when (the request model's fields). */
export interface InterruptDeadline {
  queue?: string;
  timeoutSeconds?: number;
  onDeadline?: z.input<typeof DeadlineActionSchema>;
}

export const HumanInterruptSchema = z
  .object({
    action_request: z.object({
      action: z.string().min(1).max(200),
      args: z.record(z.string(), z.unknown()),
    }),
    config: z.object({
      allow_ignore: z.boolean(),
      allow_respond: z.boolean(),
      allow_edit: z.boolean(),
      allow_accept: z.boolean(),
    }),
    description: z.string().max(10_000).nullish(),
  })
  .meta({
    id: 'HumanInterrupt',
    description: "LangGraph's interrupt for a person: the action, what the person may do, a description.",
  });

export type HumanInterrupt = z.infer<typeof HumanInterruptSchema>;

export const HumanResponseSchema = z
  .object({
    type: z.enum(['accept', 'ignore', 'response', 'edit']),
    args: z.union([
      z.null(),
      z.string(),
      z.object({ action: z.string(), args: z.record(z.string(), z.unknown()) }),
    ]),
  })
  .meta({ id: 'HumanResponse', description: 'What the graph resumes with (LangGraph `HumanResponse`).' });

export type HumanResponse = z.infer<typeof HumanResponseSchema>;

/** The Baton request an interrupt becomes. */
export function interruptToRequest(
  interrupt: HumanInterrupt,
  deadline: InterruptDeadline = {},
): CreateRequestRequest {
  const { action, args } = interrupt.action_request;
  const description = interrupt.description?.trim() || undefined;
  if (interrupt.config.allow_accept || interrupt.config.allow_edit) {
    return {
      kind: 'approval',
      actions: [{ toolName: action, args }],
      allowEdit: interrupt.config.allow_edit,
      ...(description ? { question: description } : {}),
      ...deadline,
    } as CreateRequestRequest;
  }
  return {
    kind: 'consult',
    question: description ?? `${action}: ${JSON.stringify(args)}`,
    freeText: true,
    ...deadline,
  } as CreateRequestRequest;
}

/**
 * The `HumanResponse` for a request's outcome, or null while it is open. A refusal with a note is a
 * `response` (the note) when the interrupt allows one, else `ignore`.
 */
export function responseFor(
  request: BatonRequest,
  interrupt: Pick<HumanInterrupt, 'action_request'> & {
    config: Pick<HumanInterrupt['config'], 'allow_respond'>;
  },
): HumanResponse | null {
  if (request.status === 'open') return null;
  const answer = request.answer;
  if (!answer) return { type: 'ignore', args: null };
  if (request.kind === 'approval') {
    if (answer.decision === 'approve') return { type: 'accept', args: null };
    if (answer.decision === 'edit') {
      return {
        type: 'edit',
        args: {
          action: interrupt.action_request.action,
          args: answer.editedArgs?.[0] ?? interrupt.action_request.args,
        },
      };
    }
    if (answer.note?.trim() && interrupt.config.allow_respond)
      return { type: 'response', args: answer.note.trim() };
    return { type: 'ignore', args: null };
  }
  const text = answer.text ?? answer.choice;
  return text ? { type: 'response', args: text } : { type: 'ignore', args: null };
}

/** The interrupt as far as a stored request tells it (the held action; a note may always respond). */
export function interruptOf(request: BatonRequest): Parameters<typeof responseFor>[1] {
  const action = request.options.actions?.[0];
  return {
    action_request: { action: action?.toolName ?? request.question, args: action?.args ?? {} },
    config: { allow_respond: true },
  };
}
