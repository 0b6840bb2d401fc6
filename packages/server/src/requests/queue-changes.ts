/**
 * Which queues just changed, for the customer streams that show a position and a wait: a listener
 * on the instance's event hub (every event, from this instance and others) that, for each event
 * that moves a queue (a handoff requested, claimed, accepted, expired, abandoned, transferred,
 * resolved, returned, widened) and each presence change on this instance, tells the streams watching
 * that queue, once per `debounceMs` per queue, so a burst of claims costs one recompute. It reads
 * nothing itself and is attached to the hub only while some stream watches.
 */
import type { EventHub, HubListener } from '../service/event-hub.ts';
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

  /** An operator's presence changed for `queues` (none: every queue): their wait may have too. */
  presenceChanged(queues: readonly string[] | undefined): void {
    if (!queues || queues.length === 0) this.changed(null);
    else for (const queue of queues) this.changed(queue);
  }

  close(): void {
    this.#watchers.clear();
    this.#detach?.();
    this.#detach = null;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
