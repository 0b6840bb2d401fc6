/**
 * Wakes `waitForEvents` callers: in process after our own commits, and (on PostgreSQL) from LISTEN,
 * so events written by another instance wake them too. A wake-up, not a log: callers then read the
 * events table from their cursor.
 */
import type { Database } from '../storage/database.ts';

/** The NOTIFY channel every instance listens on. */
export const EVENTS_CHANNEL = 'baton_events';

export class EventNotifier {
  readonly #waiters = new Set<() => void>();
  /** Counts wake-ups, so a caller can tell that one happened while it was not waiting. */
  #generation = 0;
  /** Per caller (its AbortSignal): the generation when its last wait returned. */
  readonly #seen = new WeakMap<AbortSignal, number>();
  #stopListening: (() => Promise<void>) | null = null;
  #starting: Promise<void> | null = null;
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  /** Wakes every waiter now. */
  wake(): void {
    this.#generation++;
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const resolve of waiters) resolve();
  }

  /**
   * Resolves at the next wake-up after this call, or when `signal` aborts. Arm it before reading
   * events, then await it: nothing committed after the read can be missed. A caller that reuses one
   * signal in a "read, wait, read" loop is covered too: its wait returns at once when a wake-up came
   * since its previous wait returned.
   */
  async wait(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    // Taken synchronously at the call, so a wake-up during the awaits below is not missed.
    const start = this.#generation;
    const previous = this.#seen.get(signal);
    if (previous !== undefined && previous !== start) {
      this.#seen.set(signal, start);
      return;
    }
    await this.#ensureListening();
    if (!signal.aborted && this.#generation === start) {
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener('abort', done);
          this.#waiters.delete(done);
          resolve();
        };
        this.#waiters.add(done);
        signal.addEventListener('abort', done, { once: true });
      });
    }
    this.#seen.set(signal, this.#generation);
  }

  async #ensureListening(): Promise<void> {
    const listen = this.#database.listen;
    if (!listen || this.#stopListening) return;
    this.#starting ??= listen
      .call(this.#database, EVENTS_CHANNEL, () => this.wake())
      .then((stop) => {
        this.#stopListening = stop;
      });
    try {
      await this.#starting;
    } catch (error) {
      this.#starting = null;
      throw error;
    }
  }

  async close(): Promise<void> {
    this.wake();
    await this.#starting?.catch(() => {});
    await this.#stopListening?.();
    this.#stopListening = null;
  }
}
