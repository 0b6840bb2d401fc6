/**
 * The structured hand-back: when an operator returns a conversation to the agent, what they did
 * (actions with their results), what they promised the customer and by when, what the agent must
 * and must not do next, and a note. The agent's next answer carries all of it; open promises ride
 * on every answer until one is marked kept. (Imported by schemas.ts, so it imports only zod.)
 */
import { z } from 'zod';

const MAX_ITEM = 2_000;
const MAX_ITEMS = 50;

/** A time as ISO 8601 with an offset (`2026-12-03T15:00:00Z`). */
const IsoTimeSchema = z.iso.datetime({ offset: true });

export const HandBackActionSchema = z
  .object({
    action: z.string().min(1).max(MAX_ITEM).meta({ description: 'What the operator did.' }),
    result: z.string().max(MAX_ITEM).meta({ description: 'How it went.' }),
  })
  .meta({ id: 'HandBackAction' });

export const PromiseInputSchema = z
  .object({
    text: z.string().min(1).max(MAX_ITEM).meta({ description: 'What was promised to the customer.' }),
    dueAt: IsoTimeSchema.optional().meta({ description: 'By when, if a time was promised.' }),
  })
  .meta({ id: 'PromiseInput' });

export const PromiseSchema = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    text: z.string(),
    dueAt: z.string().nullable(),
    status: z.enum(['open', 'kept']),
    promisedBy: z.string(),
    createdAt: z.string(),
    keptAt: z.string().nullable(),
    keptBy: z.string().nullable(),
  })
  .meta({
    id: 'Promise',
    description: 'A promise an operator made to the customer; open until marked kept.',
  });

export const HandBackSchema = z
  .object({
    id: z.string(),
    handoffId: z.string(),
    author: z.string(),
    note: z.string().nullable(),
    actions: z.array(HandBackActionSchema),
    promises: z.array(PromiseSchema),
    must: z.array(z.string()).meta({ description: 'What the agent must do next.' }),
    mustNot: z
      .array(z.string())
      .meta({ description: 'What the agent must not do (contradict, offer, retry).' }),
    createdAt: z.string(),
  })
  .meta({ id: 'HandBack', description: 'What an operator did, promised and told the agent when returning.' });

/** The structured part of a return (all optional, besides the note the return route already takes). */
export const handBackFields = {
  actions: z.array(HandBackActionSchema).max(MAX_ITEMS).optional(),
  promises: z.array(PromiseInputSchema).max(MAX_ITEMS).optional(),
  must: z.array(z.string().min(1).max(MAX_ITEM)).max(MAX_ITEMS).optional(),
  mustNot: z.array(z.string().min(1).max(MAX_ITEM)).max(MAX_ITEMS).optional(),
};

export type HandBackAction = z.infer<typeof HandBackActionSchema>;
export type PromiseInput = z.infer<typeof PromiseInputSchema>;
export type CustomerPromise = z.infer<typeof PromiseSchema>;
export type HandBack = z.infer<typeof HandBackSchema>;
