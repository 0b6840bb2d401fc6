import { describe, expect, it } from 'vitest';
import { EMPTY_ANSWERS, toOutcome } from '../src/outcome.ts';
import { commandFor, type KeyLike } from '../src/shortcuts.ts';
import { clearSession, loadSession, saveSession } from '../src/session.ts';
import { serviceLevel } from '../src/format.ts';

describe('the outcome form', () => {
  it('needs the two required answers before it resolves', () => {
    expect(toOutcome(EMPTY_ANSWERS)).toEqual({ ok: false, missing: ['resolved', 'warranted'] });
    expect(toOutcome({ ...EMPTY_ANSWERS, resolved: 'yes' })).toEqual({ ok: false, missing: ['warranted'] });
  });

  it('sends only what was answered, notes trimmed', () => {
    expect(
      toOutcome({
        ...EMPTY_ANSWERS,
        resolved: 'yes',
        warranted: 'no',
        customerRepeated: 'yes',
        notes: '  asked twice ',
      }),
    ).toEqual({
      ok: true,
      outcome: { resolved: true, warranted: false, customerRepeated: true, notes: 'asked twice' },
    });
  });
});

describe('keyboard shortcuts', () => {
  const press = (key: string, more: Partial<KeyLike> = {}): KeyLike => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    target: { tagName: 'BODY' },
    ...more,
  });

  it('map single keys to moves, but never while typing', () => {
    expect(commandFor(press('c'))).toBe('claim');
    expect(commandFor(press('j'))).toBe('next');
    expect(commandFor(press('c', { target: { tagName: 'TEXTAREA' } }))).toBeNull();
    expect(commandFor(press('c', { target: { tagName: 'DIV', isContentEditable: true } }))).toBeNull();
    expect(commandFor(press('c', { ctrlKey: true }))).toBeNull();
  });

  it('send with Ctrl or ⌘ + Enter anywhere, close with Escape', () => {
    expect(commandFor(press('Enter', { ctrlKey: true, target: { tagName: 'TEXTAREA' } }))).toBe('send');
    expect(commandFor(press('Enter', { metaKey: true }))).toBe('send');
    expect(commandFor(press('Escape', { target: { tagName: 'INPUT' } }))).toBe('close');
  });
});

describe('the session', () => {
  function memoryStorage(): Storage {
    const map = new Map<string, string>();
    return {
      get length() {
        return map.size;
      },
      clear: () => map.clear(),
      getItem: (key) => map.get(key) ?? null,
      key: (index) => [...map.keys()][index] ?? null,
      removeItem: (key) => void map.delete(key),
      setItem: (key, value) => void map.set(key, value),
    };
  }

  it('keeps the key for the tab and forgets damaged entries', () => {
    const tab = memoryStorage();
    const shared = memoryStorage();
    expect(loadSession(tab, shared)).toBeNull();
    saveSession({ apiKey: 'bk_1', name: 'Ana' }, tab, shared);
    expect(loadSession(tab, shared)).toEqual({ apiKey: 'bk_1', name: 'Ana' });
    tab.setItem('baton.session', '{not json');
    shared.setItem('baton.session', '{not json');
    expect(loadSession(tab, shared)).toBeNull();
    clearSession(tab, shared);
    expect(tab.length + shared.length).toBe(0);
  });

  it("signs a new tab in with the browser's key, while a tab keeps its own operator", () => {
    const shared = memoryStorage();
    const anaTab = memoryStorage();
    saveSession({ apiKey: 'bk_ana', name: 'Ana' }, anaTab, shared);
    // A new tab has nothing of its own: it takes the browser's sign-in.
    expect(loadSession(memoryStorage(), shared)).toEqual({ apiKey: 'bk_ana', name: 'Ana' });
    // Ben signs in in another tab; Ana's tab stays Ana's.
    saveSession({ apiKey: 'bk_ben', name: 'Ben' }, memoryStorage(), shared);
    expect(loadSession(anaTab, shared)?.name).toBe('Ana');
    // Sign-out forgets it everywhere, so a new tab asks again.
    clearSession(anaTab, shared);
    expect(loadSession(memoryStorage(), shared)).toBeNull();
  });
});

describe('service level of a wait', () => {
  it('is ok within half the target, a warning within it, breached beyond', () => {
    expect(serviceLevel('high', 30)).toBe('ok');
    expect(serviceLevel('high', 90)).toBe('warning');
    expect(serviceLevel('high', 121)).toBe('breached');
  });
});
