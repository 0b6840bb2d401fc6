/**
 * The structured hand-back: stored when an operator returns a conversation, given to the agent with
 * its next answer (with `returnNote`), its open promises carried on every answer until kept, and
 * shown in the brief of any later handoff of the conversation.
 */
import { BatonError } from '../errors.ts';
import { loadConversation } from '../service/access.ts';
import type { ServiceContext } from '../service/context.ts';
import { newId } from '../service/ids.ts';
import { mutate } from '../service/mutate.ts';
import { iso, isoOrNull, type Timestamp } from '../service/rows.ts';
import type { Principal } from '../service/types.ts';
import type { Queryable } from '../storage/database.ts';

export interface HandBackAction {
  action: string;
  result: string;
}

export interface CustomerPromise {
  id: string;
  conversationId: string;
  text: string;
  dueAt: string | null;
  status: 'open' | 'kept';
  promisedBy: string;
  createdAt: string;
  keptAt: string | null;
  keptBy: string | null;
}

export interface HandBack {
  id: string;
  handoffId: string;
  author: string;
  note: string | null;
  actions: HandBackAction[];
  promises: CustomerPromise[];
  must: string[];
  mustNot: string[];
  createdAt: string;
}

/** The structured part of a return. */
export interface HandBackInput {
  actions?: HandBackAction[];
  promises?: { text: string; dueAt?: string }[];
  must?: string[];
  mustNot?: string[];
}

interface HandBackRow {
  id: string;
  conversation_id: string;
  handoff_id: string;
  author: string;
  note: string | null;
  actions: HandBackAction[];
  must: string[];
  must_not: string[];
  created_at: Timestamp;
}

interface PromiseRow {
  id: string;
  conversation_id: string;
  hand_back_id: string;
  text: string;
  due_at: Timestamp | null;
  status: 'open' | 'kept';
  created_at: Timestamp;
  kept_at: Timestamp | null;
  kept_by: string | null;
  promised_by: string;
}

function toPromise(row: PromiseRow): CustomerPromise {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    text: row.text,
    dueAt: isoOrNull(row.due_at),
    status: row.status,
    promisedBy: row.promised_by,
    createdAt: iso(row.created_at),
    keptAt: isoOrNull(row.kept_at),
    keptBy: row.kept_by,
  };
}

function toHandBack(row: HandBackRow, promises: CustomerPromise[]): HandBack {
  return {
    id: row.id,
    handoffId: row.handoff_id,
    author: row.author,
    note: row.note,
    actions: row.actions,
    promises,
    must: row.must,
    mustNot: row.must_not,
    createdAt: iso(row.created_at),
  };
}

const PROMISE_COLUMNS = `p.*, h.author AS promised_by`;

/** Stores a hand-back with its promises (in the return's transaction) and counts the open promises. */
export async function insertHandBack(
  tx: Queryable,
  input: HandBackInput & {
    conversationId: string;
    handoffId: string;
    author: string;
    note: string;
    at: string;
  },
): Promise<HandBack> {
  for (const promise of input.promises ?? []) {
    if (promise.dueAt !== undefined && Number.isNaN(new Date(promise.dueAt).getTime())) {
      throw new BatonError('invalid_request', `promises: dueAt is not a time: ${promise.dueAt}`);
    }
  }
  const id = newId('hb');
  const [row] = await tx.query<HandBackRow>(
    `INSERT INTO hand_backs (id, conversation_id, handoff_id, author, note, actions, must, must_not, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [
      id,
      input.conversationId,
      input.handoffId,
      input.author,
      input.note,
      JSON.stringify(input.actions ?? []),
      JSON.stringify(input.must ?? []),
      JSON.stringify(input.mustNot ?? []),
      input.at,
    ],
  );
  const promises = input.promises ?? [];
  if (promises.length > 0) {
    await tx.query(
      `INSERT INTO promises (id, conversation_id, hand_back_id, text, due_at, status, created_at)
       SELECT p.id, $1, $2, p.text, p.due_at, 'open', $3
       FROM unnest($4::text[], $5::text[], $6::timestamptz[]) AS p(id, text, due_at)`,
      [
        input.conversationId,
        id,
        input.at,
        promises.map(() => newId('pr')),
        promises.map((promise) => promise.text),
        promises.map((promise) =>
          promise.dueAt === undefined ? null : new Date(promise.dueAt).toISOString(),
        ),
      ],
    );
    await tx.query('UPDATE conversations SET open_promises = open_promises + $2 WHERE id = $1', [
      input.conversationId,
      promises.length,
    ]);
  }
  const stored = await tx.query<PromiseRow>(
    `SELECT ${PROMISE_COLUMNS} FROM promises p JOIN hand_backs h ON h.id = p.hand_back_id
     WHERE p.hand_back_id = $1 ORDER BY p.due_at NULLS LAST, p.id`,
    [id],
  );
  return toHandBack(row!, stored.map(toPromise));
}

/** The conversation's open promises, soonest due first. */
export async function openPromises(tx: Queryable, conversationId: string): Promise<CustomerPromise[]> {
  const rows = await tx.query<PromiseRow>(
    `SELECT ${PROMISE_COLUMNS} FROM promises p JOIN hand_backs h ON h.id = p.hand_back_id
     WHERE p.conversation_id = $1 AND p.status = 'open' ORDER BY p.due_at NULLS LAST, p.created_at, p.id`,
    [conversationId],
  );
  return rows.map(toPromise);
}

/** The conversation's hand-backs, oldest first, each with its promises (kept or not). */
export async function listHandBacks(tx: Queryable, conversationId: string): Promise<HandBack[]> {
  // One after the other: `tx` may be a transaction's single connection, which runs one query at a time.
  const rows = await tx.query<HandBackRow>(
    'SELECT * FROM hand_backs WHERE conversation_id = $1 ORDER BY created_at, id',
    [conversationId],
  );
  const promises = await tx.query<PromiseRow>(
    `SELECT ${PROMISE_COLUMNS} FROM promises p JOIN hand_backs h ON h.id = p.hand_back_id
     WHERE p.conversation_id = $1 ORDER BY p.due_at NULLS LAST, p.id`,
    [conversationId],
  );
  return rows.map((row) =>
    toHandBack(row, promises.filter((promise) => promise.hand_back_id === row.id).map(toPromise)),
  );
}

/**
 * What a turn's answer carries from hand-backs: the newest hand-back when the answer also carries
 * the return note (once, right after a return), and the open promises (every answer while open).
 */
export async function handBackForTurn(
  tx: Queryable,
  conversation: { id: string; return_note: string | null; open_promises?: number },
  deliverReturn: boolean,
): Promise<{ handBack: HandBack | null; openPromises: CustomerPromise[] }> {
  const promises = (conversation.open_promises ?? 0) > 0 ? await openPromises(tx, conversation.id) : [];
  if (!deliverReturn || conversation.return_note === null) return { handBack: null, openPromises: promises };
  const [row] = await tx.query<HandBackRow>(
    'SELECT * FROM hand_backs WHERE conversation_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1',
    [conversation.id],
  );
  if (!row) return { handBack: null, openPromises: promises };
  const own = await tx.query<PromiseRow>(
    `SELECT ${PROMISE_COLUMNS} FROM promises p JOIN hand_backs h ON h.id = p.hand_back_id
     WHERE p.hand_back_id = $1 ORDER BY p.due_at NULLS LAST, p.id`,
    [row.id],
  );
  return { handBack: toHandBack(row, own.map(toPromise)), openPromises: promises };
}

/** Marks a promise kept (the agent or an operator); keeping it again changes nothing. */
export async function keepPromise(
  context: ServiceContext,
  principal: Principal,
  conversationId: string,
  promiseId: string,
): Promise<CustomerPromise> {
  const at = context.now().toISOString();
  return mutate(context, async (tx, events) => {
    await loadConversation(tx, principal, conversationId, true);
    const [kept] = await tx.query<{ id: string }>(
      `UPDATE promises SET status = 'kept', kept_at = $3, kept_by = $4
       WHERE id = $1 AND conversation_id = $2 AND status = 'open' RETURNING id`,
      [promiseId, conversationId, at, principal.name],
    );
    if (kept) {
      await tx.query(
        'UPDATE conversations SET open_promises = greatest(open_promises - 1, 0) WHERE id = $1',
        [conversationId],
      );
    }
    const [row] = await tx.query<PromiseRow>(
      `SELECT ${PROMISE_COLUMNS} FROM promises p JOIN hand_backs h ON h.id = p.hand_back_id
       WHERE p.id = $1 AND p.conversation_id = $2`,
      [promiseId, conversationId],
    );
    if (!row)
      throw new BatonError('promise_not_found', `No promise ${promiseId} in conversation ${conversationId}.`);
    if (kept) {
      events.push({
        type: 'promise-kept',
        conversationId,
        handoffId: null,
        queue: null,
        at,
        data: { promiseId, by: principal.name, text: row.text },
      });
    }
    return toPromise(row);
  });
}
