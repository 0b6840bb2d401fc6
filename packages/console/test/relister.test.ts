import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRelister } from '../src/relister.ts';

/** A listing whose answer the test gives. */
function controlled() {
  const calls: { resolve: (value: string) => void; reject: (error: Error) => void }[] = [];
  return {
    calls,
    list: () =>
      new Promise<string>((resolve, reject) => {
        calls.push({ resolve, reject });
      }),
  };
}

describe('createRelister', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs one listing at a time, and exactly one more for the calls made meanwhile', async () => {
    const listing = controlled();
    const listed: string[] = [];
    const relister = createRelister({
      list: listing.list,
      onListed: (value) => listed.push(value),
      onFailed: () => undefined,
      retryMs: 1_000,
    });
    relister.relist();
    relister.relist();
    relister.relist();
    expect(listing.calls).toHaveLength(1);
    expect(relister.listing()).toBe(true);
    listing.calls[0]!.resolve('first');
    await vi.advanceTimersByTimeAsync(0);
    // The two calls made while it ran asked for one more listing, which started after it.
    expect(listing.calls).toHaveLength(2);
    listing.calls[1]!.resolve('second');
    await vi.advanceTimersByTimeAsync(0);
    expect(listed).toEqual(['first', 'second']);
    expect(relister.listing()).toBe(false);
    expect(listing.calls).toHaveLength(2);
  });

  it('tries a failed listing again after the pause, until one succeeds', async () => {
    const listing = controlled();
    const failures: unknown[] = [];
    const listed: string[] = [];
    const relister = createRelister({
      list: listing.list,
      onListed: (value) => listed.push(value),
      onFailed: (failure) => failures.push(failure),
      retryMs: 1_000,
    });
    relister.relist();
    listing.calls[0]!.reject(new Error('offline'));
    await vi.advanceTimersByTimeAsync(999);
    expect(failures).toHaveLength(1);
    expect(listing.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(listing.calls).toHaveLength(2);
    listing.calls[1]!.resolve('back');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(listed).toEqual(['back']);
    expect(listing.calls).toHaveLength(2);
  });

  it('reports nothing and starts nothing once stopped', async () => {
    const listing = controlled();
    const onListed = vi.fn();
    const onStart = vi.fn();
    const relister = createRelister({
      list: listing.list,
      onStart,
      onListed,
      onFailed: () => undefined,
      retryMs: 1_000,
    });
    relister.relist();
    relister.relist();
    relister.stop();
    listing.calls[0]!.resolve('late');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(onListed).not.toHaveBeenCalled();
    expect(onStart).toHaveBeenCalledTimes(1);
    relister.relist();
    expect(listing.calls).toHaveLength(1);
  });
});
