/**
 * Long-lived requests (event streams) per API key, so that revoking a key ends them at once and a
 * key that expires ends them at its expiry. A stream registers with `open` and gets a signal that
 * aborts on either; it calls `release` when it ends by itself.
 */

/** setTimeout's longest delay; an expiry further away is caught by a later re-check instead. */
const MAX_TIMER_MS = 2_147_483_647;

export interface KeyStream {
  /** Aborts when the key is revoked or expires. */
  signal: AbortSignal;
  /** Unregisters the stream (idempotent). */
  release(): void;
}

export class KeyStreams {
  readonly #byKey = new Map<string, Set<AbortController>>();

  /** Registers one stream of `keyId`; `expiresInMs` (when known) ends it at the key's expiry. */
  open(keyId: string, expiresInMs?: number): KeyStream {
    const controller = new AbortController();
    let streams = this.#byKey.get(keyId);
    if (!streams) this.#byKey.set(keyId, (streams = new Set()));
    streams.add(controller);
    const timer =
      expiresInMs !== undefined && expiresInMs < MAX_TIMER_MS
        ? setTimeout(() => controller.abort(new Error('key expired')), Math.max(0, expiresInMs))
        : undefined;
    timer?.unref?.();
    const release = () => {
      if (timer) clearTimeout(timer);
      const set = this.#byKey.get(keyId);
      if (!set) return;
      set.delete(controller);
      if (set.size === 0) this.#byKey.delete(keyId);
    };
    controller.signal.addEventListener('abort', release, { once: true });
    return { signal: controller.signal, release };
  }

  /** Ends every stream of a key now; returns how many. */
  closeStreamsOfKey(keyId: string): number {
    const streams = [...(this.#byKey.get(keyId) ?? [])];
    for (const controller of streams) controller.abort(new Error('key revoked'));
    return streams.length;
  }

  /** Keys with at least one open stream. */
  keysWithStreams(): string[] {
    return [...this.#byKey.keys()];
  }

  /** Open streams of one key. */
  count(keyId: string): number {
    return this.#byKey.get(keyId)?.size ?? 0;
  }
}
