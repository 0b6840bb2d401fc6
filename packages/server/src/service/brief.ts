/**
 * The one place a handoff's brief is built, when the handoff is created. The engine's brief module
 * (`buildBrief`) plugs in here; until then handoffs carry no brief (null).
 */
import type { Queryable } from '../storage/database.ts';
import type { ConversationRow } from './rows.ts';
import type { Firing } from '@baton/engine';

export interface BriefInput {
  conversation: ConversationRow;
  trigger: string;
  reason: string;
  firings: Firing[];
  at: string;
}

/** Builds the brief for a new handoff (reads the transcript from `tx` when it needs it). */
export async function buildHandoffBrief(_tx: Queryable, _input: BriefInput): Promise<unknown | null> {
  return null;
}
