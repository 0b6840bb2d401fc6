/**
 * The policy document: versioned triggers over signals. Validated with zod; the same schema is
 * published as JSON Schema (docs/policy.schema.json) for editor completion.
 */
import { z } from 'zod';
import { SIGNAL_NAMES } from '../types.ts';
import { policyNameIssues, type PolicyNameOptions } from './policy-names.ts';

const signalName = z.enum(SIGNAL_NAMES);
const roleName = z.enum(['customer', 'agent', 'operator', 'system']);

/** One comparison on one signal. Without a comparator it holds when the value is above 0. */
export const atomSchema = z
  .object({
    signal: signalName.describe('The signal this condition reads.'),
    field: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Which number of the signal to compare: `score` (default) or a named value such as `consecutive`, `total`, `trend`, `repeats`, `amount`.',
      ),
    gte: z.number().optional(),
    gt: z.number().optional(),
    lte: z.number().optional(),
    lt: z.number().optional(),
    eq: z.number().optional(),
    labels: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe(
        'Holds only when the reading carries one of these labels (high_stakes topics, customer tier, ...).',
      ),
    forTurns: z
      .number()
      .int()
      .min(1)
      .max(50)
      .optional()
      .describe('Holds only after it held on this many consecutive turns of the role the signal reads.'),
    within: z
      .number()
      .int()
      .min(1)
      .max(50)
      .optional()
      .describe('Holds when it held on any of the last N turns of that role.'),
    role: roleName
      .optional()
      .describe('Evaluate on turns of this role only (default: the role the signal reads).'),
  })
  .strict();

export type AtomCondition = z.infer<typeof atomSchema>;
export type Condition = AtomCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    atomSchema,
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
  ]),
);

export const prioritySchema = z.enum(['low', 'normal', 'high', 'urgent']);

export const triggerSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'use lowercase letters, digits, - and _ (at most 64)')
      .describe('Stable id: firings, metrics and outcomes refer to it.'),
    description: z.string().default(''),
    when: conditionSchema.describe('The condition over signals.'),
    action: z
      .enum(['handoff', 'offer', 'approval', 'flag'])
      .describe(
        'handoff: pass to a person; offer: ask the customer first; approval: an agent action waits for an operator; flag: record only.',
      ),
    priority: prioritySchema.optional(),
    queue: z.string().min(1).optional(),
    message: z.string().min(1).optional().describe('What to tell the customer when this trigger decides.'),
    mode: z.enum(['enforce', 'shadow']).default('enforce'),
    cooldown: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .optional()
      .describe(
        'After this trigger fires (or its offer is declined), stay quiet for this many customer turns.',
      ),
  })
  .strict();

export const policySchema = z
  .object({
    $schema: z.string().optional(),
    version: z
      .union([z.string().min(1), z.number()])
      .transform(String)
      .describe('Recorded with every decision.'),
    description: z.string().optional(),
    defaults: z
      .object({
        queue: z.string().min(1).default('general'),
        priority: prioritySchema.default('normal'),
      })
      .strict()
      .default({ queue: 'general', priority: 'normal' }),
    signals: z
      .object({
        low_confidence: z
          .object({ threshold: z.number().min(0).max(1).default(0.5) })
          .strict()
          .optional(),
        loop: z
          .object({
            similarity: z.number().min(0.5).max(1).default(0.85),
            window: z.number().int().min(1).max(6).default(3),
            minWords: z.number().int().min(1).max(50).default(4),
          })
          .strict()
          .optional(),
        high_stakes: z
          .object({
            amountThreshold: z.number().min(0).optional(),
            currency: z
              .string()
              .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
              .default('USD'),
            topics: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.array(z.string().min(2))).optional(),
            approvalTools: z.array(z.string().min(1)).optional(),
          })
          .strict()
          .optional(),
        agent_requested: z
          .object({ tools: z.array(z.string().min(1)).min(1) })
          .strict()
          .optional(),
        frustration: z
          .object({ window: z.number().int().min(2).max(10).default(5) })
          .strict()
          .optional(),
      })
      .strict()
      .default({}),
    messages: z
      .object({
        handoff: z.string().min(1).optional(),
        offer: z.string().min(1).optional(),
        approval: z.string().min(1).optional(),
        offerDeclined: z.string().min(1).optional(),
        crisis: z
          .string()
          .min(1)
          .optional()
          .describe(
            'Said on self-harm or danger in any state (also when nobody is online): where to get help now.',
          ),
      })
      .strict()
      .default({}),
    triggers: z.array(triggerSchema).min(1),
    capacity: z
      .object({
        rules: z
          .array(
            z
              .object({
                when: z
                  .object({
                    predictedWaitOverSeconds: z
                      .number()
                      .min(0)
                      .optional()
                      .describe('The wait predicted for a new handoff in the queue is over this (seconds).'),
                    nobodyWithSkillOnline: z
                      .boolean()
                      .optional()
                      .describe(
                        'True: nobody online can take the queue (skills, languages); false: someone can.',
                      ),
                    priorities: z
                      .array(prioritySchema.exclude(['urgent']))
                      .min(1)
                      .optional()
                      .describe(
                        'Only handoffs of these priorities (urgent is never delayed). Default: low and normal.',
                      ),
                  })
                  .strict(),
                then: z
                  .enum(['callback', 'offer'])
                  .describe(
                    '`callback`: queue the handoff and offer the customer a callback instead of a live wait; ' +
                      '`offer`: the agent keeps helping and offers a person, to accept when one is free.',
                  ),
                message: z.string().min(1).optional(),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .default({ rules: [] })
      .describe(
        'Capacity-aware escalation: the action may depend on the predicted wait and on whether anyone with ' +
          'the skill is online. Never applies to urgent handoffs or safety triggers.',
      ),
  })
  .strict()
  .superRefine((policy, context) => {
    const seen = new Set<string>();
    policy.triggers.forEach((trigger, index) => {
      if (seen.has(trigger.id)) {
        context.addIssue({
          code: 'custom',
          path: ['triggers', index, 'id'],
          message: `duplicate trigger id "${trigger.id}"`,
        });
      }
      seen.add(trigger.id);
    });
  });

/** A policy document as written (before defaults). */
export type PolicyInput = z.input<typeof policySchema>;
/** A validated policy with defaults applied. */
export type Policy = z.output<typeof policySchema>;
export type Trigger = Policy['triggers'][number];

export interface PolicyIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Validates a policy document; an invalid one is a value with every issue, never a throw. Unknown
 * signals are always refused; unknown queues when `options.queues` lists the deployment's queues.
 */
export function validatePolicy(
  input: unknown,
  options: PolicyNameOptions = {},
): { ok: true; policy: Policy } | { ok: false; issues: PolicyIssue[] } {
  const nameIssues = policyNameIssues(input, options);
  const result = policySchema.safeParse(input);
  if (result.success && nameIssues.length === 0) return { ok: true, policy: result.data };
  const schemaIssues = result.success
    ? []
    : result.error.issues.map((issue) => ({
        path: issue.path.filter((key): key is string | number => typeof key !== 'symbol'),
        message: issue.message,
      }));
  // An unknown signal also fails the condition's union as a vague "Invalid input" on an enclosing
  // path inside the trigger's `when`; the issue naming the field and the allowed signals says it better.
  const covered = (issue: PolicyIssue) =>
    nameIssues.some(
      (name) =>
        issue.path.length >= 3 &&
        issue.path.length <= name.path.length &&
        issue.path.every((key, index) => name.path[index] === key),
    );
  return { ok: false, issues: [...nameIssues, ...schemaIssues.filter((issue) => !covered(issue))] };
}

/** The policy's JSON Schema, for editors (published as docs/policy.schema.json). */
export function policyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
