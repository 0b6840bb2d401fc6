/**
 * Baton's `approval` decision, answered with a structured answer. The agent reports the action it
 * is about to take (a tool call); when the policy reserves that tool for an operator, the decision
 * is `approval`. The agent then creates an approval request holding the actions and waits: an
 * operator answers approve, refuse, or edit (the arguments to run instead). The answer is a value,
 * never read from prose. Anything but approve or edit (a refusal, a cancel, the deadline's default
 * refusal, the wait running out) is a no: an action that moves money or data runs only on a clear yes.
 */
import { sleep } from './client/retry.ts';
import type {
  BatonRequest,
  CreateRequestRequest,
  CreatedRequest,
  DeadlineAction,
} from './protocol-schemas.ts';
import type { Decision, Handoff, PostTurnRequest, TurnResult } from './schemas.ts';

/** What the approval flow needs of a client (the real one, or the test double). */
export interface ApprovalClient {
  postTurn(
    conversationId: string,
    turn: PostTurnRequest,
    options?: { idempotencyKey?: string; signal?: AbortSignal },
  ): Promise<TurnResult>;
  createRequest(
    conversationId: string,
    request: CreateRequestRequest,
    options?: { idempotencyKey?: string; signal?: AbortSignal },
  ): Promise<CreatedRequest>;
  getRequest(requestId: string, options?: { signal?: AbortSignal }): Promise<BatonRequest>;
}

/** An agent action waiting for a yes or no. */
export interface PendingAction {
  toolName: string;
  args: Record<string, unknown>;
  /** The model's tool-call id, when known: reporting the same call twice stores it once. */
  callId?: string;
}

export interface ApprovalAnswer {
  /** True for approve and for edit (run with `editedArgs`). */
  approved: boolean;
  /** For an edit: the arguments to run instead, one object per action, in order; else null. */
  editedArgs: Record<string, unknown>[] | null;
  /** The operator's note to the agent, when there is one: tell it to the model. */
  note: string | null;
  /**
   * `approved`, `edited`, `refused` (by an operator or the deadline's default), `cancelled`, or
   * `timeout` (this wait gave up while the request was still open).
   */
  reason: 'approved' | 'edited' | 'refused' | 'cancelled' | 'timeout';
  /** Whether the request's deadline decided it (recorded apart from an operator's answer). */
  timedOut: boolean;
  request: BatonRequest;
}

export interface WaitOptions {
  /** How often to look at the request. Default 2 s. */
  pollIntervalMs?: number;
  /** Give up (a no) after this long. Default: wait until the signal aborts or the request ends. */
  timeoutMs?: number;
  signal?: AbortSignal;
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

/** The question an operator reads: what the agent wants to do, with its arguments. */
export function describeActions(actions: PendingAction[]): string {
  const lines = actions.map((action) => `${action.toolName}(${JSON.stringify(action.args)})`);
  return `Approve before the agent runs: ${lines.join('; ')}`;
}

export interface AskOptions extends WaitOptions {
  /** Default `high`: the customer is waiting on the action. */
  priority?: Handoff['priority'];
  queue?: string;
  /** A deadline stored with the request (applied even if no server runs at that moment). */
  deadlineSeconds?: number;
  /** What happens at the deadline (default: refused). */
  onDeadline?: DeadlineAction;
  /** Whether the operator may edit the arguments (default true). */
  allowEdit?: boolean;
  /** Called once the operator has been asked. */
  onRequested?: (requested: CreatedRequest) => void | Promise<void>;
}

/** Asks an operator to approve the actions (one approval request for all) and waits for the answer. */
export async function askForApproval(
  client: ApprovalClient,
  conversationId: string,
  actions: PendingAction[],
  options: AskOptions = {},
): Promise<ApprovalAnswer> {
  const callIds = actions.map((action) => action.callId).filter(Boolean);
  const requested = await client.createRequest(
    conversationId,
    {
      kind: 'approval',
      actions,
      question: describeActions(actions),
      priority: options.priority ?? 'high',
      ...(options.queue ? { queue: options.queue } : {}),
      ...(options.deadlineSeconds !== undefined ? { timeoutSeconds: options.deadlineSeconds } : {}),
      ...(options.onDeadline ? { onDeadline: options.onDeadline } : {}),
      ...(options.allowEdit !== undefined ? { allowEdit: options.allowEdit } : {}),
    },
    {
      // The same held calls asked twice (a retry) make one request.
      ...(callIds.length === actions.length && callIds.length > 0
        ? { idempotencyKey: `approval:${conversationId}:${callIds.join(',')}` }
        : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  await options.onRequested?.(requested);
  return waitForApproval(client, requested.request.id, options);
}

/** The answer of an ended approval request, or undefined while it is open. */
export function readApproval(request: BatonRequest): ApprovalAnswer | undefined {
  if (request.status === 'open') return undefined;
  const decision = request.answer?.decision;
  const approved = decision === 'approve' || decision === 'edit';
  return {
    approved,
    editedArgs: decision === 'edit' ? (request.answer?.editedArgs ?? null) : null,
    note: request.answer?.note ?? null,
    reason:
      decision === 'approve'
        ? 'approved'
        : decision === 'edit'
          ? 'edited'
          : request.status === 'cancelled' ||
              request.deadlineOutcome === 'cancel' ||
              request.deadlineOutcome === 'escalate'
            ? 'cancelled'
            : 'refused',
    timedOut: request.timedOut,
    request,
  };
}

/** Waits until the approval request is answered, cancelled or timed out. */
export async function waitForApproval(
  client: Pick<ApprovalClient, 'getRequest'>,
  requestId: string,
  options: WaitOptions = {},
): Promise<ApprovalAnswer> {
  const interval = options.pollIntervalMs ?? 2_000;
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  for (;;) {
    const request = await client.getRequest(requestId, options.signal ? { signal: options.signal } : {});
    const answer = readApproval(request);
    if (answer) return answer;
    if (Date.now() >= deadline) {
      return { approved: false, editedArgs: null, note: null, reason: 'timeout', timedOut: false, request };
    }
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())), options.signal);
  }
}

/** What to tell the model about an answer that did not let the action run as asked. */
export function refusalMessage(answer: ApprovalAnswer, actions: PendingAction[]): string {
  if (answer.reason === 'edited' && answer.editedArgs) {
    const calls = actions.map(
      (action, index) => `${action.toolName}(${JSON.stringify(answer.editedArgs![index] ?? action.args)})`,
    );
    return `An operator changed the arguments${answer.note ? ` (${answer.note})` : ''}: run ${calls.join('; ')} instead.`;
  }
  return `An operator did not approve this action${answer.note ? `: ${answer.note}` : ` (${answer.reason})`}. Do not try it again; tell the customer a person will follow up.`;
}
