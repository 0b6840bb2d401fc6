/** Baton's pure decision core. See types.ts for the glossary. */
export * from './types.ts';
export { viewText, analysedText, MAX_ANALYSED_CHARS, ANALYSED_WINDOW_CHARS, type TextView } from './text.ts';
export { decide, SELF_HARM_TRIGGER, type DecideResult } from './decide.ts';
export { applyCapacity, type CapacityInput } from './capacity.ts';
export { initialState, type EngineState, type PendingOffer } from './state.ts';
export { replayTurns, forgetUndeliveredOffer } from './replay-turns.ts';
export {
  validatePolicy,
  policyJsonSchema,
  policySchema,
  type Policy,
  type PolicyInput,
  type PolicyIssue,
  type Trigger,
  type Condition,
  type AtomCondition,
} from './policy/schema.ts';
export { policyNameIssues, type PolicyNameOptions } from './policy/policy-names.ts';
export { compilePolicy, SIGNAL_ROLE, type CompiledPolicy } from './policy/compile-policy.ts';
export { defaultPolicy } from './policy/default-policy.ts';
export * from './brief/index.ts';
export { measureFrustration } from './signals/frustration.ts';
export { measureSafety, safetyConcernOf, type SafetyConcern } from './signals/safety.ts';
export * from './staffing/index.ts';
