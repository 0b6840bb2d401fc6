/**
 * A bounded, short-lived cache of API key rows, so that authenticating a request does not cost a
 * database round trip. It is correct only while something invalidates it on every change to a key:
 * the key-change listener (PostgreSQL NOTIFY) across instances, or this process alone (PGlite). The
 * TTL is a safety net for a notification lost between a connection drop and its reconnect.
 */

/** A key as stored: the secret's hash, never the secret. */
export interface ApiKeyRow {
  id: string;
  scope: 'agent' | 'operator' | 'admin';
  name: string;
  secret_hash: string;
  created_at: Date | string;
  revoked_at: Date | string | null;
  expires_at: Date | string | null;
}

export interface KeyCacheOptions {
  /** Entries kept at most; the least recently used goes first. */
  maxEntries: number;
  /** How long an entry is trusted without a notification. */
  ttlMs: number;
  /** A monotonic-enough clock in milliseconds (real time, not the service's business clock). */
  clock: () => number;
}

export const KEY_CACHE_DEFAULTS: KeyCacheOptions = { maxEntries: 10_000, ttlMs: 10_000, clock: Date.now };

export class KeyCache {
  readonly #entries = new Map<string, { row: ApiKeyRow; until: number }>();
  readonly #options: KeyCacheOptions;
  /** Off until invalidation is guaranteed (the listener is up); off means every lookup reads the table. */
  #enabled = false;
  #generation = 0;

  constructor(options: Partial<KeyCacheOptions> = {}) {
    this.#options = { ...KEY_CACHE_DEFAULTS, ...options };
  }

  /** Starts trusting entries (call once changes reach `forget`/`clear`). */
  enable(): void {
    this.#enabled = true;
  }

  /** The cached row of a key, or undefined when absent, stale or the cache is off. */
  get(id: string): ApiKeyRow | undefined {
    if (!this.#enabled) return undefined;
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    if (entry.until <= this.#options.clock()) {
      this.#entries.delete(id);
      return undefined;
    }
    // Re-inserted so the Map's order is least recently used first.
    this.#entries.delete(id);
    this.#entries.set(id, entry);
    return entry.row;
  }

  /**
   * Remembers a row read at `generation` (taken before the read), unless a change came since: a row
   * read before a revocation landed must not outlive the revocation's notification.
   */
  set(row: ApiKeyRow, generation: number): void {
    if (!this.#enabled || generation !== this.#generation) return;
    this.#entries.delete(row.id);
    this.#entries.set(row.id, { row, until: this.#options.clock() + this.#options.ttlMs });
    while (this.#entries.size > this.#options.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  /** Bumped by every invalidation; read it before a database lookup and hand it to `set`. */
  get generation(): number {
    return this.#generation;
  }

  /** Drops one key (it changed). */
  forget(id: string): void {
    this.#generation++;
    this.#entries.delete(id);
  }

  /** Drops everything (notifications may have been missed). */
  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
