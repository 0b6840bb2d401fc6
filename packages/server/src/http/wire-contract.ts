/**
 * Compile-time pins: what the service returns must fit the wire schemas the sdk publishes, so the
 * OpenAPI document never promises a shape the server does not send. `tsc` fails when they drift.
 */
import type {
  ApiKeyRecordSchema,
  ConversationViewSchema,
  EventSchema,
  HandoffSchema,
  NoteSchema,
  PolicyRecordSchema,
  StoredTurnSchema,
  TurnResultSchema,
} from '@baton/sdk';
import type { z } from 'zod';
import type {
  ApiKeyRecord,
  BatonEvent,
  ConversationView,
  Handoff,
  Note,
  PolicyRecord,
  StoredTurn,
  TurnResult,
} from '../service/types.ts';

type Fits<Value, Schema extends z.ZodType> = Value extends z.output<Schema> ? true : never;

/** Each entry is `true` only while the service type fits its schema. */
export type WireContract = [
  Fits<TurnResult, typeof TurnResultSchema>,
  Fits<StoredTurn, typeof StoredTurnSchema>,
  Fits<Handoff, typeof HandoffSchema>,
  Fits<Note, typeof NoteSchema>,
  Fits<ConversationView, typeof ConversationViewSchema>,
  Fits<BatonEvent, typeof EventSchema>,
  Fits<PolicyRecord, typeof PolicyRecordSchema>,
  Fits<ApiKeyRecord, typeof ApiKeyRecordSchema>,
];
const pinned: WireContract = [true, true, true, true, true, true, true, true];
void pinned;
