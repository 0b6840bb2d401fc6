/**
 * The common case of a turn, in two round trips and no explicit transaction: read the conversation
 * (with the current policy and any stored idempotent answer), run the engine, then write the turn,
 * the conversation, the idempotency record and the event in ONE statement that applies only if the
 * conversation is still at the `seq` it was read at and still has no open handoff (optimistic
 * concurrency: the UPDATE takes the row lock and re-checks both; a handoff requested meanwhile
 * changes the status without a turn). A lost race is retried by the caller. Anything rarer (an open
 * handoff, a handoff decision) goes to the transactional path. Both statements are prepared on
 * PostgreSQL: planning them took longer than running them.
 *
 * The write also re-checks the row's version (`xmin`, changed by every update of the row), so it
 * applies only to the very row the turn was decided on. That makes the read skippable: a
 * conversation whose last turn this instance wrote is decided from what that write left
 * (known-conversations.ts), and its write is then the turn's only statement; if anything changed
 * the row meanwhile (another instance, a handoff, a new policy), the write changes nothing and the
 * turn reads the row as usual.
 */
import { initialState, type EngineState, type Turn } from '@baton/engine';
import { decide } from '../telemetry/traced-engine.ts';
import { BatonError } from '../errors.ts';
import { canSeeConversation } from './access.ts';
import type { ServiceContext } from './context.ts';
import type { KnownConversation } from './known-conversations.ts';
import { appendEventsCte } from './events.ts';
import { detectAfterTurn, withDetectedLanguage } from './language-detection.ts';
import { toConversation, type ConversationRow } from './rows.ts';
import {
  checkTurnLimit,
  newTurn,
  turnCreatedEvent,
  type PostTurnInput,
  type PreparedTurn,
} from './turn-parts.ts';
import type { Principal, TurnResult } from './types.ts';

export type FastTurnOutcome =
  | { kind: 'done'; result: TurnResult; replayed: boolean }
  /** Another writer got there first: read again. */
  | { kind: 'retry' }
  /** Not the common case: use the transactional path. */
  | { kind: 'fallback' };

type ReadRow = Partial<ConversationRow> & {
  /** The row's `xmin` (null when there is no conversation yet). */
  version: string | null;
  current_policy: string;
  stored_hash: string | null;
  stored_response: string | null;
};

/** A unique violation: a concurrent request took the idempotency key or created the conversation. */
function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === '23505';
}

/** One attempt at the common case. */
export async function tryFastTurn(
  context: ServiceContext,
  principal: Principal,
  input: PostTurnInput,
  prepared: PreparedTurn,
): Promise<FastTurnOutcome> {
  const known = context.conversations.take(input.conversationId);
  if (known && canSeeConversation(principal, known.row.created_by_key)) {
    const outcome = await decideAndWrite(context, principal, input, prepared, {
      row: known.row,
      version: known.version,
      policyVersion: known.policyVersion,
    });
    if (outcome.kind === 'stale') context.conversations.changedElsewhere(input.conversationId);
    // Otherwise the row changed since (or the idempotency key was used): read it.
    else if (outcome.kind !== 'retry') return outcome;
  }
  const idempotencyKey = input.idempotencyKey ?? null;
  const [read] = await context.database.query<ReadRow>(
    `SELECT c.*, c.xmin::text AS version, p.version AS current_policy, i.request_hash AS stored_hash,
       i.response AS stored_response
     FROM (SELECT version FROM policies ORDER BY activation DESC LIMIT 1) AS p
     LEFT JOIN conversations c ON c.id = $1
     LEFT JOIN idempotency_keys i ON i.key_id = $2 AND i.idempotency_key = $3`,
    [input.conversationId, principal.keyId, idempotencyKey],
    { prepare: true },
  );
  if (!read) throw new Error('No policy is stored: createService stores the initial one.');
  if (read.stored_hash !== null) {
    if (read.stored_hash !== prepared.requestHash) {
      throw new BatonError(
        'idempotency_conflict',
        'This Idempotency-Key was already used with a different request.',
      );
    }
    // A record without its response belongs to a transaction still running: wait for it there.
    if (read.stored_response === null) return { kind: 'fallback' };
    return { kind: 'done', result: JSON.parse(read.stored_response) as TurnResult, replayed: true };
  }
  const exists = read.id !== null && read.id !== undefined;
  if (exists && !canSeeConversation(principal, read.created_by_key!)) {
    throw new BatonError('conversation_not_found', `No conversation ${input.conversationId}.`);
  }
  if (exists && (read.status === 'waiting' || read.status === 'with_operator')) return { kind: 'fallback' };
  // A hand-back to deliver, or open promises to carry: the transactional path reads them.
  if (exists && (read.return_note != null || (read.open_promises ?? 0) > 0)) return { kind: 'fallback' };
  const outcome = await decideAndWrite(context, principal, input, prepared, {
    row: exists ? (read as KnownConversation['row']) : null,
    version: read.version,
    policyVersion: read.current_policy,
  });
  // Another writer got there between the read and the write.
  return outcome.kind === 'stale' ? { kind: 'retry' } : outcome;
}

/**
 * Decides the turn on `from.row` (null: a new conversation) and writes it, if the row is still
 * version `from.version` and `from.policyVersion` still the current policy.
 */
async function decideAndWrite(
  context: ServiceContext,
  principal: Principal,
  input: PostTurnInput,
  prepared: PreparedTurn,
  from: { row: KnownConversation['row'] | null; version: string | null; policyVersion: string },
): Promise<FastTurnOutcome | { kind: 'stale' }> {
  const idempotencyKey = input.idempotencyKey ?? null;
  const read = from.row;
  const exists = read !== null;
  const seq = exists ? read.last_seq + 1 : 0;
  checkTurnLimit(context, input.conversationId, seq);

  const policy = await context.policies.byVersion(context.database, from.policyVersion);
  const customer = { ...(exists ? read.customer : {}), ...input.customer };
  // The customer's language from their own words when none is given (at most one detection).
  const language = await detectAfterTurn(
    {
      detectedLanguage: exists ? (read.detected_language ?? null) : null,
      languageSample: exists ? (read.language_sample ?? null) : null,
    },
    input.turn,
    customer,
  );
  const engineTurn: Turn = {
    ...prepared.details,
    role: input.turn.role,
    text: input.turn.text,
    at: prepared.at,
    customer: withDetectedLanguage(customer, language.detectedLanguage),
  };
  const previous = exists ? (read.engine_state as EngineState | null) : null;
  const { decision, state } = decide(previous ?? initialState(), engineTurn, policy);
  if (decision.action === 'handoff') return { kind: 'fallback' };

  const turn = newTurn(principal, input, prepared, seq);
  const conversation: ConversationRow = {
    id: input.conversationId,
    created_by_key: exists ? read.created_by_key : principal.keyId,
    status: 'active',
    owner: 'agent',
    owner_key: null,
    customer,
    engine_state: state,
    last_seq: seq,
    return_note: null,
    detected_language: language.detectedLanguage,
    language_sample: language.languageSample,
    created_at: exists ? read.created_at : prepared.nowIso,
    updated_at: prepared.nowIso,
  };
  const result: TurnResult = {
    turn,
    decision,
    conversation: toConversation(conversation),
    handoff: null,
    // On continue, the message is the policy's reply to a declined offer (else null).
    customerMessage: decision.message,
    agentShouldReply: true,
    returnNote: null,
    handBack: null,
    openPromises: [],
  };

  const params: unknown[] = [
    input.conversationId,
    turn.id,
    seq,
    turn.role,
    turn.text,
    turn.at,
    turn.author,
    JSON.stringify(prepared.details),
    JSON.stringify(decision),
    decision.policyVersion,
    principal.keyId,
    JSON.stringify(customer),
    JSON.stringify(state),
    prepared.nowIso,
    idempotencyKey,
    idempotencyKey ? prepared.requestHash : null,
    idempotencyKey ? JSON.stringify(result) : null,
    language.detectedLanguage,
    language.languageSample,
  ];
  if (exists) params.push(from.version, from.policyVersion);
  // The row exactly as it was read (its version), under the policy that was current then.
  const conversationWrite = exists
    ? `UPDATE conversations SET status = 'active', customer = $12, engine_state = $13, last_seq = $3,
         return_note = NULL, updated_at = $14, detected_language = $18, language_sample = $19
       WHERE id = $1 AND last_seq = $3 - 1 AND status IN ('active', 'closed') AND xmin::text = $20
         AND (SELECT version FROM policies ORDER BY activation DESC LIMIT 1) = $21
       RETURNING id, xmin`
    : `INSERT INTO conversations (id, created_by_key, status, owner, customer, engine_state, last_seq, created_at, updated_at,
         detected_language, language_sample)
       VALUES ($1, $11, 'active', 'agent', $12, $13, $3, $14, $14, $18, $19) ON CONFLICT (id) DO NOTHING RETURNING id, xmin`;
  const events = [turnCreatedEvent(turn, decision, null, true, prepared.nowIso)];
  const appendEvents = appendEventsCte(context, events, params, 'conversation_row');
  try {
    const [written] = await context.database.query<{ version: string }>(
      `WITH conversation_row AS (${conversationWrite}),
       turn_row AS (
         INSERT INTO turns (id, conversation_id, seq, role, text, at, author, details, decision, policy_version)
         SELECT $2, $1, $3, $4, $5, $6, $7, $8, $9, $10 FROM conversation_row
       ), idempotency_row AS (
         INSERT INTO idempotency_keys (key_id, idempotency_key, request_hash, response, created_at)
         SELECT $11, $15, $16, $17, $14 FROM conversation_row WHERE $15::text IS NOT NULL
       ), appended AS (${appendEvents})
       SELECT xmin::text AS version FROM conversation_row`,
      params,
      { prepare: true },
    );
    if (!written) return { kind: 'stale' };
    context.conversations.remember(input.conversationId, {
      row: {
        created_by_key: conversation.created_by_key,
        customer,
        engine_state: state,
        last_seq: seq,
        created_at: conversation.created_at,
        detected_language: language.detectedLanguage,
        language_sample: language.languageSample,
      },
      version: written.version,
      policyVersion: from.policyVersion,
    });
    return { kind: 'done', result, replayed: false };
  } catch (error) {
    if (isUniqueViolation(error)) return { kind: 'retry' };
    throw error;
  }
}
