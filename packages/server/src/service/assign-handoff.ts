/**
 * Handing a conversation to a named colleague, and a lead taking one over.
 *
 * Assign: the owner of a claimed handoff (or anyone, for a waiting one) gives the claim to a
 * colleague who is present now, held to the same routing rules as a claim of their own (queue,
 * skills, language, capacity); an admin key overrides those rules, on record, but never presence.
 * Take over: an admin key (a lead) takes a handoff claimed by someone else; the previous owner's
 * console learns it from the `handoff-taken-over` event. Both are one conditional UPDATE through the
 * transition table, with the event in the same transaction, and idempotent with a key.
 */
import { BatonError } from '../errors.ts';
import type { Queryable } from '../storage/database.ts';
import { insertNote } from './add-note.ts';
import { loadHandoff } from './access.ts';
import type { ServiceContext } from './context.ts';
import { giveToOperator, secondsBetween } from './handoff-moves.ts';
import { mutate } from './mutate.ts';
import { currentQueueConfig, queueSettings } from './queue-config.ts';
import { refusal, type OperatorState } from './routing-order.ts';
import type { RoutingRow } from './routing.ts';
import { toHandoff, type HandoffRow } from './rows.ts';
import type { Handoff, Principal, WriteOptions } from './types.ts';

/** Why a colleague cannot take a handoff: not present, or one of routing's refusals. */
export type AssigneeRefusal =
  'not_present' | 'not_in_queue' | 'missing_skill' | 'wrong_language' | 'over_capacity';

export interface Assignee {
  keyId: string;
  name: string;
  status: 'online' | 'away' | 'offline';
  load: number;
  capacity: number | null;
  refusal: AssigneeRefusal | null;
}

interface PresenceRow {
  key_id: string;
  name: string;
  status: 'online' | 'away' | 'offline';
  updated_at: Date | string;
  queues: string[] | null;
  skills: string[] | null;
  languages: string[] | null;
  capacity: number | null;
  load: number;
}

const PRESENCE_SQL = `SELECT p.key_id, p.name, p.status, p.updated_at, p.queues, p.skills, p.languages, p.capacity,
    (SELECT count(*) FROM handoffs c WHERE c.status = 'claimed' AND c.claimed_by_key = p.key_id)::int
    + (SELECT count(*) FROM handoffs o WHERE o.status = 'queued' AND o.offered_to_key = p.key_id
         AND o.offer_expires_at > $1)::int AS load
  FROM operator_presence p`;

const REFUSAL_MESSAGES: Record<AssigneeRefusal, (name: string) => string> = {
  not_present: (name) => `${name} is not online now.`,
  not_in_queue: (name) => `${name} is not present in this handoff's queue.`,
  missing_skill: (name) => `${name} lacks a skill this queue needs.`,
  wrong_language: (name) => `${name} does not take conversations in this handoff's language.`,
  over_capacity: (name) => `${name} already holds as many conversations as their capacity allows.`,
};

function toOperator(row: PresenceRow): OperatorState {
  return {
    keyId: row.key_id,
    name: row.name,
    queues: row.queues ?? [],
    skills: row.skills ?? [],
    languages: row.languages ?? [],
    capacity: row.capacity,
    load: row.load,
  };
}

/** Whether `row`'s presence counts now (online, and set or kept alive within the TTL). */
function isPresent(context: ServiceContext, row: PresenceRow): boolean {
  const since = context.now().getTime() - context.limits.presenceTtlMs;
  return row.status === 'online' && new Date(row.updated_at).getTime() >= since;
}

/** The colleague's refusal for `handoff`, or null when they can take it. */
async function refusalFor(
  context: ServiceContext,
  tx: Queryable,
  row: PresenceRow,
  handoff: HandoffRow,
): Promise<AssigneeRefusal | null> {
  if (!isPresent(context, row)) return 'not_present';
  const routing = handoff as RoutingRow;
  const settings = queueSettings(await currentQueueConfig(tx), routing.queue);
  return refusal(
    toOperator(row),
    { queue: routing.queue, widenedTo: routing.widened_to ?? [], language: routing.language ?? null },
    { skills: settings.skills, languages: settings.languages },
  );
}

/** Colleagues who could be given `handoffId`: those who can take it first, then by load and name. */
export async function listAssignees(
  context: ServiceContext,
  principal: Principal,
  handoffId: string,
): Promise<Assignee[]> {
  const handoff = await loadHandoff(context.database, principal, handoffId, false);
  const since = new Date(context.now().getTime() - context.limits.presenceTtlMs).toISOString();
  const rows = await context.database.query<PresenceRow>(
    `${PRESENCE_SQL} WHERE p.status = 'online' AND p.updated_at >= $2 ORDER BY p.name, p.key_id`,
    [context.now().toISOString(), since],
  );
  const assignees: Assignee[] = [];
  for (const row of rows) {
    if (row.key_id === principal.keyId || row.key_id === handoff.claimed_by_key) continue;
    assignees.push({
      keyId: row.key_id,
      name: row.name,
      status: row.status,
      load: row.load,
      capacity: row.capacity,
      refusal: await refusalFor(context, context.database, row, handoff),
    });
  }
  return assignees.sort((a, b) => Number(a.refusal !== null) - Number(b.refusal !== null) || a.load - b.load);
}

/** Gives the handoff's claim to the colleague with key `input.operator`. */
export async function assignHandoff(
  context: ServiceContext,
  principal: Principal,
  handoffId: string,
  input: { operator: string; note?: string },
  options: WriteOptions = {},
): Promise<Handoff> {
  const at = context.now().toISOString();
  const idempotent = {
    principal,
    idempotencyKey: options.idempotencyKey,
    request: { use: 'assign', handoffId, ...input },
  };
  return mutate(context, idempotent, async (tx, events) => {
    const current = await loadHandoff(tx, principal, handoffId, true);
    const override = principal.scope === 'admin';
    if (current.status === 'claimed' && !override && current.claimed_by_key !== principal.keyId) {
      throw new BatonError('not_owner', `Handoff ${handoffId} is claimed by ${current.claimed_by}.`, {
        claimedBy: current.claimed_by,
      });
    }
    if (
      input.operator === current.claimed_by_key ||
      (current.status === 'queued' && input.operator === principal.keyId)
    ) {
      throw new BatonError(
        'invalid_request',
        input.operator === principal.keyId
          ? 'To take a waiting handoff yourself, claim it.'
          : `${current.claimed_by} already holds this handoff.`,
      );
    }
    // The colleague's presence row is locked, so two assignments to them at once cannot both take
    // their last place (the same lock a claim of their own takes, routing.ts).
    const [target] = await tx.query<PresenceRow>(`${PRESENCE_SQL} WHERE p.key_id = $2 FOR UPDATE OF p`, [
      at,
      input.operator,
    ]);
    if (!target) {
      throw new BatonError('not_present', 'Nobody with that key has set a presence.', {
        operator: input.operator,
      });
    }
    const refused = await refusalFor(context, tx, target, current);
    // An admin overrides routing's rules (on record), never presence: nobody is handed work while away.
    if (refused === 'not_present' || (refused !== null && !override)) {
      throw new BatonError(refused, REFUSAL_MESSAGES[refused](target.name), {
        operator: target.key_id,
        name: target.name,
        queue: current.queue,
        ...(refused === 'over_capacity' ? { capacity: target.capacity, holding: target.load } : {}),
      });
    }
    const fromQueue = current.status === 'queued';
    const { row, event } = await giveToOperator(
      tx,
      handoffId,
      'assign',
      { name: target.name, keyId: target.key_id },
      at,
      fromQueue,
    );
    if (input.note) {
      await insertNote(tx, {
        handoffId,
        conversationId: row.conversation_id,
        author: principal.name,
        text: input.note,
        kind: 'transfer',
        at,
      });
    }
    events.push({
      ...event,
      data: {
        ...event.data,
        claimedBy: target.name,
        claimedByKey: target.key_id,
        assignedBy: principal.name,
        assignedByKey: principal.keyId,
        previousOwner: current.claimed_by,
        previousOwnerKey: current.claimed_by_key,
        note: input.note ?? null,
        ...(fromQueue ? { waitedSeconds: secondsBetween(row.queued_at, at) } : {}),
        ...(override && refused !== null ? { override: true, overridden: refused } : {}),
      },
    });
    return toHandoff(row);
  });
}

/** A lead (admin key) takes over a handoff claimed by someone else. */
export async function takeOverHandoff(
  context: ServiceContext,
  principal: Principal,
  handoffId: string,
  input: { note?: string },
  options: WriteOptions = {},
): Promise<Handoff> {
  if (principal.scope !== 'admin') {
    throw new BatonError('forbidden', 'Only a lead (an admin key) may take over a conversation.');
  }
  const at = context.now().toISOString();
  const idempotent = {
    principal,
    idempotencyKey: options.idempotencyKey,
    request: { use: 'take-over', handoffId, ...input },
  };
  return mutate(context, idempotent, async (tx, events) => {
    const current = await loadHandoff(tx, principal, handoffId, true);
    if (current.status === 'claimed' && current.claimed_by_key === principal.keyId) {
      throw new BatonError('invalid_transition', 'You already hold this handoff.', {
        status: current.status,
        move: 'take-over',
      });
    }
    const { row, event } = await giveToOperator(tx, handoffId, 'take-over', principal, at, false);
    if (input.note) {
      await insertNote(tx, {
        handoffId,
        conversationId: row.conversation_id,
        author: principal.name,
        text: input.note,
        kind: 'internal',
        at,
      });
    }
    events.push({
      ...event,
      data: {
        ...event.data,
        claimedBy: principal.name,
        claimedByKey: principal.keyId,
        takenBy: principal.name,
        previousOwner: current.claimed_by,
        previousOwnerKey: current.claimed_by_key,
        note: input.note ?? null,
      },
    });
    return toHandoff(row);
  });
}
