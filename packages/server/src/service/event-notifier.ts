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
   * Resolves at the next wake-up, or when `signal` aborts. A caller's loop is "read, wait, read":
   * a wake-up that came between its read and its wait must not be lost, so per signal this returns
   * at once when one happened since that signal's previous wait returned (and on its first wait).
   */
  async wait(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const seen = this.#seen.get(signal);
    if (seen === undefined || seen !== this.#generation) {
      this.#seen.set(signal, this.#generation);
      await this.#ensureListening();
      return;
    }
    await this.#ensureListening();
    // The signal may have aborted, or a wake-up come, while the listener started.
    if (signal.aborted) return;
    if (this.#generation !== seen) {
      this.#seen.set(signal, this.#generation);
      return;
    }
    await new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        this.#waiters.delete(done);
        resolve();
      };
      this.#waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
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
