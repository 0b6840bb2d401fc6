import { describe, expect, it } from 'vitest';
import { insertAtCursor, loadDraft, saveDraft } from '../src/drafts.ts';
import { reconcile, sortedQueue } from '../src/live-queue.ts';
import { customerTurnOf, tabTitle } from '../src/use-attention.ts';
import { event, handoff } from './fixtures.ts';

describe('reconciling the queue with a fresh listing', () => {
  it('adds what was missed, drops what closed, and keeps reads newer than the listing', () => {
    const listed = [
      handoff({ id: 'missed' }),
      handoff({ id: 'kept', status: 'queued' }),
      handoff({ id: 'claimed-meanwhile', status: 'queued' }),
    ];
    const newer = new Map([['claimed-meanwhile', handoff({ id: 'claimed-meanwhile', status: 'claimed' })]]);
    const queue = reconcile(listed, newer);
    expect(sortedQueue(queue).map((item) => [item.id, item.status])).toEqual([
      ['claimed-meanwhile', 'claimed'],
      ['kept', 'queued'],
      ['missed', 'queued'],
    ]);
    // A handoff the console had but the listing lacks has closed: it goes.
    expect(reconcile([handoff({ id: 'kept' })]).has('gone')).toBe(false);
  });
});

describe('templates at the cursor', () => {
  it('goes where the cursor is, with spaces, and never drops the typed text', () => {
    expect(insertAtCursor('Hello. Bye!', 'Thanks for waiting.', 6)).toEqual({
      text: 'Hello. Thanks for waiting. Bye!',
      caret: 26,
    });
    expect(insertAtCursor('', 'Hi there', 0)).toEqual({ text: 'Hi there', caret: 8 });
    expect(insertAtCursor('abc', 'X', 99)).toEqual({ text: 'abc X', caret: 5 });
    // Only a selection the operator made is replaced.
    expect(insertAtCursor('one two three', '2', 4, 7).text).toBe('one 2 three');
  });
});

describe('drafts', () => {
  it('are kept per conversation and dropped when emptied', () => {
    const map = new Map<string, string>();
    const storage = {
      getItem: (key: string) => map.get(key) ?? null,
      setItem: (key: string, value: string) => void map.set(key, value),
      removeItem: (key: string) => void map.delete(key),
    } as unknown as Storage;
    saveDraft('c1', { mode: 'note', text: 'half a note' }, storage);
    saveDraft('c2', { mode: 'reply', text: 'half a reply' }, storage);
    expect(loadDraft('c1', storage)).toEqual({ mode: 'note', text: 'half a note' });
    expect(loadDraft('c2', storage)).toEqual({ mode: 'reply', text: 'half a reply' });
    saveDraft('c1', { mode: 'reply', text: '  ' }, storage);
    expect(loadDraft('c1', storage)).toBeNull();
  });
});

describe('attention', () => {
  it('counts only customer turns of conversations with an open handoff', () => {
    const turn = (role: string, handoffId: string | null) => ({
      ...event('turn-created', handoffId, { turn: { role, text: 'hello?' } }),
    });
    expect(customerTurnOf(turn('customer', 'h1'))).toEqual({ text: 'hello?' });
    expect(customerTurnOf(turn('agent', 'h1'))).toBeNull();
    expect(customerTurnOf(turn('customer', null))).toBeNull();
  });

  it('puts what waits and what is unread in the tab title', () => {
    expect(tabTitle(0, 0)).toBe('Baton console');
    expect(tabTitle(2, 0)).toBe('(2 waiting) Baton console');
    expect(tabTitle(0, 3)).toBe('(3 unread) Baton console');
    expect(tabTitle(1, 1)).toBe('(1 waiting, 1 unread) Baton console');
  });
});
