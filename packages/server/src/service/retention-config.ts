/**
 * Retention and event-stream settings from the environment: `BATON_RETENTION_DAYS` for every kind,
 * `BATON_RETENTION_{EVENTS,TURNS,HANDOFFS}_DAYS` per kind (0 keeps forever), and the stream caps
 * `BATON_MAX_STREAMS`, `BATON_MAX_STREAMS_PER_KEY` and `BATON_STREAM_BUFFER_EVENTS`.
 */
import { EVENT_STREAM_DEFAULTS, type EventStreamLimits } from './event-streams.ts';
import { RETENTION_DEFAULTS, type RetentionSettings } from './retention.ts';

/** A setting that does not parse; the caller turns it into its own configuration error. */
export class SettingError extends Error {
  override name = 'SettingError';
}

function wholeNumber(name: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < min || number > max) {
    throw new SettingError(`${name} must be a whole number from ${min} to ${max}, not "${value}".`);
  }
  return number;
}

function present(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Days per kind: the kind's own variable, else BATON_RETENTION_DAYS, else the default; 0 is forever. */
export function readRetention(env: NodeJS.ProcessEnv): RetentionSettings {
  const days = (name: string, fallback: number | null): number | null => {
    const value = present(env, name);
    if (value === undefined) return fallback;
    const parsed = wholeNumber(name, value, 0, 36_500);
    return parsed === 0 ? null : parsed;
  };
  const all = present(env, 'BATON_RETENTION_DAYS');
  const base = (fallback: number | null) =>
    all === undefined ? fallback : days('BATON_RETENTION_DAYS', null);
  return {
    eventsDays: days('BATON_RETENTION_EVENTS_DAYS', base(RETENTION_DEFAULTS.eventsDays)),
    turnsDays: days('BATON_RETENTION_TURNS_DAYS', base(RETENTION_DEFAULTS.turnsDays)),
    handoffsDays: days('BATON_RETENTION_HANDOFFS_DAYS', base(RETENTION_DEFAULTS.handoffsDays)),
  };
}

/** The stream caps and buffer, each from its variable or the default. */
export function readStreamLimits(env: NodeJS.ProcessEnv): EventStreamLimits {
  const limit = (name: string, fallback: number) => {
    const value = present(env, name);
    return value === undefined ? fallback : wholeNumber(name, value, 1, 1_000_000);
  };
  return {
    maxStreams: limit('BATON_MAX_STREAMS', EVENT_STREAM_DEFAULTS.maxStreams),
    maxStreamsPerKey: limit('BATON_MAX_STREAMS_PER_KEY', EVENT_STREAM_DEFAULTS.maxStreamsPerKey),
    maxBufferedEvents: limit('BATON_STREAM_BUFFER_EVENTS', EVENT_STREAM_DEFAULTS.maxBufferedEvents),
    batchSize: EVENT_STREAM_DEFAULTS.batchSize,
  };
}
