/**
 * The policy Baton ships with: sensible out of the box, and the example the policy reference
 * (docs/policy.md) walks through. Self-harm is not here: the engine always escalates it.
 */
import type { PolicyInput } from './schema.ts';

export const defaultPolicy = {
  version: 'default-1',
  description: 'Baton default: hand off on request, on high stakes, on repeated failure; offer on doubt.',
  defaults: { queue: 'general', priority: 'normal' },
  signals: {
    low_confidence: { threshold: 0.5 },
    loop: { similarity: 0.85, window: 3, minWords: 4 },
    high_stakes: {
      amountThreshold: 500,
      currency: 'USD',
      approvalTools: ['issue_refund', 'close_account', 'delete_account', 'change_account_email'],
    },
    agent_requested: {
      tools: ['request_human', 'handoff_to_human', 'escalate_to_human', 'transfer_to_human'],
    },
  },
  messages: {
    handoff:
      "I'm passing this conversation to a person now. They will see everything you've told me, so you won't need to repeat anything.",
    offer: 'Would you like me to connect you with a person? They will see our conversation so far.',
    approval: 'I need a colleague to approve this before I go ahead. It usually takes a few minutes.',
  },
  triggers: [
    {
      id: 'customer-asks-for-person',
      description: 'The customer asks for a person, in any of the supported languages.',
      when: { signal: 'human_request', gte: 0.85 },
      action: 'handoff',
      priority: 'high',
    },
    {
      id: 'customer-names-service',
      description:
        'The customer names customer service or support without asking for a person, or refuses the bot: offer a person.',
      when: { signal: 'human_request', gte: 0.5 },
      action: 'offer',
      priority: 'normal',
      cooldown: 4,
    },
    {
      id: 'safety-risk',
      description: 'Injury, danger or a medical emergency is mentioned.',
      when: { signal: 'high_stakes', labels: ['medical_safety'] },
      action: 'handoff',
      priority: 'urgent',
    },
    {
      id: 'fraud-or-security',
      // A lost or stolen card alone is not here: blocking a card is a safe, reversible act the agent
      // does itself, as banks' own assistants do. Money taken with it ("charges I didn't make") is fraud.
      description: 'Fraud, an unrecognised payment, or an account takeover.',
      when: { signal: 'high_stakes', labels: ['fraud', 'account_security'] },
      action: 'handoff',
      priority: 'high',
    },
    {
      id: 'legal-or-dispute',
      description: 'A legal threat, a chargeback or a dispute.',
      when: { signal: 'high_stakes', labels: ['legal', 'chargeback'] },
      action: 'handoff',
      priority: 'high',
    },
    {
      id: 'large-amount',
      description: 'An amount above the policy threshold is at stake.',
      when: { signal: 'high_stakes', labels: ['amount'] },
      action: 'handoff',
      priority: 'high',
    },
    {
      id: 'sensitive-request',
      description:
        'A refund, a cancellation or a data-deletion request: offer a person (a question about the rule is answered, not offered).',
      when: { signal: 'high_stakes', labels: ['refund', 'cancellation', 'privacy'], gte: 1 },
      action: 'offer',
      priority: 'normal',
      cooldown: 5,
    },
    {
      id: 'action-needs-approval',
      description: 'The agent is about to run a tool the policy reserves for an operator.',
      when: { signal: 'high_stakes', labels: ['approval_tool'], role: 'agent' },
      action: 'approval',
      priority: 'high',
    },
    {
      id: 'agent-asks-for-person',
      description: 'The agent itself asks for a person (its tool call).',
      when: { signal: 'agent_requested' },
      action: 'handoff',
      priority: 'normal',
    },
    {
      id: 'repeated-failure',
      description:
        'The agent failed on two turns in a row (tool errors, fallbacks, tasks it could not do), or fails again after three failed turns in all.',
      when: {
        any: [
          { signal: 'repeated_failure', field: 'consecutive', gte: 2 },
          {
            all: [
              { signal: 'repeated_failure', field: 'thisTurn', gte: 1 },
              { signal: 'repeated_failure', field: 'total', gte: 3 },
            ],
          },
        ],
      },
      action: 'handoff',
      priority: 'normal',
    },
    {
      id: 'low-confidence',
      description: "The agent's confidence stayed under the threshold for two turns in a row.",
      when: { signal: 'low_confidence', field: 'consecutive', gte: 2 },
      action: 'offer',
      priority: 'normal',
      cooldown: 4,
    },
    {
      id: 'agent-uncertain',
      description: 'The agent hedged or fell back ("I\'m not sure", "I can\'t help with that").',
      when: { signal: 'agent_uncertainty', gte: 0.5 },
      action: 'offer',
      priority: 'normal',
      cooldown: 4,
    },
    {
      id: 'conversation-loop',
      description: 'The agent repeats itself, or the customer asks the same thing a third time.',
      when: {
        any: [
          { signal: 'loop', labels: ['agent'], field: 'repeats', gte: 1 },
          { signal: 'loop', labels: ['customer'], field: 'repeats', gte: 2 },
        ],
      },
      action: 'offer',
      priority: 'normal',
      cooldown: 4,
    },
    {
      id: 'customer-very-frustrated',
      description: 'Strong frustration (anger at the service, profanity, "this is useless").',
      when: { signal: 'frustration', gte: 0.8 },
      action: 'handoff',
      priority: 'high',
    },
    {
      id: 'customer-frustrated',
      // 0.58: the lowest score at which the frustration triggers interrupt at most 2% of the rated
      // dialogues (tune part) that no rater marked down; `npm run eval frustration` shows the sweep.
      description:
        'The customer is dissatisfied with the service: corrects it, refuses again what it proposed, repeats a request, or is angry.',
      when: { signal: 'frustration', gte: 0.58 },
      action: 'offer',
      priority: 'normal',
      cooldown: 4,
    },
    {
      id: 'vip-customer-unhappy',
      description: 'A VIP or enterprise customer shows frustration (shadow: measured before it is enforced).',
      when: {
        all: [
          { signal: 'customer_attribute', labels: ['vip', 'enterprise'] },
          { signal: 'frustration', gte: 0.3 },
        ],
      },
      action: 'handoff',
      priority: 'high',
      mode: 'shadow',
    },
    {
      id: 'returning-escalation',
      description: 'The customer already needed a person twice before: flag it for the lead.',
      when: { signal: 'customer_attribute', field: 'priorHandoffs', gte: 2 },
      action: 'flag',
      cooldown: 1000,
    },
  ],
} satisfies PolicyInput;
