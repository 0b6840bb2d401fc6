/** Small formatting helpers: durations, relative times, and the service-level colour of a wait. */
import type { Handoff } from '@baton/sdk';

/** "45 s", "3 min", "2 h 5 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 48) return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
  return `${Math.floor(hours / 24)} d`;
}

/** Seconds from `since` to `now`, never negative. */
export function secondsSince(since: string, now: number): number {
  return Math.max(0, (now - Date.parse(since)) / 1000);
}

/** A wall-clock time for a turn: "14:05". */
export function clockTime(at: string): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/**
 * How long a handoff of each priority may wait before it breaches its service level, in seconds.
 * Queues carry no service-level target in the API yet; these defaults stand in until they do.
 */
export const SERVICE_LEVEL_SECONDS: Record<Handoff['priority'], number> = {
  urgent: 60,
  high: 120,
  normal: 300,
  low: 900,
};

export type ServiceLevel = 'ok' | 'warning' | 'breached';

/** Within half the target: ok; within the target: warning; beyond it: breached. */
export function serviceLevel(priority: Handoff['priority'], waitedSeconds: number): ServiceLevel {
  const target = SERVICE_LEVEL_SECONDS[priority];
  if (waitedSeconds > target) return 'breached';
  return waitedSeconds > target / 2 ? 'warning' : 'ok';
}

/** A trigger id as words: "customer-asks-for-person" → "customer asks for person". */
export function triggerLabel(trigger: string): string {
  return trigger.replace(/[-_]+/g, ' ');
}

/** A share from 0 to 1 as a whole percent ("83 %"); a dash for null (nothing to divide by). */
export function formatShare(value: number | null): string {
  return value === null ? '–' : `${Math.round(value * 100)} %`;
}
