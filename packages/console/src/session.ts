/**
 * The operator's sign-in, kept in sessionStorage: it lasts as long as the tab and is never shared
 * with other tabs, so two operators can work side by side in one browser (and a closed tab forgets
 * the key).
 */
const STORAGE_KEY = 'baton.session';

export interface Session {
  apiKey: string;
  /** The operator's name as the API knows it (the key's holder); learned at sign-in or first claim. */
  name: string;
}

/** The stored session, or null. */
export function loadSession(storage: Storage = sessionStorage): Session | null {
  try {
    const parsed = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as Partial<Session> | null;
    if (parsed && typeof parsed.apiKey === 'string' && parsed.apiKey !== '') {
      return { apiKey: parsed.apiKey, name: typeof parsed.name === 'string' ? parsed.name : '' };
    }
  } catch {
    // A damaged entry is the same as none.
  }
  return null;
}

export function saveSession(session: Session, storage: Storage = sessionStorage): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession(storage: Storage = sessionStorage): void {
  storage.removeItem(STORAGE_KEY);
}
