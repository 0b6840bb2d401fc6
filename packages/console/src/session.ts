/**
 * The operator's sign-in. It is kept in localStorage, so a new tab (or a handoff's link opened in
 * one) stays signed in until an explicit sign-out, and in this tab's sessionStorage, so a tab keeps
 * its own operator when another tab signs in as someone else (two operators side by side).
 */
import { createContext } from 'react';
import { ScopeSchema, type Caller } from '@baton/sdk';

const STORAGE_KEY = 'baton.session';

export type Scope = Caller['scope'];

export interface Session {
  apiKey: string;
  /** The operator's name as the API knows it (the key's holder), read at sign-in (`GET /v1/me`). */
  name: string;
  /** What the key may do; absent in a session stored before the console asked, until it does. */
  scope?: Scope;
}

/** The signed-in key's scope, for controls only some keys may use (null until known). */
export const CallerScope = createContext<Scope | null>(null);

function read(storage: Storage | undefined): Session | null {
  try {
    const parsed = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null') as Partial<Session> | null;
    if (parsed && typeof parsed.apiKey === 'string' && parsed.apiKey !== '') {
      const scope = ScopeSchema.safeParse(parsed.scope).data;
      return {
        apiKey: parsed.apiKey,
        name: typeof parsed.name === 'string' ? parsed.name : '',
        ...(scope ? { scope } : {}),
      };
    }
  } catch {
    // A damaged entry is the same as none.
  }
  return null;
}

const browserStorage = (): Storage | undefined =>
  typeof localStorage === 'undefined' ? undefined : localStorage;
const tabStorage = (): Storage | undefined =>
  typeof sessionStorage === 'undefined' ? undefined : sessionStorage;

/** The stored session (this tab's, else the browser's), or null. */
export function loadSession(tab = tabStorage(), shared = browserStorage()): Session | null {
  return read(tab) ?? read(shared);
}

export function saveSession(session: Session, tab = tabStorage(), shared = browserStorage()): void {
  tab?.setItem(STORAGE_KEY, JSON.stringify(session));
  shared?.setItem(STORAGE_KEY, JSON.stringify(session));
}

/** Sign-out: forgotten in this tab and in the browser. */
export function clearSession(tab = tabStorage(), shared = browserStorage()): void {
  tab?.removeItem(STORAGE_KEY);
  shared?.removeItem(STORAGE_KEY);
}
