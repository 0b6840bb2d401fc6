/**
 * The request model. Terminology: a **request** is something the agent asks of a person on a
 * conversation. Its **kind** says what: a `consult` (a question; the agent keeps talking), an
 * `approval` (an action held for a yes, a no, or edited arguments; the agent keeps talking), a
 * `handoff` (a person takes over; the agent goes quiet) or a `transfer` (a handoff moved to another
 * queue). Consults and approvals are stored in `requests`; handoffs and transfers are the handoffs
 * of `handoffs`, read through the same shape. A request may carry a **deadline** and what happens at
 * it (`default` answer, `escalate` to a handoff, or `cancel`); a request ended by its deadline is
 * `timed_out`, with `deadlineOutcome` saying which.
 */
import type { Priority } from '@baton/engine';
import type { Handoff, HandoffStatus } from '../service/types.ts';

export type RequestKind = 'consult' | 'approval' | 'handoff' | 'transfer';

/** States of consults and approvals (handoffs and transfers keep the handoff's statuses). */
export type AskStatus = 'open' | 'answered' | 'timed_out' | 'cancelled';
export type RequestStatus = AskStatus | HandoffStatus;

/** An agent action held for approval. */
export interface PendingAction {
  toolName: string;
  args: Record<string, unknown>;
  callId?: string;
}

export interface RequestOptions {
  /** Consult: the answers to pick from (absent: free text only). */
  choices?: string[];
  /** Consult: whether a free-text answer is accepted (default true, false needs `choices`). */
  freeText?: boolean;
  /** Approval: the actions held. */
  actions?: PendingAction[];
  /** Approval: whether the operator may answer with edited arguments (default true). */
  allowEdit?: boolean;
}

/** A structured answer. Approval: `decision` (and `editedArgs` for `edit`). Consult: `text` and/or `choice`. */
export interface RequestAnswer {
  decision?: 'approve' | 'refuse' | 'edit';
  /** One argument object per held action, in order, for `edit`. */
  editedArgs?: Record<string, unknown>[];
  choice?: string;
  text?: string;
  note?: string;
}

export type DeadlineAction =
  | { action: 'default'; answer: RequestAnswer }
  | { action: 'escalate'; queue?: string }
  | { action: 'cancel' };

export interface BatonRequest {
  id: string;
  conversationId: string;
  kind: RequestKind;
  status: RequestStatus;
  question: string;
  options: RequestOptions;
  queue: string;
  priority: Priority;
  createdBy: string;
  createdAt: string;
  deadline: string | null;
  onDeadline: DeadlineAction | null;
  answer: RequestAnswer | null;
  answeredBy: string | null;
  answeredAt: string | null;
  endedAt: string | null;
  /** True when the deadline ended it (recorded apart from an answer). */
  timedOut: boolean;
  deadlineOutcome: DeadlineAction['action'] | null;
  /** The handoff a deadline escalated to. */
  escalatedHandoffId: string | null;
  /** For `handoff` and `transfer`: the handoff itself. */
  handoff: Handoff | null;
}

interface AskInput {
  question: string;
  queue?: string;
  priority?: Priority;
  /** ISO time; or `timeoutSeconds` from now. */
  deadline?: string;
  timeoutSeconds?: number;
  onDeadline?: DeadlineAction;
}

export type CreateRequestInput =
  | (AskInput & { kind: 'consult'; choices?: string[]; freeText?: boolean })
  | (Omit<AskInput, 'question'> & {
      kind: 'approval';
      question?: string;
      actions: PendingAction[];
      allowEdit?: boolean;
    })
  | { kind: 'handoff'; summary: string; queue?: string; priority?: Priority };

export interface CreatedRequest {
  request: BatonRequest;
  /** What to tell the customer now (a handoff's wait), or null. */
  customerMessage: string | null;
}
