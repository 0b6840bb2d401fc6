/**
 * Canned responses: reply texts leads manage per team (queue) and language, which operators insert
 * from the composer with their variables filled. Reads are open to operators; writes need an admin
 * key (the route says so). Every edit names the version it starts from, so two leads editing the
 * same response cannot overwrite each other silently (`version_conflict`).
 */
import { CANNED_VARIABLES, unknownVariables } from '@baton/sdk';
import { BatonError } from '../errors.ts';
import type { Queryable } from '../storage/database.ts';
import { checkQueue, type ServiceContext } from './context.ts';
import { newId } from './ids.ts';
import { mutate } from './mutate.ts';
import type { Principal } from './types.ts';

export interface CannedResponse {
  id: string;
  title: string;
  shortcut: string | null;
  body: string;
  queue: string | null;
  language: string | null;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export interface CannedResponseInput {
  title: string;
  shortcut?: string | null | undefined;
  body: string;
  queue?: string | null | undefined;
  language?: string | null | undefined;
}

interface CannedResponseRow {
  id: string;
  title: string;
  shortcut: string | null;
  body: string;
  queue: string | null;
  language: string | null;
  version: number;
  created_by: string;
  created_at: Date | string;
  updated_by: string;
  updated_at: Date | string;
}

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

function toCannedResponse(row: CannedResponseRow): CannedResponse {
  return {
    id: row.id,
    title: row.title,
    shortcut: row.shortcut,
    body: row.body,
    queue: row.queue,
    language: row.language,
    version: Number(row.version),
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: iso(row.updated_at),
  };
}

/** The stored form of an input: trimmed, lowercase language, and checked against what Baton knows. */
function checked(context: ServiceContext, input: CannedResponseInput) {
  const unknown = unknownVariables(input.body);
  if (unknown.length > 0) {
    throw new BatonError(
      'unknown_variable',
      `The body names ${unknown.length === 1 ? 'a variable' : 'variables'} Baton cannot fill: ${unknown
        .map((name) => `{{${name}}}`)
        .join(', ')}.`,
      { variables: unknown, known: CANNED_VARIABLES },
    );
  }
  const queue = input.queue ?? null;
  if (queue !== null) checkQueue(context, queue);
  return {
    title: input.title.trim(),
    shortcut: input.shortcut ?? null,
    body: input.body,
    queue,
    language: input.language ? input.language.toLowerCase() : null,
  };
}

/** A unique-index violation on the shortcut, as the client's mistake it is. */
async function withShortcutCheck<T>(work: () => Promise<T>, shortcut: string | null): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === '23505' && shortcut !== null) {
      throw new BatonError(
        'shortcut_taken',
        `Another response for this team and language already has the shortcut /${shortcut}.`,
        { shortcut },
      );
    }
    throw error;
  }
}

/**
 * Responses for a team and a language: those made for both first, then for the team, then for the
 * language, then the general ones; each group by title. Without a filter, every response.
 */
export async function listCannedResponses(
  context: ServiceContext,
  query: { queue?: string | undefined; language?: string | undefined },
): Promise<CannedResponse[]> {
  const language = query.language?.toLowerCase() ?? null;
  const primary = language?.split('-')[0] ?? null;
  const rows = await context.database.query<CannedResponseRow>(
    `SELECT * FROM canned_responses
     WHERE ($1::text IS NULL OR queue IS NULL OR queue = $1)
       AND ($2::text IS NULL OR language IS NULL OR language = $2 OR language = $3)
     ORDER BY (queue IS NULL), (language IS NULL), lower(title), id`,
    [query.queue ?? null, language, primary],
  );
  return rows.map(toCannedResponse);
}

/** Creates a canned response (idempotent with a key: a retry answers the first one). */
export async function createCannedResponse(
  context: ServiceContext,
  principal: Principal,
  input: CannedResponseInput,
  options: { idempotencyKey?: string } = {},
): Promise<CannedResponse> {
  const fields = checked(context, input);
  const write = {
    principal,
    idempotencyKey: options.idempotencyKey,
    request: { use: 'createCanned', ...fields },
  };
  return withShortcutCheck(
    () =>
      mutate(context, write, async (tx) => {
        const at = context.now().toISOString();
        const rows = await tx.query<CannedResponseRow>(
          `INSERT INTO canned_responses
             (id, title, shortcut, body, queue, language, version, created_by, created_at, updated_by, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $7, $8) RETURNING *`,
          [
            newId('cr'),
            fields.title,
            fields.shortcut,
            fields.body,
            fields.queue,
            fields.language,
            principal.name,
            at,
          ],
        );
        return toCannedResponse(rows[0]!);
      }),
    fields.shortcut,
  );
}

async function lockedRow(tx: Queryable, id: string): Promise<CannedResponseRow> {
  const row = (
    await tx.query<CannedResponseRow>('SELECT * FROM canned_responses WHERE id = $1 FOR UPDATE', [id])
  )[0];
  if (!row) throw new BatonError('canned_response_not_found', `No canned response ${id}.`);
  return row;
}

/** Replaces a canned response's fields, from the version the editor read; a stale one is refused. */
export async function updateCannedResponse(
  context: ServiceContext,
  principal: Principal,
  id: string,
  input: CannedResponseInput & { version: number },
): Promise<CannedResponse> {
  const fields = checked(context, input);
  return withShortcutCheck(
    () =>
      mutate(context, async (tx) => {
        const current = await lockedRow(tx, id);
        if (Number(current.version) !== input.version) {
          throw new BatonError(
            'version_conflict',
            `${current.updated_by} changed this response since you opened it (version ${current.version}, yours ${input.version}). Reload it and make your edit again.`,
            { current: toCannedResponse(current) },
          );
        }
        const rows = await tx.query<CannedResponseRow>(
          `UPDATE canned_responses SET title = $2, shortcut = $3, body = $4, queue = $5, language = $6,
             version = version + 1, updated_by = $7, updated_at = $8
           WHERE id = $1 RETURNING *`,
          [
            id,
            fields.title,
            fields.shortcut,
            fields.body,
            fields.queue,
            fields.language,
            principal.name,
            context.now().toISOString(),
          ],
        );
        return toCannedResponse(rows[0]!);
      }),
    fields.shortcut,
  );
}

/** Deletes a canned response; with `version`, only that version (else `version_conflict`). */
export async function deleteCannedResponse(
  context: ServiceContext,
  id: string,
  version?: number,
): Promise<void> {
  await mutate(context, async (tx) => {
    const current = await lockedRow(tx, id);
    if (version !== undefined && Number(current.version) !== version) {
      throw new BatonError(
        'version_conflict',
        `${current.updated_by} changed this response since you opened it (version ${current.version}, yours ${version}).`,
        { current: toCannedResponse(current) },
      );
    }
    await tx.query('DELETE FROM canned_responses WHERE id = $1', [id]);
  });
}
