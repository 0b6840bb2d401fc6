/**
 * The open event streams of this instance: opened against the caps (per key and per instance),
 * counted per key so a revoked key's streams can be closed at once, and all closed at shutdown.
 */
import { BatonError } from '../errors.ts';
import type { Database } from '../storage/database.ts';
import { readOldestPosition, resolveCursor } from './event-cursor.ts';
import type { EventHub } from './event-hub.ts';
import { EventSubscription, type StreamCloseReason, type SubscriptionFilter } from './event-subscription.ts';
import type { Principal } from './types.ts';

export interface EventStreamLimits {
  /** Open streams one instance serves (BATON_MAX_STREAMS). */
  maxStreams: number;
  /** Open streams one API key may hold on one instance (BATON_MAX_STREAMS_PER_KEY). */
  maxStreamsPerKey: number;
  /** Events one stream may hold in memory before it is closed as too slow (BATON_STREAM_BUFFER_EVENTS). */
  maxBufferedEvents: number;
  /** Events per write. */
  batchSize: number;
}

export const EVENT_STREAM_DEFAULTS = {
  maxStreams: 10_000,
  maxStreamsPerKey: 100,
  maxBufferedEvents: 1_000,
  batchSize: 500,
} satisfies EventStreamLimits;

/** Seconds a refused stream is told to wait before trying again. */
const RETRY_AFTER_S = 5;

export interface OpenStreamInput extends SubscriptionFilter {
  /** The last event id the client received (`Last-Event-ID`); wins over `from`. */
  cursor?: string;
  /** Without a cursor: `now` (the default) or `oldest` (every event kept). */
  from?: 'now' | 'oldest';
}

export class EventStreams {
  readonly #database: Database;
  readonly #hub: EventHub;
  readonly #limits: EventStreamLimits;
  readonly #byKey = new Map<string, Set<EventSubscription>>();
  /** Streams open or being opened (a slot is taken before the first await). */
  #count = 0;

  constructor(database: Database, hub: EventHub, limits: Partial<EventStreamLimits> = {}) {
    this.#database = database;
    this.#hub = hub;
    this.#limits = { ...EVENT_STREAM_DEFAULTS, ...limits };
  }

  /** Open streams on this instance. */
  get size(): number {
    return this.#count;
  }

  /**
   * Opens a stream for `principal`; `too_many_streams` past a cap, `cursor_expired` for a cursor
   * older than retention. `start` is the id the stream starts after (announced to the client).
   */
  async open(
    principal: Principal,
    input: OpenStreamInput,
  ): Promise<{ subscription: EventSubscription; startId: string }> {
    const keyStreams = this.#byKey.get(principal.keyId)?.size ?? 0;
    if (this.#count >= this.#limits.maxStreams || keyStreams >= this.#limits.maxStreamsPerKey) {
      const perKey = keyStreams >= this.#limits.maxStreamsPerKey;
      throw new BatonError(
        'too_many_streams',
        perKey
          ? `This key already holds ${keyStreams} open event streams on this instance (the limit). Close one, or share one stream.`
          : 'This instance serves as many event streams as it is allowed to. Try again shortly.',
        {
          limit: perKey ? this.#limits.maxStreamsPerKey : this.#limits.maxStreams,
          scope: perKey ? 'key' : 'instance',
          retryAfter: RETRY_AFTER_S,
        },
      );
    }
    this.#count += 1;
    let keys = this.#byKey.get(principal.keyId);
    if (!keys) this.#byKey.set(principal.keyId, (keys = new Set()));
    const reserved = keys;
    // The key's count includes streams still opening, so a burst cannot pass the cap.
    const placeholder = {} as EventSubscription;
    reserved.add(placeholder);
    try {
      const after =
        input.cursor !== undefined
          ? await resolveCursor(this.#database, input.cursor)
          : input.from === 'oldest'
            ? await readOldestPosition(this.#database)
            : undefined;
      const filter: SubscriptionFilter = {
        ...(input.queue !== undefined ? { queue: input.queue } : {}),
        ...(input.conversationId !== undefined ? { conversationId: input.conversationId } : {}),
      };
      const { subscription, start } = await EventSubscription.open({
        database: this.#database,
        hub: this.#hub,
        keyId: principal.keyId,
        filter,
        after,
        maxBuffered: this.#limits.maxBufferedEvents,
        batchSize: this.#limits.batchSize,
        onClose: (closed) => this.#forget(closed),
      });
      reserved.delete(placeholder);
      reserved.add(subscription);
      return { subscription, startId: start.id };
    } catch (error) {
      reserved.delete(placeholder);
      this.#release(principal.keyId);
      throw error;
    }
  }

  /** Closes every open stream of one API key; returns how many. (Revocation goes through KeyStreams.) */
  #closeStreamsOfKey(keyId: string, reason: StreamCloseReason): number {
    const streams = [...(this.#byKey.get(keyId) ?? [])].filter(
      (stream) => stream instanceof EventSubscription,
    );
    for (const stream of streams) stream.close(reason);
    return streams.length;
  }

  /** Closes every open stream (shutdown). */
  closeAll(reason: StreamCloseReason = 'shutdown'): void {
    for (const keyId of [...this.#byKey.keys()]) this.#closeStreamsOfKey(keyId, reason);
  }

  #forget(subscription: EventSubscription): void {
    const keys = this.#byKey.get(subscription.keyId);
    if (keys?.delete(subscription)) this.#release(subscription.keyId);
  }

  #release(keyId: string): void {
    this.#count -= 1;
    if (this.#byKey.get(keyId)?.size === 0) this.#byKey.delete(keyId);
  }
}
