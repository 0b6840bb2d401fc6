/**
 * Baton's `approval` decision, as a yes or no from an operator. The agent reports the action it is
 * about to take (a tool call); when the policy reserves that tool for an operator, the decision is
 * `approval`. The agent then asks for a person with the pending action as the reason and waits:
 * the operator claims the handoff and returns it with a note that starts with "approve" (or "yes")
 * to let the action run. Anything else (another note, resolving it, the customer leaving, the wait
 * running out) is a no: an action that moves money or data runs only on a clear yes.
 */
import { sleep } from './client/retry.ts';
import type {
  ConversationView,
  Decision,
  Handoff,
  PostTurnRequest,
  RequestHandoffResponse,
  TurnResult,
} from './schemas.ts';

/** What the approval flow needs of a client (the real one, or the test double). */
export interface ApprovalClient {
  postTurn(
    conversationId: string,
    turn: PostTurnRequest,
    options?: { idempotencyKey?: string; signal?: AbortSignal },
  ): Promise<TurnResult>;
  requestHandoff(
    conversationId: string,
    request: { reason: string; priority?: Handoff['priority']; queue?: string },
    options?: { idempotencyKey?: string; signal?: AbortSignal },
  ): Promise<RequestHandoffResponse>;
  getConversation(conversationId: string, options?: { signal?: AbortSignal }): Promise<ConversationView>;
}

/** An agent action waiting for a yes or no. */
export interface PendingAction {
  toolName: string;
  args: Record<string, unknown>;
  /** The model's tool-call id, when known: reporting the same call twice stores it once. */
  callId?: string;
}

export interface ApprovalAnswer {
  approved: boolean;
  /** The operator's return note, when there is one: tell it to the model. */
  note: string | null;
  /** Why: `approved`, `refused` (a return note without a yes), or how the handoff ended otherwise. */
  reason: 'approved' | 'refused' | 'resolved' | 'abandoned' | 'expired' | 'timeout';
  handoff: Handoff;
}

export interface WaitOptions {
  /** How often to look at the conversation. Default 2 s. */
  pollIntervalMs?: number;
  /** Give up (a no) after this long. Default: wait until the signal aborts. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A return note that says yes: "approve", "approved", "yes", "ok", "go ahead" at its start. */
const YES = /^\s*(approve|approved|yes|ok|okay|go ahead)\b/i;

/** Whether an operator's return note approves the pending action. */
export function isApprovalNote(note: string): boolean {
  return YES.test(note);
}

/** Reports an action the agent is about to take and returns Baton's decision on it. */
export async function reportPendingAction(
  client: Pick<ApprovalClient, 'postTurn'>,
  conversationId: string,
  action: PendingAction,
  options: { signal?: AbortSignal } = {},
): Promise<Decision> {
  const result = await client.postTurn(
    conversationId,
    {
      role: 'agent',
      text: `(about to call ${action.toolName})`,
      // Not run yet: `ok` says the call is well-formed; the metadata marks it as pending.
      toolCalls: [{ name: action.toolName, ok: true, args: action.args }],
      metadata: { baton: 'pending-tool-call', ...(action.callId ? { callId: action.callId } : {}) },
    },
    {
      ...(action.callId ? { idempotencyKey: `pending-tool-call:${conversationId}:${action.callId}` } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  return result.decision;
}

/** Whether a decision holds this tool for an operator's approval. */
export function needsApproval(decision: Decision, toolName: string): boolean {
  return decision.action === 'approval' && decision.approvalTools.includes(toolName);
}

/** The reason an operator reads in the queue: what the agent wants to do, with its arguments. */
export function describeActions(actions: PendingAction[]): string {
  const lines = actions.map((action) => `${action.toolName}(${JSON.stringify(action.args)})`);
  return `Approval needed before the agent runs: ${lines.join('; ')}. Return with a note that starts with "approve" to allow it; any other note refuses.`;
}

export interface AskOptions extends WaitOptions {
  /** Default `high`: the customer is waiting on the action. */
  priority?: Handoff['priority'];
  queue?: string;
  /** Called once the operator has been asked, with what to tell the customer while they wait. */
  onRequested?: (requested: RequestHandoffResponse) => void | Promise<void>;
}

/** Asks an operator to approve the actions (one handoff for all) and waits for the yes or no. */
export async function askForApproval(
  client: ApprovalClient,
  conversationId: string,
  actions: PendingAction[],
  options: AskOptions = {},
): Promise<ApprovalAnswer> {
  const requested = await client.requestHandoff(
    conversationId,
    {
      reason: describeActions(actions),
      priority: options.priority ?? 'high',
      ...(options.queue ? { queue: options.queue } : {}),
    },
    options.signal ? { signal: options.signal } : {},
  );
  await options.onRequested?.(requested);
  return waitForApproval(client, conversationId, requested.handoff.id, options);
}

/** Waits until the operator has answered the approval handoff. */
export async function waitForApproval(
  client: Pick<ApprovalClient, 'getConversation'>,
  conversationId: string,
  handoffId: string,
  options: WaitOptions = {},
): Promise<ApprovalAnswer> {
  const interval = options.pollIntervalMs ?? 2_000;
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  let currentId = handoffId;
  for (;;) {
    const view = await client.getConversation(
      conversationId,
      options.signal ? { signal: options.signal } : {},
    );
    const handoff = view.handoffs.find((candidate) => candidate.id === currentId);
    if (!handoff) throw new Error(`handoff ${currentId} is not in conversation ${conversationId}`);
    if (handoff.status === 'transferred') {
      // A transfer ends this handoff and queues a new one in the other queue: follow it.
      const next = view.handoffs.filter((candidate) => candidate.requestedAt >= handoff.requestedAt).at(-1);
      if (next && next.id !== currentId) {
        currentId = next.id;
        continue;
      }
    }
    const answer = readAnswer(view, handoff);
    if (answer) return answer;
    if (Date.now() >= deadline) return { approved: false, note: null, reason: 'timeout', handoff };
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())), options.signal);
  }
}

/** The answer a finished handoff gives, or undefined while it is still open. */
function readAnswer(view: ConversationView, handoff: Handoff): ApprovalAnswer | undefined {
  switch (handoff.status) {
    case 'queued':
    case 'claimed':
      return undefined;
    case 'returned': {
      const note = view.notes.find((entry) => entry.handoffId === handoff.id && entry.kind === 'return');
      const text = note?.text ?? null;
      const approved = text !== null && isApprovalNote(text);
      return { approved, note: text, reason: approved ? 'approved' : 'refused', handoff };
    }
    case 'transferred':
      return undefined;
    default:
      return { approved: false, note: null, reason: handoff.status, handoff };
  }
}
