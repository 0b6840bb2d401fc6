/**
 * One open event stream's queue. It first catches up from the table (its cursor up to the hub's
 * head when it attached, page by page, at the pace its client reads), then takes the hub's pushes.
 * Once live, a stream whose writer is idle and whose client keeps up is written to straight from
 * the hub's push (`deliverTo`): one synchronous pass over every stream per read, no promise per
 * stream. Otherwise events queue for `next()`. What it holds is bounded: past `maxBuffered` events a
 * live stream is closed as a slow consumer (its client reconnects with its cursor and catches up
 * from the table), and a stream still catching up drops its buffer and catches up further instead.
 */
import type { Database } from '../storage/database.ts';
import { comparePositions, type EventPosition } from './event-position.ts';
import type { EventHub, HubListener } from './event-hub.ts';
import { readEventRange, type PositionedEvent } from './events.ts';
import type { BatonEvent } from './types.ts';

/** Why a stream ended. */
export type StreamCloseReason = 'client_gone' | 'shutdown' | 'slow_consumer' | 'key_revoked';

export interface SubscriptionFilter {
  queue?: string;
  conversationId?: string;
}

export interface SubscriptionOptions {
  database: Database;
  hub: EventHub;
  keyId: string;
  filter: SubscriptionFilter;
  /** Events sent after this position (exclusive); the hub's head when absent (a stream "from now"). */
  after: EventPosition | undefined;
  /** Events held in memory before the stream counts as too slow. */
  maxBuffered: number;
  /** Events per `next()`. */
  batchSize: number;
  /** Told once when the subscription closes, whatever the reason. */
  onClose: (subscription: EventSubscription) => void;
}

/**
 * Writes events to the client at once; false, writing nothing, when the client is behind (its
 * socket waits to drain): then they queue, and the stream's writer sends them after the drain.
 */
export type DirectWrite = (events: readonly PositionedEvent[]) => boolean;

export class EventSubscription implements HubListener {
  readonly keyId: string;
  readonly #options: SubscriptionOptions;
  /** Everything up to here was sent or skipped. */
  #after!: EventPosition;
  /** While catching up from the table: where that ends; null once live. */
  #catchUpTo: EventPosition | null = null;
  /** The buffer overflowed while catching up: catch up to the hub's newer head afterwards. */
  #resync = false;
  #buffer: PositionedEvent[] = [];
  /** Set while `next()` waits with nothing queued: the writer is idle. */
  #wake: (() => void) | null = null;
  #writeNow: DirectWrite | null = null;
  readonly #unfiltered: boolean;
  #detach: (() => void) | null = null;
  readonly #closing = new AbortController();
  #reason: StreamCloseReason | null = null;

  private constructor(options: SubscriptionOptions) {
    this.keyId = options.keyId;
    this.#options = options;
    this.#unfiltered = options.filter.queue === undefined && options.filter.conversationId === undefined;
  }

  /** Attaches a subscription to the hub; resolves with it and the position it starts after. */
  static async open(
    options: SubscriptionOptions,
  ): Promise<{ subscription: EventSubscription; start: EventPosition }> {
    const subscription = new EventSubscription(options);
    const { head, detach } = await options.hub.attach(subscription);
    subscription.#detach = detach;
    const start = options.after ?? head;
    subscription.#after = start;
    if (comparePositions(start, head) < 0) subscription.#catchUpTo = head;
    return { subscription, start };
  }

  /** Aborts when the subscription closes. */
  get closed(): AbortSignal {
    return this.#closing.signal;
  }

  /** Why it closed, once it has. */
  get reason(): StreamCloseReason | null {
    return this.#reason;
  }

  /** Events held in memory now (for tests of the bound). */
  get buffered(): number {
    return this.#buffer.length;
  }

  /** Lets the hub's push write to the client directly while the stream is live and its writer idle. */
  deliverTo(writeNow: DirectWrite): void {
    this.#writeNow = writeNow;
  }

  /** From the hub: writes or keeps the events this stream wants, within the bound. */
  push(events: readonly PositionedEvent[]): void {
    if (this.#reason !== null) return;
    const wanted = this.#unfiltered ? events : events.filter((entry) => this.#matches(entry.event));
    if (wanted.length === 0) return;
    // `next()` waits only when live with nothing queued, so these are the next events to send.
    if (this.#wake !== null && this.#writeNow !== null) {
      // A cursor from another instance may be ahead of this hub: skip what the client has.
      let start = 0;
      while (start < wanted.length && comparePositions(wanted[start]!.position, this.#after) <= 0) start++;
      if (start === wanted.length) return;
      const fresh = start === 0 ? wanted : wanted.slice(start);
      if (this.#writeNow(fresh)) {
        this.#after = fresh.at(-1)!.position;
        return;
      }
    }
    for (const entry of wanted) this.#buffer.push(entry);
    if (this.#buffer.length > this.#options.maxBuffered) {
      if (this.#catchUpTo === null) {
        this.close('slow_consumer');
        return;
      }
      this.#buffer = [];
      this.#resync = true;
    }
    this.#notify();
  }

  /** The next events to send, in order; an empty array once closed. */
  async next(): Promise<BatonEvent[]> {
    for (;;) {
      if (this.#reason !== null) return [];
      if (this.#catchUpTo !== null) {
        const page = await this.#catchUpPage(this.#catchUpTo);
        if (page.length > 0) return page;
        continue;
      }
      const start = this.#buffer.findIndex((entry) => comparePositions(entry.position, this.#after) > 0);
      if (start === -1) this.#buffer = [];
      else {
        const batch = this.#buffer.slice(start, start + this.#options.batchSize);
        this.#buffer = this.#buffer.slice(start + batch.length);
        this.#after = batch.at(-1)!.position;
        return batch.map((entry) => entry.event);
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  /** Closes the subscription (idempotent): `next()` returns empty, the hub forgets it. */
  close(reason: StreamCloseReason): void {
    if (this.#reason !== null) return;
    this.#reason = reason;
    this.#buffer = [];
    this.#detach?.();
    this.#closing.abort();
    this.#notify();
    this.#options.onClose(this);
  }

  async #catchUpPage(upTo: EventPosition): Promise<BatonEvent[]> {
    if (comparePositions(this.#after, upTo) >= 0) {
      if (this.#resync) {
        // What was dropped lies at or before the hub's head now; read it from the table too.
        this.#resync = false;
        this.#buffer = [];
        const head = this.#options.hub.head;
        this.#catchUpTo = head && comparePositions(this.#after, head) < 0 ? head : null;
      } else this.#catchUpTo = null;
      return [];
    }
    const { events, scanned } = await readEventRange(this.#options.database, {
      after: this.#after,
      upTo,
      ...this.#options.filter,
      limit: this.#options.batchSize,
    });
    if (this.#reason !== null) return [];
    this.#after = scanned;
    return events.map((entry) => entry.event);
  }

  #matches(event: BatonEvent): boolean {
    const { queue, conversationId } = this.#options.filter;
    return (
      (queue === undefined || event.queue === queue) &&
      (conversationId === undefined || event.conversationId === conversationId)
    );
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
