import { describe, expect, it, vi } from 'vitest';
import { PresenceKeeper } from '../../src/http/routes/events.ts';
import type { Principal } from '../../src/service/types.ts';

const operator = (keyId: string): Principal => ({ keyId, scope: 'operator' }) as Principal;

describe('PresenceKeeper', () => {
  it('refreshes every operator with open streams in one statement, however many streams are open', async () => {
    vi.useFakeTimers();
    try {
      const calls: string[][] = [];
      const keeper = new PresenceKeeper(async (keyIds) => void calls.push([...keyIds]), 1_000);
      const releases = [];
      for (let stream = 0; stream < 5_000; stream += 1)
        releases.push(keeper.hold(operator(`k${stream % 3}`)));
      // Streams opening together share their opening refreshes: one per key at once, one more per
      // key after it for the streams that opened meanwhile; then one statement covers all.
      expect(calls).toEqual([['k0'], ['k1'], ['k2']]);
      await vi.advanceTimersByTimeAsync(0);
      expect(calls.slice(3)).toEqual([['k0'], ['k1'], ['k2']]);
      await vi.advanceTimersByTimeAsync(0);
      expect(calls).toHaveLength(6);
      // A stream opening alone later refreshes at once.
      releases.push(keeper.hold(operator('k0')));
      expect(calls).toHaveLength(7);
      releases.pop()!();
      calls.length = 0;
      await vi.advanceTimersByTimeAsync(1_000);
      expect(calls).toEqual([['k0', 'k1', 'k2']]);
      // A key stays held until its last stream ends.
      for (let stream = 0; stream < 5_000; stream += 1) if (stream % 3 !== 0) releases[stream]!();
      releases[0]!();
      releases[0]!(); // ending twice counts once
      await vi.advanceTimersByTimeAsync(1_000);
      expect(calls.slice(1)).toEqual([['k0']]);
      for (let stream = 3; stream < 5_000; stream += 3) releases[stream]!();
      expect(keeper.keys()).toEqual([]);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(calls).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never touches presence for agent keys', () => {
    const touch = vi.fn(async () => undefined);
    const keeper = new PresenceKeeper(touch);
    keeper.hold({ keyId: 'agent-1', scope: 'agent' } as Principal)();
    expect(touch).not.toHaveBeenCalled();
    expect(keeper.keys()).toEqual([]);
  });
});
