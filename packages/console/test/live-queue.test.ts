import { describe, expect, it } from 'vitest';
import { applyEvents, queueFrom, sortedQueue, upsert } from '../src/live-queue.ts';
import { event, handoff } from './fixtures.ts';

describe('the live queue', () => {
  it('keeps only open handoffs, most urgent first, then the longest wait', () => {
    const queue = queueFrom([
      handoff({ id: 'a', priority: 'normal', requestedAt: '2026-11-25T10:00:00Z' }),
      handoff({ id: 'b', priority: 'urgent', requestedAt: '2026-11-25T10:05:00Z' }),
      handoff({ id: 'c', priority: 'normal', requestedAt: '2026-11-25T09:00:00Z' }),
      handoff({ id: 'd', status: 'resolved' }),
      handoff({ id: 'e', status: 'claimed', priority: 'low' }),
    ]);
    expect(sortedQueue(queue).map((item) => item.id)).toEqual(['b', 'c', 'a', 'e']);
  });

  it('drops a handoff whose last event closes it, without reading it again', () => {
    const queue = queueFrom([handoff({ id: 'a' })]);
    const result = applyEvents(queue, [
      event('handoff-claimed', 'a', { status: 'claimed' }),
      event('handoff-resolved', 'a', { status: 'resolved' }),
    ]);
    expect(result.queue.has('a')).toBe(false);
    expect(result.reread).toEqual([]);
  });

  it('asks to read a new or changed open handoff; a replayed history of closed ones costs nothing', () => {
    const result = applyEvents(new Map(), [
      event('handoff-requested', 'old', { status: 'queued' }),
      event('handoff-abandoned', 'old', { status: 'abandoned' }),
      event('handoff-requested', 'new', { status: 'queued' }),
      event('turn-created', 'new', {}),
    ]);
    expect(result.reread).toEqual(['new']);
  });

  it('upsert places a fresh copy and removes one that closed meanwhile', () => {
    let queue = upsert(new Map(), handoff({ id: 'a' }));
    expect(queue.get('a')?.status).toBe('queued');
    queue = upsert(queue, handoff({ id: 'a', status: 'claimed', claimedBy: 'Ana' }));
    expect(queue.get('a')?.claimedBy).toBe('Ana');
    queue = upsert(queue, handoff({ id: 'a', status: 'returned' }));
    expect(queue.size).toBe(0);
  });
});
