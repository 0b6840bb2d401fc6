/**
 * The replay format: JSON Lines, one recorded conversation per line. Shared by `baton replay`,
 * `baton brief` and (later) `baton export`, so data round-trips.
 */
import { z } from 'zod';
import type { Turn } from '@baton/engine';

const toolCallSchema = z.object({
  name: z.string().min(1),
  ok: z.boolean(),
  error: z.string().optional(),
  args: z.record(z.string(), z.unknown()).optional(),
  result: z.unknown().optional(),
});

export const replayTurnSchema = z.object({
  role: z.enum(['customer', 'agent', 'operator', 'system']),
  text: z.string(),
  at: z.iso.datetime({ offset: true }).optional(),
  confidence: z.number().min(0).max(1).optional(),
  intent: z.string().optional(),
  topics: z.array(z.string()).optional(),
  toolCalls: z.array(toolCallSchema).optional(),
  amount: z.union([z.number(), z.object({ value: z.number(), currency: z.string().optional() })]).optional(),
  customer: z.record(z.string(), z.unknown()).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export const replayConversationSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  customer: z.record(z.string(), z.unknown()).optional(),
  turns: z.array(replayTurnSchema),
  outcome: z
    .object({
      /** Whether a person should have been brought in: the label precision and recall are measured on. */
      shouldEscalate: z.boolean().optional(),
    })
    .passthrough()
    .optional(),
});

export type ReplayConversation = z.infer<typeof replayConversationSchema>;

/** A turn without `at` gets one 30 seconds after the previous turn (from a fixed epoch). */
const MISSING_TIME_BASE = Date.UTC(2025, 0, 1);
const MISSING_TIME_STEP_MS = 30_000;

/** The engine's turns of a recorded conversation, with times filled in and customer attributes attached. */
export function toEngineTurns(conversation: ReplayConversation): Turn[] {
  let previous = MISSING_TIME_BASE - MISSING_TIME_STEP_MS;
  return conversation.turns.map((turn) => {
    const at = turn.at ? Date.parse(turn.at) : previous + MISSING_TIME_STEP_MS;
    previous = at;
    const customer =
      conversation.customer || turn.customer ? { ...conversation.customer, ...turn.customer } : undefined;
    return { ...turn, at: new Date(at).toISOString(), customer } as Turn;
  });
}

/** Parses one line; a bad line is an error value naming the field, never a throw. */
export function parseReplayLine(
  line: string,
): { ok: true; conversation: ReplayConversation } | { ok: false; message: string } {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { ok: false, message: `not valid JSON (${(error as Error).message})` };
  }
  const result = replayConversationSchema.safeParse(json);
  if (result.success) return { ok: true, conversation: result.data };
  const issue = result.error.issues[0]!;
  const field = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
  return { ok: false, message: `${field ? field.replace(/^\./, '') + ': ' : ''}${issue.message}` };
}
