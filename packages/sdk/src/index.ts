/** Baton's sdk: the wire schemas of the HTTP API, a typed client, `observe()` for agent loops, and the approval flow. */
export * from './schemas.ts';
export * from './staffing-schemas.ts';
export {
  BatonClient,
  type BatonClientOptions,
  type CallOptions,
  type IdempotentCallOptions,
  type ListHandoffsFilter,
  type SubscribeOptions,
} from './client/baton-client.ts';
export { BatonApiError, BatonConnectionError, BatonResponseError } from './errors.ts';
export type { EventStreamOptions } from './events/event-stream.ts';
export type { TypingStreamOptions } from './events/typing-stream.ts';
export { parseSse, type SseMessage } from './events/sse-parser.ts';
export {
  interpretTurn,
  observe,
  type ObservedTurn,
  type ObserveOptions,
  type Observer,
  type TurnDetails,
  type TurnPoster,
} from './observe.ts';
export {
  askForApproval,
  describeActions,
  readApproval,
  refusalMessage,
  needsApproval,
  reportPendingAction,
  waitForApproval,
  type ApprovalAnswer,
  type ApprovalClient,
  type AskOptions,
  type PendingAction,
  type WaitOptions,
} from './approval.ts';
export * from './console-schemas.ts';
export * from './canned-response-schemas.ts';
export * from './protocol-schemas.ts';
export {
  HandBackActionSchema,
  HandBackSchema,
  PromiseInputSchema,
  PromiseSchema,
  type CustomerPromise,
  type HandBack,
  type HandBackAction,
  type PromiseInput,
} from './hand-back-schemas.ts';
export * from './routing-schemas.ts';
export * from './collaboration-schemas.ts';
