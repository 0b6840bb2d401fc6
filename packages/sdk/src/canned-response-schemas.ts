/**
 * Wire schemas of canned responses: reply texts a lead manages per team (queue) and language, with
 * variables (`{{customer.firstName}}`, `{{brief.order}}`) the console fills when an operator inserts
 * one. The variable names live here, so the server validates bodies against the same list the
 * console fills from.
 */
import { z } from 'zod';

/**
 * Brief facts a body may name as `{{brief.<name>}}`, each with the fact type it reads (the engine's
 * `FACT_TYPES`). Card numbers are left out on purpose: the brief masks them, so they never fill.
 */
export const BRIEF_VARIABLE_FACTS = {
  order: 'order_id',
  ticket: 'ticket_id',
  invoice: 'invoice_id',
  account: 'account_id',
  tracking: 'tracking_id',
  username: 'username',
  email: 'email',
  phone: 'phone',
  amount: 'amount',
  date: 'date',
  time: 'time',
  address: 'address',
  place: 'place',
  product: 'product',
  quantity: 'quantity',
  company: 'company',
} as const;

/** Every variable a canned response may hold, without the braces. */
export const CANNED_VARIABLES: readonly string[] = [
  'customer.name',
  'customer.firstName',
  'operator.name',
  'handoff.queue',
  ...Object.keys(BRIEF_VARIABLE_FACTS).map((name) => `brief.${name}`),
];

/** `{{ name }}` in a body; spaces inside the braces are allowed. */
export const VARIABLE_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The variable names a body uses, in order of first use. */
export function variablesIn(body: string): string[] {
  const names = new Set<string>();
  for (const match of body.matchAll(VARIABLE_PATTERN)) names.add(match[1]!);
  return [...names];
}

/** The names in a body that are not variables Baton knows (a typo, or a fact the brief never has). */
export function unknownVariables(body: string): string[] {
  return variablesIn(body).filter((name) => !CANNED_VARIABLES.includes(name));
}

const MAX_BODY = 4000;

const ScopeFields = {
  queue: z
    .string()
    .min(1)
    .max(100)
    .nullable()
    .meta({ description: 'The team (queue) it is for; null for every team.' }),
  language: z
    .string()
    .min(2)
    .max(35)
    .regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/)
    .nullable()
    .meta({ description: 'A BCP 47 language tag (`es`, `pt-BR`); null for any language.' }),
};

export const CannedResponseInputSchema = z
  .object({
    title: z.string().trim().min(1).max(120),
    shortcut: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/)
      .nullable()
      .optional()
      .meta({ description: 'Typed as `/shortcut` in the composer (lowercase letters, digits, `-`, `_`).' }),
    body: z
      .string()
      .min(1)
      .max(MAX_BODY)
      .meta({
        description:
          'The text, with variables such as `{{customer.firstName}}` or `{{brief.order}}`; an unknown variable ' +
          'is a `400 unknown_variable` naming it.',
      }),
    queue: ScopeFields.queue.optional(),
    language: ScopeFields.language.optional(),
  })
  .meta({ id: 'CannedResponseInput' });

export const UpdateCannedResponseSchema = CannedResponseInputSchema.extend({
  version: z.number().int().min(1).optional().meta({
    description:
      'The version this edit starts from (or send `If-Match`); a stale one is `409 version_conflict`.',
  }),
}).meta({ id: 'UpdateCannedResponse' });

export const CannedResponseSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    shortcut: z.string().nullable(),
    body: z.string(),
    queue: z.string().nullable(),
    language: z.string().nullable(),
    version: z.number().int(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedBy: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'CannedResponse' });

export const CannedResponseListSchema = z
  .object({ responses: z.array(CannedResponseSchema), variables: z.array(z.string()) })
  .meta({
    id: 'CannedResponseList',
    description:
      'Those for the queue and language asked first (exact team and language, then team, then language), then ' +
      'the general ones, each group by title; `variables` names what a body may use.',
  });

export const ListCannedResponsesQuerySchema = z.object({
  queue: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: "A team: its own responses and every team's (others left out)." }),
  language: z.string().min(2).max(35).optional().meta({
    description: 'A language: its own responses and those for any language (the primary tag matches too).',
  }),
});

export type CannedResponse = z.infer<typeof CannedResponseSchema>;
export type CannedResponseInput = z.infer<typeof CannedResponseInputSchema>;
export type UpdateCannedResponse = z.infer<typeof UpdateCannedResponseSchema>;
export type CannedResponseList = z.infer<typeof CannedResponseListSchema>;
