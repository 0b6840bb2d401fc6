/**
 * The operator's presence as the console keeps it: the status (online, away), and what routing
 * matches them on: capacity (most conversations at once), skills and languages. The routing part is
 * kept in localStorage, so it survives a reload, and sent with every presence update, which the
 * console repeats well within the server's presence window (presence.ts) while it is open.
 */
import { useEffect, useState } from 'react';
import type { ConsoleApi, PresenceRouting, PresenceStatus } from './api.ts';

const STORAGE_KEY = 'baton.presence-routing';

/** Presence is refreshed well within the server's two-minute window, while the console is open. */
export const PRESENCE_REFRESH_MS = 45_000;

export interface PresenceSettings {
  /** Most conversations at once; null: no limit. */
  capacity: number | null;
  skills: string[];
  languages: string[];
}

export const NO_SETTINGS: PresenceSettings = { capacity: null, skills: [], languages: [] };

/** A comma- or space-separated list as names: trimmed, without blanks or repeats. */
export function parseList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\s]+/)
        .map((item) => item.trim())
        .filter(Boolean),
    ),
  ];
}

/** The settings stored in this browser (none when absent or damaged). */
export function loadPresenceSettings(
  storage: Storage | undefined = globalThis.localStorage,
): PresenceSettings {
  try {
    const parsed = JSON.parse(storage?.getItem(STORAGE_KEY) ?? 'null') as Partial<PresenceSettings> | null;
    if (!parsed || typeof parsed !== 'object') return NO_SETTINGS;
    const list = (value: unknown) =>
      Array.isArray(value)
        ? value.filter((item): item is string => typeof item === 'string' && item !== '')
        : [];
    const capacity =
      typeof parsed.capacity === 'number' && Number.isInteger(parsed.capacity) && parsed.capacity >= 1
        ? Math.min(parsed.capacity, 100)
        : null;
    return { capacity, skills: list(parsed.skills), languages: list(parsed.languages) };
  } catch {
    return NO_SETTINGS;
  }
}

export function savePresenceSettings(
  settings: PresenceSettings,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  storage?.setItem(STORAGE_KEY, JSON.stringify(settings));
}

/** The presence body's routing part for these settings (`POST /v1/presence`). */
export function presenceRouting(settings: PresenceSettings): PresenceRouting {
  return {
    ...(settings.capacity !== null ? { capacity: settings.capacity } : {}),
    skills: settings.skills,
    languages: settings.languages.map((language) => language.toLowerCase()),
  };
}

export interface Presence {
  status: PresenceStatus;
  setStatus(next: PresenceStatus | ((current: PresenceStatus) => PresenceStatus)): void;
  settings: PresenceSettings;
  setSettings(next: PresenceSettings): void;
  /** The last update failed: the server may not know these settings yet. */
  error: boolean;
}

/** Sends presence now, on every change and every `PRESENCE_REFRESH_MS`; offline when the page goes. */
export function usePresence(api: ConsoleApi): Presence {
  const [status, setStatus] = useState<PresenceStatus>('online');
  const [settings, setSettingsState] = useState<PresenceSettings>(() => loadPresenceSettings());
  const [error, setError] = useState(false);
  useEffect(() => {
    const routing = presenceRouting(settings);
    const send = () =>
      void api.setPresence(status, routing).then(
        () => setError(false),
        () => setError(true),
      );
    send();
    const timer = setInterval(send, PRESENCE_REFRESH_MS);
    const leave = () => void api.setPresence('offline').catch(() => undefined);
    window.addEventListener('pagehide', leave);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', leave);
    };
  }, [api, status, settings]);
  return {
    status,
    setStatus,
    settings,
    setSettings: (next) => {
      savePresenceSettings(next);
      setSettingsState(next);
    },
    error,
  };
}
