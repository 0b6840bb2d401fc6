/**
 * The optional second pass over a new handoff's brief: a summary from a language model, added
 * beside the extractive brief (never replacing its facts), after the handoff has committed so a
 * slow model never holds a transaction or delays the agent's answer.
 */
import type { Brief, Turn } from '@baton/engine';
import { maskText } from '@baton/engine';
import { BatonError } from '../errors.ts';
import type { ServiceContext } from './context.ts';
import type { TurnRow } from './rows.ts';

/** What a summarizer returns: the model's ask and summary, with facts grounded in the turns. */
export type BriefSummary =
  | { source: 'llm'; ask: string; summary: string; facts: unknown[]; model: string; latencyMs: number }
  | { source: 'extractive'; reason: string; detail: string; latencyMs: number };

/** A summarizer for briefs (the LLM adapter in `src/brief/llm-summary.ts`, configured in main.ts). */
export type BriefSummarizer = (input: {
  turns: Turn[];
  extractive: {
    ask: string;
    summary: string;
    facts: { type: string; value: string; turn: number; text?: string }[];
  };
}) => Promise<BriefSummary>;

/** Adds the model's summary to a handoff's stored brief as `brief.llm`; returns the brief. */
export async function refineBrief(
  context: ServiceContext,
  summarizer: BriefSummarizer,
  handoffId: string,
): Promise<Brief | null> {
  const handoffs = await context.database.query<{ conversation_id: string; brief: Brief | null }>(
    'SELECT conversation_id, brief FROM handoffs WHERE id = $1',
    [handoffId],
  );
  const handoff = handoffs[0];
  if (!handoff) throw new BatonError('handoff_not_found', `No handoff ${handoffId}.`);
  if (!handoff.brief) return null;
  const rows = await context.database.query<TurnRow>(
    'SELECT * FROM turns WHERE conversation_id = $1 ORDER BY seq',
    [handoff.conversation_id],
  );
  // Only masked text leaves Baton: the same rules the brief itself was masked with.
  const turns: Turn[] = rows.map((row) => ({
    role: row.role,
    text: maskText(row.text).text,
    at: new Date(row.at).toISOString(),
  }));
  const brief = handoff.brief;
  const result = await summarizer({
    turns,
    extractive: {
      ask: brief.ask?.text ?? '',
      summary: brief.summary,
      facts: brief.facts.map((fact) => ({
        type: fact.type,
        value: fact.value,
        turn: fact.turn,
        text: fact.text,
      })),
    },
  });
  const llm =
    result.source === 'llm'
      ? {
          source: 'llm',
          ask: result.ask,
          summary: result.summary,
          model: result.model,
          latencyMs: result.latencyMs,
        }
      : { source: 'extractive', reason: result.reason, latencyMs: result.latencyMs };
  const updated = await context.database.query<{ brief: Brief }>(
    `UPDATE handoffs SET brief = jsonb_set(brief, '{llm}', $2::jsonb) WHERE id = $1 AND brief IS NOT NULL
     RETURNING brief`,
    [handoffId, JSON.stringify(llm)],
  );
  return updated[0]?.brief ?? null;
}
