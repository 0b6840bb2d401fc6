import { describe, expect, it } from 'vitest';
import { loadText } from '../src/components/presence-control.tsx';
import {
  countdownText,
  etaText,
  localDeadline,
  keyIdOf,
  nextOpening,
  offerEffectOf,
  offerEndOf,
  offerOf,
  routingSteps,
  secondsLeft,
} from '../src/routing.ts';
import {
  loadPresenceSettings,
  parseList,
  presenceRouting,
  savePresenceSettings,
} from '../src/use-presence.ts';
import { event } from './fixtures.ts';

/** A Storage over a Map, for the presence settings. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

describe('offers', () => {
  it("reads the key's id, the part offers name their operator by", () => {
    expect(keyIdOf('bk_0a1b2c3d4e5f6a7b_c2VjcmV0')).toBe('0a1b2c3d4e5f6a7b');
    expect(keyIdOf('not a key')).toBeNull();
  });

  it('takes an offer event only when it names this operator', () => {
    const offered = event('handoff-offered', 'ho_1', {
      offeredTo: 'Ana Lima',
      offeredToKey: 'ana',
      expiresAt: '2026-11-25T10:00:30.000Z',
    });
    expect(offerOf(offered, 'ana')).toEqual({
      handoffId: 'ho_1',
      conversationId: 'conv-1',
      queue: 'general',
      expiresAt: '2026-11-25T10:00:30.000Z',
      durationMs: 30_000,
    });
    expect(offerOf(offered, 'ben')).toBeNull();
    expect(offerOf(offered, null)).toBeNull();
    expect(offerOf(event('handoff-claimed', 'ho_1', { offeredToKey: 'ana' }), 'ana')).toBeNull();
  });

  it("says why an offer ended, and stays quiet about the operator's own answer", () => {
    expect(offerEndOf(event('handoff-offer-expired', 'ho_1'), 'Ana Lima')).toMatch(/expired/);
    expect(offerEndOf(event('handoff-claimed', 'ho_1', { claimedBy: 'Ben Okafor' }), 'Ana Lima')).toBe(
      'Ben Okafor took it.',
    );
    expect(offerEndOf(event('handoff-claimed', 'ho_1', { claimedBy: 'Ana Lima' }), 'Ana Lima')).toBeNull();
    expect(offerEndOf(event('handoff-offer-declined', 'ho_1', { by: 'Ana Lima' }), 'Ana Lima')).toBeNull();
    expect(offerEndOf(event('handoff-abandoned', 'ho_1'), 'Ana Lima')).toMatch(/closed/);
    expect(offerEndOf(event('turn-created', 'ho_1'), 'Ana Lima')).toBeNull();
  });

  it('lets the answer in flight end the card, even when the stream runs ahead of its reply', () => {
    const declinedByMe = event('handoff-offer-declined', 'ho_1', { by: 'Ana Lima' });
    const reoffered = event('handoff-offered', 'ho_1', { offeredTo: 'Ben Okafor', offeredToKey: 'ben' });
    // Declining here: the decline and the re-offer to Ben arrive before the reply, and end nothing.
    expect(offerEffectOf(declinedByMe, 'Ana Lima', true)).toBeNull();
    expect(offerEffectOf(reoffered, 'Ana Lima', true)).toEqual({
      afterAnswer: 'The offer went to another operator.',
    });
    // Not answering here: the same events end the card at once.
    expect(offerEffectOf(declinedByMe, 'Ana Lima', false)).toEqual({
      end: 'You declined it in another window.',
    });
    expect(offerEffectOf(reoffered, 'Ana Lima', false)).toEqual({
      end: 'The offer went to another operator.',
    });
    expect(
      offerEffectOf(event('handoff-claimed', 'ho_1', { claimedBy: 'Ben Okafor' }), 'Ana Lima', false),
    ).toEqual({ end: 'Ben Okafor took it.' });
    expect(offerEffectOf(event('turn-created', 'ho_1'), 'Ana Lima', false)).toBeNull();
  });

  it("counts down from the offer's own duration, whatever the browser's clock says", () => {
    const offer = offerOf(
      event('handoff-offered', 'ho_1', { offeredToKey: 'ana', expiresAt: '2026-11-25T10:00:30.000Z' }),
      'ana',
    )!;
    // The browser's clock is an hour ahead of the server's: the offer still runs 30 s from receipt.
    const receivedAt = Date.parse('2026-11-25T11:00:00.000Z');
    const deadline = localDeadline(offer, receivedAt);
    expect(secondsLeft(deadline, receivedAt)).toBe(30);
    expect(secondsLeft(deadline, receivedAt + 29_200)).toBe(1);
    expect(secondsLeft(deadline, receivedAt + 60_000)).toBe(0);
    // Found by listing (no event time): the server's deadline as it stands.
    expect(localDeadline({ ...offer, durationMs: null }, receivedAt)).toBe(Date.parse(offer.expiresAt));
    expect(countdownText(45)).toBe('45 s');
    expect(countdownText(598)).toBe('9 min 58 s');
    expect(countdownText(600)).toBe('10 min');
  });
});

describe('business hours', () => {
  const hours = {
    timeZone: 'Europe/Madrid',
    weekly: { mon: ['09:00-17:00'], tue: ['09:00-13:00', '14:00-18:00'] },
    holidays: ['2026-12-08'],
  };

  it('names the next opening in the queue’s own time zone', () => {
    // Tuesday 2026-12-01 13:30 in Madrid (12:30 UTC): the afternoon range is next.
    expect(nextOpening(hours, new Date('2026-12-01T12:30:00Z'))).toBe('today 14:00 (Europe/Madrid)');
    // Tuesday evening: Monday next.
    expect(nextOpening(hours, new Date('2026-12-01T19:00:00Z'))).toBe('Monday 09:00 (Europe/Madrid)');
    // Sunday night: tomorrow.
    expect(nextOpening(hours, new Date('2026-11-29T20:00:00Z'))).toBe('tomorrow 09:00 (Europe/Madrid)');
  });

  it('skips holidays and says nothing when nothing opens', () => {
    // Monday 2026-12-07 evening: Tuesday 2026-12-08 is a holiday, so Monday 14th.
    expect(nextOpening(hours, new Date('2026-12-07T19:00:00Z'))).toBe('Monday 09:00 (Europe/Madrid)');
    expect(nextOpening({ timeZone: 'UTC', weekly: {} }, new Date('2026-12-07T19:00:00Z'))).toBeNull();
  });
});

describe('a handoff’s routing steps', () => {
  it('lists offers, passes and ladder steps of that handoff in order, in words', () => {
    const events = [
      event('handoff-offered', 'ho_1', { offeredTo: 'Ana Lima' }),
      event('handoff-offer-declined', 'ho_1', { by: 'Ana Lima' }),
      event('handoff-offered', 'ho_2', { offeredTo: 'Ben Okafor' }),
      event('handoff-offer-expired', 'ho_1', { offeredTo: 'Ben Okafor' }),
      event('handoff-ladder-step', 'ho_1', { step: 1, action: 'reoffer' }),
      event('handoff-ladder-step', 'ho_1', { step: 2, action: 'overflow', widenedTo: 'general' }),
      event('handoff-ladder-step', 'ho_1', { step: 3, action: 'alert_lead' }),
      event('handoff-ladder-step', 'ho_1', { step: 4, action: 'tell_customer' }),
      event('turn-created', 'ho_1'),
    ];
    expect(routingSteps(events, 'ho_1').map((step) => step.text)).toEqual([
      'Offered to Ana Lima',
      'Ana Lima declined the offer',
      'The offer to Ben Okafor expired',
      'Re-offered to everyone who had passed',
      'Widened to the overflow queue general',
      'Lead alerted',
      'Customer told nobody is free yet, offered a callback or a ticket',
    ]);
  });

  it('says when the overflow step had nowhere to go', () => {
    const steps = routingSteps(
      [event('handoff-ladder-step', 'ho_1', { action: 'overflow', skipped: 'no overflow queue configured' })],
      'ho_1',
    );
    expect(steps[0]!.text).toBe('Widened to the overflow queue: skipped (no overflow queue configured)');
  });
});

describe('the ETA in words', () => {
  const base = { position: 2, samples: 12, operatorsSlots: 3 };
  it('gives the range and its confidence', () => {
    expect(
      etaText({ ...base, lowSeconds: 120, highSeconds: 420, confidence: 'medium', basis: 'handle_time' }),
    ).toBe('About 2–7 min · medium confidence · position 2');
    expect(
      etaText({ ...base, lowSeconds: 0, highSeconds: 30, confidence: 'low', basis: 'free_operator' }),
    ).toBe('Next: up to 30 s · low confidence · position 2');
  });
  it('says why there is no estimate instead of guessing', () => {
    expect(
      etaText({ ...base, lowSeconds: null, highSeconds: null, confidence: null, basis: 'nobody_online' }),
    ).toBe('No estimate (nobody who can take it is online) · position 2');
    expect(
      etaText({ ...base, lowSeconds: null, highSeconds: null, confidence: null, basis: 'no_data' }),
    ).toMatch(/not enough recent handoffs/);
  });
});

describe('presence settings', () => {
  it('parses lists, keeps settings in storage and sends them as the presence API takes them', () => {
    expect(parseList(' refunds, fraud  refunds,,')).toEqual(['refunds', 'fraud']);
    const storage = memoryStorage();
    expect(loadPresenceSettings(storage)).toEqual({ capacity: null, skills: [], languages: [] });
    savePresenceSettings({ capacity: 4, skills: ['refunds'], languages: ['ES'] }, storage);
    const loaded = loadPresenceSettings(storage);
    expect(loaded).toEqual({ capacity: 4, skills: ['refunds'], languages: ['ES'] });
    expect(presenceRouting(loaded)).toEqual({ capacity: 4, skills: ['refunds'], languages: ['es'] });
    expect(presenceRouting({ capacity: null, skills: [], languages: [] })).toEqual({
      skills: [],
      languages: [],
    });
  });

  it('treats a damaged entry as none', () => {
    const storage = memoryStorage();
    storage.setItem('baton.presence-routing', '{"capacity": -3, "skills": [1, "x"]');
    expect(loadPresenceSettings(storage)).toEqual({ capacity: null, skills: [], languages: [] });
    storage.setItem('baton.presence-routing', '{"capacity": 0, "skills": [1, "x"]}');
    expect(loadPresenceSettings(storage)).toEqual({ capacity: null, skills: ['x'], languages: [] });
  });

  it('shows the load against capacity', () => {
    expect(loadText(3, 4)).toBe('3 of 4');
    expect(loadText(2, null)).toBe('2 held');
  });
});
