/**
 * The boundary where free text enters: every use case that stores text a person or an agent wrote
 * gets it masked first (mask-at-rest.ts), whichever door it came through (HTTP, MCP, the SDK in
 * process). The engine then decides on the masked turn too. That order is deliberate: the engine's
 * outputs are stored and served (signal evidence quotes the customer, the rolling state keeps recent
 * turns, the brief lists facts), so an engine that read the clear text would carry it to rest. The
 * masks keep the shape the signals need: "my card 4111 1111 1111 1111" still says "card", and a
 * masked card number is no longer misread as a huge amount by the high-stakes signal.
 */
import { DEFAULT_MASKING_RULES, type MaskingRule } from '@baton/engine';
import type { Service } from '../service/types.ts';
import { maskSecrets, maskSecretsDeep } from './mask-at-rest.ts';

/** Customer attributes kept as sent: identifiers that link conversations, and contact details operators need. */
const CUSTOMER_KEPT = new Set(['id', 'email', 'phone', 'tier', 'language']);

/** Wraps a service so that each write's free text is masked before the use case sees it. */
export function withMaskedInputs<S extends Service>(
  service: S,
  rules: readonly MaskingRule[] = DEFAULT_MASKING_RULES,
): S {
  const text = (value: string) => maskSecrets(value, rules);
  const deep = <Value>(value: Value, keep?: ReadonlySet<string>) => maskSecretsDeep(value, rules, keep);
  /** Sets `key` to its masked value only when present, so absent stays absent. */
  const masked = <Input extends object, Key extends keyof Input>(input: Input, key: Key): Input => {
    const value = input[key];
    return typeof value === 'string' ? { ...input, [key]: text(value) } : input;
  };
  return {
    ...service,
    postTurn: (principal, input) => {
      const { role, text: turnText, at, confidence, intent, amount, ...free } = input.turn;
      const turn = {
        ...deep(free),
        role,
        text: text(turnText),
        ...(at !== undefined ? { at } : {}),
        ...(confidence !== undefined ? { confidence } : {}),
        ...(intent !== undefined ? { intent } : {}),
        ...(amount !== undefined ? { amount } : {}),
      };
      return service.postTurn(principal, {
        ...input,
        turn,
        ...(input.customer !== undefined ? { customer: deep(input.customer, CUSTOMER_KEPT) } : {}),
      });
    },
    requestHandoff: (principal, input) => service.requestHandoff(principal, masked(input, 'reason')),
    reply: (principal, handoffId, input, options) =>
      service.reply(principal, handoffId, masked(input, 'text'), options),
    addNote: (principal, handoffId, input, options) =>
      service.addNote(principal, handoffId, masked(input, 'text'), options),
    transfer: (principal, handoffId, input, options) =>
      service.transfer(principal, handoffId, masked(input, 'note'), options),
    assign: (principal, handoffId, input, options) =>
      service.assign(principal, handoffId, masked(input, 'note'), options),
    takeOver: (principal, handoffId, input, options) =>
      service.takeOver(principal, handoffId, masked(input, 'note'), options),
    returnToAgent: (principal, handoffId, input, options) =>
      service.returnToAgent(
        principal,
        handoffId,
        {
          ...masked(input, 'note'),
          ...(input.actions
            ? {
                actions: input.actions.map((item) => ({
                  action: text(item.action),
                  result: text(item.result),
                })),
              }
            : {}),
          ...(input.promises ? { promises: input.promises.map((item) => masked(item, 'text')) } : {}),
          ...(input.must ? { must: input.must.map(text) } : {}),
          ...(input.mustNot ? { mustNot: input.mustNot.map(text) } : {}),
        },
        options,
      ),
    createRequest: (principal, conversationId, input, options) =>
      service.createRequest(
        principal,
        conversationId,
        input.kind === 'handoff' ? masked(input, 'summary') : masked(input, 'question'),
        options,
      ),
    answerRequest: (principal, requestId, answer, options) =>
      service.answerRequest(principal, requestId, masked(masked(answer, 'text'), 'note'), options),
    resolve: (principal, handoffId, input, options) =>
      service.resolve(principal, handoffId, masked(input, 'notes'), options),
    abandon: (principal, handoffId, input, options) =>
      service.abandon(principal, handoffId, masked(input, 'reason'), options),
    leaveCallback: (principal, handoffId, input) =>
      service.leaveCallback(principal, handoffId, masked(input, 'message')),
    rateConversation: (principal, conversationId, input) =>
      service.rateConversation(principal, conversationId, masked(input, 'comment')),
    recordConversationOutcome: (principal, conversationId, input) =>
      service.recordConversationOutcome(principal, conversationId, masked(input, 'notes')),
  };
}
