/** Retention and stream settings from the environment: defaults, overrides per kind, bad values refused. */
import { expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../src/main.ts';

it.each([
  [{}, { eventsDays: 30, turnsDays: null, handoffsDays: null }],
  [{ BATON_RETENTION_DAYS: '7' }, { eventsDays: 7, turnsDays: 7, handoffsDays: 7 }],
  [
    { BATON_RETENTION_DAYS: '7', BATON_RETENTION_TURNS_DAYS: '0', BATON_RETENTION_EVENTS_DAYS: '2' },
    { eventsDays: 2, turnsDays: null, handoffsDays: 7 },
  ],
  [{ BATON_RETENTION_DAYS: '0' }, { eventsDays: null, turnsDays: null, handoffsDays: null }],
  [{ BATON_RETENTION_HANDOFFS_DAYS: '90' }, { eventsDays: 30, turnsDays: null, handoffsDays: 90 }],
])('reads retention from %o', (env, expected) => {
  expect(readConfig(env).retention).toEqual(expected);
});

it('reads the stream caps, with defaults', () => {
  expect(readConfig({}).eventStreams).toEqual({
    maxStreams: 10_000,
    maxStreamsPerKey: 100,
    maxBufferedEvents: 1_000,
    batchSize: 500,
  });
  expect(readConfig({ BATON_MAX_STREAMS_PER_KEY: '5' }).eventStreams?.maxStreamsPerKey).toBe(5);
});

it.each([
  ['BATON_RETENTION_DAYS', '-1'],
  ['BATON_RETENTION_EVENTS_DAYS', 'ten'],
  ['BATON_MAX_STREAMS', '0'],
  ['BATON_STREAM_BUFFER_EVENTS', '1.5'],
])('refuses %s=%s', (name, value) => {
  expect(() => readConfig({ [name]: value })).toThrow(ConfigError);
  expect(() => readConfig({ [name]: value })).toThrow(name);
});
