/**
 * One reader of the events table per instance. While at least one stream is open, it reads what
 * became readable after its head, once, and pushes it to every attached listener in memory; so
 * open streams cost no database work of their own, however many there are. It reads on every
 * wake-up (our own commits; other instances' commits through LISTEN; a reconnected LISTEN), shortly
 * again while committed rows wait behind an older transaction still running, and every `pollMs`
 * regardless, since NOTIFY is a wake-up, not a log.
 */
import { channel } from 'node:diagnostics_channel';
import type { Database } from '../storage/database.ts';
import type { EventNotifier } from './event-notifier.ts';
import { type EventPosition } from './event-position.ts';
import {
  EVENT_COLUMNS,
  readHeadPosition,
  STABLE,
  toPositioned,
  type PositionedEvent,
  type PositionedRow,
} from './events.ts';

/** Receives every event after the head it attached at, in order, in batches. */
export interface HubListener {
  push(events: readonly PositionedEvent[]): void;
}

export interface EventHubOptions {
  /** Read at least this often while streams are open (the safety net under NOTIFY). */
  pollMs: number;
  /** Read again this soon while committed events wait for an older transaction to end. */
  settleMs: number;
  /** Rows per read. */
  batchSize: number;
  /** Where a failed read is reported (the loop keeps going). */
  logError: (error: unknown) => void;
}

/** What the hub publishes after each push (times from `performance.now()`), to whoever subscribes. */
export interface HubPushTiming {
  events: readonly PositionedEvent[];
  /** The read's query was sent. */
  readStartedAt: number;
  /** Its rows were in hand. */
  readAt: number;
  /** Every listener had been pushed to. */
  pushedAt: number;
}

/**
 * Published after each push when someone subscribes (the SSE benchmark's breakdown); with nobody
 * subscribed it costs one property read per read.
 */
export const hubPushChannel = channel('baton:event-hub:push');

export const EVENT_HUB_DEFAULTS = {
  pollMs: 1_000,
  settleMs: 5,
  batchSize: 500,
  logError: (error: unknown) => console.error('baton: reading new events failed:', error),
} satisfies EventHubOptions;

export class EventHub {
  readonly #database: Database;
  readonly #notifier: EventNotifier;
  readonly #options: EventHubOptions;
  readonly #listeners = new Set<HubListener>();
  /** The last position read (and pushed); null while no listener is attached. */
  #head: EventPosition | null = null;
  #starting: Promise<EventPosition> | null = null;
  #running = false;
  #stopWait: AbortController | null = null;
  #closed = false;
  /** The next delay while events wait behind an older transaction: doubles up to `pollMs`. */
  #settleMs: number;
  /** Reads done, for tests and the benchmark (proof that streams cost none of their own). */
  reads = 0;

  constructor(database: Database, notifier: EventNotifier, options: Partial<EventHubOptions> = {}) {
    this.#database = database;
    this.#notifier = notifier;
    this.#options = { ...EVENT_HUB_DEFAULTS, ...options };
    this.#settleMs = this.#options.settleMs;
  }

  /** How many listeners are attached. */
  get size(): number {
    return this.#listeners.size;
  }

  /** The last position pushed to listeners; null while none is attached. */
  get head(): EventPosition | null {
    return this.#head;
  }

  /**
   * Attaches `listener`: from the returned head on, it receives every event, in order. Registered
   * in the same tick as the head is read from memory, so no push falls between the two.
   */
  async attach(listener: HubListener): Promise<{ head: EventPosition; detach: () => void }> {
    if (this.#closed) throw new Error('the event hub is closed');
    if (this.#head === null) {
      this.#starting ??= readHeadPosition(this.#database).finally(() => (this.#starting = null));
      const head = await this.#starting;
      this.#head ??= head;
    }
    this.#listeners.add(listener);
    const head = this.#head!;
    if (!this.#running) void this.#run();
    return {
      head,
      detach: () => {
        this.#listeners.delete(listener);
        if (this.#listeners.size === 0) this.#stopWait?.abort();
      },
    };
  }

  /** Stops reading; attached listeners get nothing more. */
  close(): void {
    this.#closed = true;
    this.#listeners.clear();
    this.#stopWait?.abort();
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      while (this.#listeners.size > 0 && !this.#closed) {
        // Armed before the read: a commit during the read still wakes the next wait.
        const waiting = new AbortController();
        this.#stopWait = waiting;
        const woken = this.#notifier.wait(waiting.signal).catch(() => undefined);
        let pending = false;
        try {
          pending = await this.#readAll();
        } catch (error) {
          this.#options.logError(error);
        }
        if (this.#listeners.size === 0 || this.#closed) {
          waiting.abort();
          break;
        }
        // A transaction that stays open holds the watermark: back off rather than spin on it.
        const delay = pending ? this.#settleMs : this.#options.pollMs;
        this.#settleMs = pending
          ? Math.min(this.#settleMs * 2, this.#options.pollMs)
          : this.#options.settleMs;
        const timer = setTimeout(() => waiting.abort(), delay);
        await woken;
        clearTimeout(timer);
        waiting.abort();
      }
    } finally {
      this.#running = false;
      this.#stopWait = null;
      // With nobody listening the head goes stale; the next listener starts from a fresh one.
      if (this.#listeners.size === 0) this.#head = null;
      else if (!this.#closed) void this.#run();
    }
  }

  /** Reads and pushes every readable event after the head; true when some wait behind an older transaction. */
  async #readAll(): Promise<boolean> {
    for (;;) {
      const head = this.#head;
      if (head === null) return false;
      this.reads += 1;
      const readStartedAt = performance.now();
      const rows = await this.#database.query<PositionedRow & { stable: boolean }>(
        `SELECT ${EVENT_COLUMNS}, ${STABLE} AS stable FROM events
         WHERE (tx, id) > ($1::xid8, $2::bigint) ORDER BY events.tx, events.id LIMIT $3`,
        [head.tx, head.id, this.#options.batchSize],
      );
      // Rows sort by tx, so the readable ones come first; the rest wait for the watermark.
      const stableCount = rows.findIndex((row) => !row.stable);
      const readable = stableCount === -1 ? rows : rows.slice(0, stableCount);
      if (readable.length > 0 && this.#head === head) {
        const readAt = performance.now();
        const events = readable.map(toPositioned);
        this.#head = events.at(-1)!.position;
        for (const listener of [...this.#listeners]) listener.push(events);
        if (hubPushChannel.hasSubscribers) {
          const timing: HubPushTiming = { events, readStartedAt, readAt, pushedAt: performance.now() };
          hubPushChannel.publish(timing);
        }
      }
      if (stableCount !== -1) return true;
      if (rows.length < this.#options.batchSize) return false;
    }
  }
}
