/**
 * Wakes `waitForEvents` callers: in process after our own commits, and (on PostgreSQL) from LISTEN,
 * so events written by another instance wake them too. A wake-up, not a log: callers then read the
 * events table from their cursor.
 *
 * Other instances are told by a NOTIFY sent after the commit, on its own, never inside the writing
 * transaction: PostgreSQL serialises the commits of every transaction that notified (one lock held
 * through the commit's WAL flush), which would cap the whole cluster's writes at one fsync at a time.
 * The NOTIFYs are coalesced: at most one in flight per instance, and one more after it when commits
 * came meanwhile, so every commit is followed by a NOTIFY sent after it. An instance that dies
 * between its commit and its NOTIFY costs the others at most their poll interval.
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

  #publishing: Promise<void> | null = null;
  #publishAgain = false;
  #closed = false;

  /** After a commit that appended events: wakes every waiter here now, and tells other instances. */
  wake(): void {
    this.#wakeLocal();
    this.#publish();
  }

  /** Sends one NOTIFY after the commits so far (coalesced; PostgreSQL only). */
  #publish(): void {
    if (this.#database.kind !== 'postgres' || this.#closed) return;
    if (this.#publishing) {
      this.#publishAgain = true;
      return;
    }
    this.#publishing = (async () => {
      do {
        this.#publishAgain = false;
        // A lost NOTIFY delays other instances by their poll interval, nothing more.
        await this.#database.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, '']).catch(() => undefined);
      } while (this.#publishAgain && !this.#closed);
    })().finally(() => {
      this.#publishing = null;
    });
  }

  /** Wakes every waiter of this instance now. */
  #wakeLocal(): void {
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
      .call(this.#database, EVENTS_CHANNEL, () => this.#wakeLocal())
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
    this.#wakeLocal();
    await this.#publishing;
    this.#closed = true;
    await this.#starting?.catch(() => {});
    await this.#stopListening?.();
    this.#stopListening = null;
  }
}
