/**
 * The hot path: one turn in, one decision out. The common case goes the optimistic way
 * (post-turn-fast.ts). The rest runs here in one transaction: lock (or create) the conversation,
 * which orders its turns (`seq`); run the engine on the rolling state unless an operator owns the
 * conversation; open a handoff when the decision says so; then write the turn, the conversation,
 * the idempotency record and the events in one statement.
 */
import {
  applyCapacity,
  initialState,
  measureSafety,
  type Brief,
  type CustomerAttributes,
  type Decision,
  type EngineState,
  type Turn,
} from '@baton/engine';
import { BatonError } from '../errors.ts';
import { decide } from '../telemetry/traced-engine.ts';
import type { Queryable } from '../storage/database.ts';
import { canSeeConversation, openHandoff } from './access.ts';
import { buildHandoffBrief } from './brief.ts';
import { defaultQueue, type ServiceContext } from './context.ts';
import { insertHandoff } from './create-handoff.ts';
import { detectAfterTurn, withDetectedLanguage } from './language-detection.ts';
import { appendEventsCte } from './events.ts';
import type { PendingEvent } from './handoff-transitions.ts';
import { beginIdempotent } from './idempotency.ts';
import { waitingInfo, waitingMessage } from './queue-wait.ts';
import { capacityInput, closedMessage, routeForNewHandoff } from './routing.ts';
import { toConversation, toHandoff, type ConversationRow, type HandoffRow } from './rows.ts';
import { tryFastTurn } from './post-turn-fast.ts';
import { applySafety } from './safety.ts';
import { handBackForTurn } from '../requests/hand-back.ts';
import { storeWaitingBrief, type WaitingBriefUpdate } from './waiting-brief.ts';
import {
  checkTurnLimit,
  newTurn,
  prepareTurn,
  turnCreatedEvent,
  type PostTurnInput,
  type PreparedTurn,
} from './turn-parts.ts';
import type { ConversationStatus, Principal, TurnResult } from './types.ts';

export type { PostTurnInput } from './turn-parts.ts';

/**
 * Creates the conversation on first use, or locks it (the row lock orders its turns), and reads the
 * current policy version in the same round trip.
 */
async function lockOrCreate(
  tx: Queryable,
  principal: Principal,
  conversationId: string,
  customer: CustomerAttributes,
  at: string,
): Promise<ConversationRow & { current_policy: string }> {
  const rows = await tx.query<ConversationRow & { current_policy: string }>(
    `INSERT INTO conversations (id, created_by_key, status, owner, customer, created_at, updated_at)
     VALUES ($1, $2, 'active', 'agent', $3, $4, $4)
     ON CONFLICT (id) DO UPDATE SET updated_at = excluded.updated_at
     RETURNING *, (SELECT version FROM policies ORDER BY activation DESC LIMIT 1) AS current_policy`,
    [conversationId, principal.keyId, JSON.stringify(customer), at],
  );
  const row = rows[0]!;
  if (!canSeeConversation(principal, row.created_by_key)) {
    throw new BatonError('conversation_not_found', `No conversation ${conversationId}.`);
  }
  return row;
}

/** A decision for a turn the engine was not asked about (an operator owns the conversation). */
function quietDecision(handoff: HandoffRow, policyVersion: string): Decision {
  return {
    action: 'continue',
    firings: [],
    trigger: null,
    priority: handoff.priority,
    queue: handoff.queue,
    message: null,
    approvalTools: [],
    policyVersion,
  };
}

/** Opens a handoff for a `handoff` decision; returns it with its event and the customer's message. */
async function openHandoffFor(
  context: ServiceContext,
  tx: Queryable,
  conversation: ConversationRow,
  decision: Decision,
  at: string,
  pendingTurn: Turn,
): Promise<{ row: HandoffRow; event: PendingEvent }> {
  const asked = context.queues.includes(decision.queue) ? decision.queue : defaultQueue(context);
  // The customer's language and segment, the queue's routes and hours (routing.ts).
  const routed = await routeForNewHandoff(context, tx, asked, pendingTurn.customer ?? conversation.customer);
  const queue = routed.queue;
  const firing = decision.firings.find(
    (candidate) => candidate.trigger === decision.trigger && !candidate.shadow,
  );
  const trigger = decision.trigger ?? 'unknown';
  const reason = firing && firing.evidence.length > 0 ? firing.evidence.join('; ') : trigger;
  const brief = await buildHandoffBrief(tx, {
    conversation,
    trigger,
    reason,
    firings: decision.firings,
    at,
    pendingTurns: [pendingTurn],
  });
  return insertHandoff(tx, {
    conversationId: conversation.id,
    priority: decision.priority,
    queue,
    trigger,
    reason,
    signal: firing?.signal ?? null,
    firings: decision.firings,
    requestedAt: at,
    queuedAt: at,
    policyVersion: decision.policyVersion,
    brief,
    language: routed.language,
    segment: routed.segment,
  }).then((opened) => {
    if (routed.steps.length > 0) opened.event.data['routing'] = routed.steps;
    if (routed.closed)
      opened.event.data['outOfHours'] = { ...routed.closed, customerMessage: closedMessage(routed.closed) };
    return opened;
  });
}

/** Attempts of the optimistic path before taking the conversation's lock instead. */
const FAST_ATTEMPTS = 3;

/** Stores a turn, asks the engine, opens a handoff when it decides so, and says what to do now. */
export async function postTurn(
  context: ServiceContext,
  principal: Principal,
  input: PostTurnInput,
): Promise<TurnResult> {
  const prepared = prepareTurn(context, input);
  for (let attempt = 0; attempt < FAST_ATTEMPTS; attempt++) {
    const outcome = await tryFastTurn(context, principal, input, prepared);
    if (outcome.kind === 'fallback') break;
    if (outcome.kind === 'done') {
      if (!outcome.replayed) context.notifier.wake();
      return outcome.result;
    }
  }
  return postTurnLocked(context, principal, input, prepared);
}

/** The transactional path: under the conversation's row lock from the start. */
async function postTurnLocked(
  context: ServiceContext,
  principal: Principal,
  input: PostTurnInput,
  prepared: PreparedTurn,
): Promise<TurnResult> {
  const { nowIso, at, details, requestHash } = prepared;
  const idempotencyKey = input.idempotencyKey;
  let committedEvents = false;
  let waitingBrief: WaitingBriefUpdate | null = null;
  const answer = await context.database.transaction(async (tx): Promise<TurnResult> => {
    waitingBrief = null;
    if (idempotencyKey) {
      const stored = await beginIdempotent<TurnResult>(tx, principal, idempotencyKey, requestHash, nowIso);
      if (stored) return stored.replay;
    }
    const conversation = await lockOrCreate(
      tx,
      principal,
      input.conversationId,
      input.customer ?? {},
      nowIso,
    );
    const seq = conversation.last_seq + 1;
    checkTurnLimit(context, conversation.id, seq);
    const customer = { ...conversation.customer, ...input.customer };
    // The customer's language from their own words when none is given (at most one detection);
    // routing, the brief and the engine see it as the customer's language.
    const language = await detectAfterTurn(
      {
        detectedLanguage: conversation.detected_language ?? null,
        languageSample: conversation.language_sample ?? null,
      },
      input.turn,
      customer,
    );
    const customerSeen = withDetectedLanguage(customer, language.detectedLanguage);
    let handoff =
      conversation.status === 'waiting' || conversation.status === 'with_operator'
        ? await openHandoff(tx, conversation.id)
        : null;
    const policy = await context.policies.byVersion(tx, conversation.current_policy);
    const operatorOwns = handoff?.status === 'claimed';

    // While an operator owns the conversation the engine is not asked (no second handoff), and its
    // state waits untouched, to continue from there after a return.
    let decision: Decision;
    let engineState = conversation.engine_state as EngineState | null;
    const engineTurn: Turn = {
      ...details,
      role: input.turn.role,
      text: input.turn.text,
      at,
      customer: customerSeen,
    };
    if (operatorOwns && handoff) {
      decision = quietDecision(handoff, policy.version);
    } else {
      let decided = decide(engineState ?? initialState(), engineTurn, policy);
      // Capacity-aware escalation: the policy's rules see the predicted wait and who is online.
      if (
        decided.decision.action === 'handoff' &&
        !handoff &&
        (policy.policy.capacity?.rules.length ?? 0) > 0
      ) {
        const queue = context.queues.includes(decided.decision.queue)
          ? decided.decision.queue
          : defaultQueue(context);
        const input = await capacityInput(context, tx, queue, customerSeen);
        decided = {
          ...decided,
          ...applyCapacity(decided.decision, decided.state, policy, input, engineState),
        };
      }
      decision = decided.decision;
      engineState = decided.state;
    }

    const turn = newTurn(principal, input, prepared, seq);
    const events: PendingEvent[] = [];
    let customerMessage: string | null = null;
    const openBefore = handoff?.id ?? null;
    if (decision.action === 'handoff' && !handoff) {
      const opened = await openHandoffFor(context, tx, conversation, decision, nowIso, engineTurn);
      handoff = opened.row;
      const info = await waitingInfo(context, tx, handoff);
      const outOfHours = opened.event.data['outOfHours'] as { customerMessage: string } | undefined;
      customerMessage = outOfHours ? outOfHours.customerMessage : waitingMessage(info, decision.message);
      Object.assign(opened.event.data, {
        position: info.position,
        estimatedWaitSeconds: info.estimatedWaitSeconds,
        operatorsOnline: info.operatorsOnline,
      });
      events.push(opened.event);
    } else if (handoff?.status === 'queued') {
      customerMessage = waitingMessage(await waitingInfo(context, tx, handoff));
      // What the customer adds while waiting goes into the brief the operator will read (stored
      // after the commit: waiting-brief.ts says why).
      if (input.turn.role === 'customer') {
        handoff.brief = await buildHandoffBrief(tx, {
          conversation,
          trigger: handoff.trigger,
          reason: handoff.reason,
          firings: handoff.firings,
          at: nowIso,
          waitingSince: new Date(handoff.queued_at).toISOString(),
          requestedAt: new Date(handoff.requested_at).toISOString(),
          pendingTurns: [engineTurn],
        });
        waitingBrief = { handoffId: handoff.id, brief: handoff.brief as Brief, seq };
      }
    } else if (!operatorOwns) {
      // An offer, an approval, or (on continue) the policy's reply to a declined offer.
      customerMessage = decision.message;
    }
    // Self-harm or danger is heard in every state, the engine asked or not (see safety.ts).
    const safety = await applySafety(context, tx, {
      concern: measureSafety(engineTurn, policy),
      handoff,
      openedNow: handoff !== null && handoff.id !== openBefore,
      policy,
      turnId: turn.id,
      at: nowIso,
    });
    if (safety) {
      handoff = safety.handoff;
      events.push(...safety.events);
      customerMessage = safety.customerMessage ?? customerMessage;
    }
    events.unshift(turnCreatedEvent(turn, decision, handoff, !operatorOwns, nowIso));
    const status: ConversationStatus = operatorOwns ? 'with_operator' : handoff ? 'waiting' : 'active';
    const carried = await handBackForTurn(tx, conversation, !operatorOwns);
    const result: TurnResult = {
      turn,
      decision,
      conversation: toConversation({ ...conversation, status, customer, updated_at: nowIso }),
      handoff: handoff ? toHandoff(handoff) : null,
      customerMessage,
      agentShouldReply: !operatorOwns,
      // The operator's note after a return is given to the agent once, on its next answer.
      returnNote: operatorOwns ? null : conversation.return_note,
      // The structured hand-back comes with the note; open promises come with every answer.
      handBack: carried.handBack,
      openPromises: carried.openPromises,
    };

    // One statement writes everything else: the turn, the conversation, the idempotency record and
    // the events (under the append lock, held from here to the commit).
    const params: unknown[] = [
      conversation.id,
      turn.id,
      seq,
      turn.role,
      turn.text,
      at,
      turn.author,
      JSON.stringify(details),
      operatorOwns ? null : JSON.stringify(decision),
      decision.policyVersion,
      status,
      JSON.stringify(customer),
      engineState === null ? null : JSON.stringify(engineState),
      operatorOwns ? conversation.return_note : null,
      nowIso,
      principal.keyId,
      idempotencyKey ?? null,
      idempotencyKey ? JSON.stringify(result) : null,
      language.detectedLanguage,
      language.languageSample,
    ];
    const appendEvents = appendEventsCte(context, events, params);
    await tx.query(
      `WITH turn_row AS (
         INSERT INTO turns (id, conversation_id, seq, role, text, at, author, details, decision, policy_version)
         VALUES ($2, $1, $3, $4, $5, $6, $7, $8, $9, $10)
       ), conversation_row AS (
         UPDATE conversations SET status = $11, customer = $12, engine_state = $13, last_seq = $3,
           return_note = $14, updated_at = $15, detected_language = $19, language_sample = $20
         WHERE id = $1
       ), idempotency_row AS (
         UPDATE idempotency_keys SET response = $18 WHERE key_id = $16 AND idempotency_key = $17
       ), appended AS (${appendEvents})
       SELECT count(*) FROM appended`,
      params,
    );
    committedEvents = true;
    return result;
  });
  if (committedEvents) context.notifier.wake();
  if (waitingBrief) await storeWaitingBrief(context.database, waitingBrief);
  return answer;
}
