/**
 * What every use case receives: the database, the clock, the configured queues, the policy cache,
 * the in-process event notifier and the limits. Built once by `createService`.
 */
import { BatonError } from '../errors.ts';
import type { Database } from '../storage/database.ts';
import type { PolicyCache } from './policy-cache.ts';
import type { EventNotifier } from './event-notifier.ts';
import type { KeyCache } from './key-cache.ts';
import type { KeyStreams } from './key-streams.ts';
import type { KnownConversations } from './known-conversations.ts';

export interface ServiceLimits {
  /** Turns one conversation may hold; more is `too_many_turns`. */
  maxTurnsPerConversation: number;
  /** An operator's `online` presence counts for this long after it was last set. */
  presenceTtlMs: number;
}

export interface ServiceContext {
  database: Database;
  now: () => Date;
  /** Configured queue names; the first is the default. */
  queues: string[];
  policies: PolicyCache;
  notifier: EventNotifier;
  /** Cached key lookups, invalidated on every key change (key-changes.ts). */
  keys: KeyCache;
  /** Open event streams per key, ended when the key is revoked or expires. */
  keyStreams: KeyStreams;
  /** The conversations whose last turn this instance wrote, to skip the read on their next turn. */
  conversations: KnownConversations;
  limits: ServiceLimits;
}

/** The queue new handoffs go to when nothing names one. */
export function defaultQueue(context: ServiceContext): string {
  return context.queues[0] ?? 'general';
}

/** Refuses a queue the deployment does not have, naming the ones it has. */
export function checkQueue(context: { queues: readonly string[] }, queue: string): void {
  if (!context.queues.includes(queue)) {
    throw new BatonError('invalid_request', `No queue named ${queue}.`, { queues: context.queues });
  }
}
