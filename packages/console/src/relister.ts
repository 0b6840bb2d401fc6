/**
 * How the live views list their items again (the queue, the requests board): one listing at a time;
 * a call while one runs asks for exactly one more after it (so a change seen meanwhile is not lost
 * to a listing that started before it); a failed listing tries again after `retryMs` until one
 * succeeds. `onStart` runs as each listing starts (to note which items are read one by one while it
 * is in flight: those reads are newer than its copies).
 */
export interface Relister {
  relist(): void;
  /** Whether a listing is in flight now. */
  listing(): boolean;
  /** No listing starts after this, and nothing is reported of one in flight. */
  stop(): void;
}

export function createRelister<T>(options: {
  list: () => Promise<T>;
  onStart?: () => void;
  onListed: (value: T) => void;
  onFailed: (failure: unknown) => void;
  retryMs: number;
}): Relister {
  let active = true;
  let listing = false;
  let again = false;
  let retry: ReturnType<typeof setTimeout> | null = null;

  const relist = () => {
    if (!active) return;
    if (listing) {
      again = true;
      return;
    }
    listing = true;
    if (retry) clearTimeout(retry);
    retry = null;
    options.onStart?.();
    options
      .list()
      .then(
        (value) => active && options.onListed(value),
        (failure: unknown) => {
          if (!active) return;
          options.onFailed(failure);
          retry = setTimeout(relist, options.retryMs);
        },
      )
      .finally(() => {
        listing = false;
        if (again && active) {
          again = false;
          relist();
        }
      });
  };

  return {
    relist,
    listing: () => listing,
    stop() {
      active = false;
      if (retry) clearTimeout(retry);
      retry = null;
    },
  };
}
