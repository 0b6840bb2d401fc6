/**
 * Which queues just changed, for the customer streams that show a position and a wait: a listener
 * on the instance's event hub (every event, from this instance and others) that, for each event
 * that moves a queue (a handoff requested, claimed, accepted, expired, abandoned, transferred,
 * resolved, returned, widened) and each presence change, tells the streams watching that queue, once
 * per `debounceMs` per queue, so a burst of claims costs one recompute. It reads nothing itself and
 * is attached to the hub only while some stream watches. A presence change is not an event: on
 * PostgreSQL it is also sent as a NOTIFY on `baton_presence`, so a customer whose stream is held by
 * another instance hears it at once rather than at that stream's periodic recompute.
 */
import { randomUUID } from 'node:crypto';
import type { EventHub, HubListener } from '../service/event-hub.ts';
import type { Database } from '../storage/database.ts';
import type { PositionedEvent } from '../service/events.ts';
import type { BatonEvent } from '../service/types.ts';

/** Events after which the handoffs waiting in a queue may have moved, or its wait changed. */
export const QUEUE_CHANGING_EVENTS: ReadonlySet<BatonEvent['type']> = new Set<BatonEvent['type']>([
  'handoff-requested',
  'handoff-claimed',
  'handoff-offer-accepted',
  'handoff-expired',
  'handoff-abandoned',
  'handoff-transferred',
  'handoff-resolved',
  'handoff-returned',
  'handoff-ladder-step',
  'queues-updated',
]);

/** The NOTIFY channel of presence changes between instances. */
export const PRESENCE_CHANNEL = 'baton_presence';

/** What one instance tells the others of a presence change (its queues; null: every queue). */
interface PresenceNotice {
  origin: string;
  queues: string[] | null;
}

export interface QueueChangesOptions {
  /** One notification per queue at most this often (the first change starts the wait). */
  debounceMs: number;
}

export const QUEUE_CHANGES_DEFAULTS = { debounceMs: 100 } satisfies QueueChangesOptions;

/** The queues an event touches: its own, and a target or widening it names. */
function queuesOf(event: BatonEvent): string[] {
  const queues = event.queue ? [event.queue] : [];
  for (const key of ['toQueue', 'queue', 'widenedTo']) {
    const value = event.data[key];
    if (typeof value === 'string') queues.push(value);
    else if (Array.isArray(value))
      queues.push(...value.filter((item): item is string => typeof item === 'string'));
  }
  return queues;
}

export class QueueChanges {
  readonly #hub: EventHub;
  readonly #options: QueueChangesOptions;
  /** Per watcher, the queues it watches (changed as its handoff moves). */
  readonly #watchers = new Map<symbol, { queues: ReadonlySet<string>; onChange: () => void }>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  #detach: (() => void) | null = null;
  #attaching: Promise<void> | null = null;
  readonly #origin = randomUUID();
  #database: Database | null = null;
  #stopListening: (() => Promise<void>) | null = null;
  readonly #listener: HubListener = {
    push: (events: readonly PositionedEvent[]) => {
      for (const { event } of events) {
        if (event.type === 'queues-updated') this.changed(null);
        else if (QUEUE_CHANGING_EVENTS.has(event.type))
          for (const queue of queuesOf(event)) this.changed(queue);
      }
    },
  };

  constructor(hub: EventHub, options: Partial<QueueChangesOptions> = {}) {
    this.#hub = hub;
    this.#options = { ...QUEUE_CHANGES_DEFAULTS, ...options };
  }

  /**
   * Calls `onChange` after each (debounced) change of one of the queues `watch` returns a setter for;
   * resolves once attached to the hub, so no change committed afterwards is missed.
   */
  async watch(
    onChange: () => void,
  ): Promise<{ setQueues: (queues: Iterable<string>) => void; stop: () => void }> {
    const id = Symbol('watcher');
    this.#watchers.set(id, { queues: new Set(), onChange });
    if (!this.#detach) {
      this.#attaching ??= this.#hub
        .attach(this.#listener)
        .then(({ detach }) => {
          this.#detach = detach;
        })
        .finally(() => (this.#attaching = null));
      await this.#attaching;
    }
    return {
      setQueues: (queues) => {
        const watcher = this.#watchers.get(id);
        if (watcher) watcher.queues = new Set(queues);
      },
      stop: () => {
        this.#watchers.delete(id);
        if (this.#watchers.size === 0) {
          this.#detach?.();
          this.#detach = null;
          for (const timer of this.#timers.values()) clearTimeout(timer);
          this.#timers.clear();
        }
      },
    };
  }

  /** A queue changed (null: every queue, e.g. the configuration or a presence for all queues). */
  changed(queue: string | null): void {
    if (this.#watchers.size === 0) return;
    const key = queue ?? '*';
    if (this.#timers.has(key)) return;
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      for (const watcher of [...this.#watchers.values()]) {
        if (queue === null || watcher.queues.has(queue)) watcher.onChange();
      }
    }, this.#options.debounceMs);
    timer.unref?.();
    this.#timers.set(key, timer);
  }

  /**
   * Hears the presence changes made on other instances (PostgreSQL); PGlite is one process. Without
   * LISTEN those reach this instance's customer streams at their periodic recompute, nothing worse.
   */
  async start(database: Database, logError: (error: unknown) => void = () => {}): Promise<void> {
    this.#database = database;
    const listen = database.listen;
    if (!listen || this.#stopListening) return;
    try {
      this.#stopListening = await listen.call(database, PRESENCE_CHANNEL, (payload) => {
        if (payload) this.#receive(payload);
      });
    } catch (error) {
      logError(error);
    }
  }

  /** An operator's presence changed for `queues` (none: every queue): their wait may have too. */
  presenceChanged(queues: readonly string[] | undefined): void {
    const changed = queues && queues.length > 0 ? [...queues] : null;
    this.#applyPresence(changed);
    if (this.#database?.kind === 'postgres') {
      const notice: PresenceNotice = { origin: this.#origin, queues: changed };
      // A lost NOTIFY costs other instances' customers one push; their periodic recompute follows.
      this.#database
        .query('SELECT pg_notify($1, $2)', [PRESENCE_CHANNEL, JSON.stringify(notice)])
        .catch(() => undefined);
    }
  }

  #applyPresence(queues: readonly string[] | null): void {
    if (queues === null) this.changed(null);
    else for (const queue of queues) this.changed(queue);
  }

  #receive(payload: string): void {
    let notice: PresenceNotice;
    try {
      notice = JSON.parse(payload) as PresenceNotice;
    } catch {
      return;
    }
    if (notice.origin === this.#origin) return;
    const queues = Array.isArray(notice.queues)
      ? notice.queues.filter((queue): queue is string => typeof queue === 'string')
      : null;
    this.#applyPresence(queues);
  }

  async close(): Promise<void> {
    await this.#stopListening?.();
    this.#stopListening = null;
    this.#database = null;
    this.#watchers.clear();
    this.#detach?.();
    this.#detach = null;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
