/** Internal notes on a handoff: for operators, never shown to the customer or the agent. */
import type { ServiceContext } from './context.ts';
import { loadHandoff } from './access.ts';
import { newId } from './ids.ts';
import { mutate } from './mutate.ts';
import { toNote, type NoteRow } from './rows.ts';
import type { Note, Principal, WriteOptions } from './types.ts';
import type { Queryable } from '../storage/database.ts';

/** Inserts a note row (any kind). */
export async function insertNote(
  tx: Queryable,
  input: {
    handoffId: string;
    conversationId: string;
    author: string;
    text: string;
    kind: Note['kind'];
    at: string;
  },
): Promise<Note> {
  const rows = await tx.query<NoteRow>(
    `INSERT INTO notes (id, handoff_id, conversation_id, author, text, kind, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     RETURNING *`,
    [newId('no'), input.handoffId, input.conversationId, input.author, input.text, input.kind, input.at],
  );
  return toNote(rows[0]!);
}

/** Adds an internal note to a handoff in any status. */
export async function addNote(
  context: ServiceContext,
  principal: Principal,
  handoffId: string,
  input: { text: string },
  options: WriteOptions = {},
): Promise<Note> {
  const at = context.now().toISOString();
  const idempotent = {
    principal,
    idempotencyKey: options.idempotencyKey,
    request: { use: 'note', handoffId, ...input },
  };
  return mutate(context, idempotent, async (tx, events) => {
    const handoff = await loadHandoff(tx, principal, handoffId, false);
    const note = await insertNote(tx, {
      handoffId,
      conversationId: handoff.conversation_id,
      author: principal.name,
      text: input.text,
      kind: 'internal',
      at,
    });
    events.push({
      type: 'note-created',
      conversationId: handoff.conversation_id,
      handoffId,
      queue: handoff.queue,
      at,
      data: { note },
    });
    return note;
  });
}
