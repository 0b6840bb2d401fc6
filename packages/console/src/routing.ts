/**
 * What the console shows of routing, kept pure so it can be tested without a browser: which events
 * are offers to this operator, a queue's SLA state and next opening in words, a handoff's
 * acceptance-ladder timeline from its events, and its ETA as a sentence (docs/routing.md).
 */
import type { BatonEvent, Eta, QueueState } from '@baton/sdk';

/** The id part of an API key (`bk_<id>_<secret>`): what offers name their operator by. */
export function keyIdOf(apiKey: string): string | null {
  return /^bk_([^_]+)_/.exec(apiKey)?.[1] ?? null;
}

/** A standing offer of a handoff to this operator. */
export interface Offer {
  handoffId: string;
  conversationId: string;
  queue: string;
  /** The server's deadline. */
  expiresAt: string;
  /**
   * How long the offer runs, by the server's own clock (deadline minus the event's time), so the
   * countdown does not depend on the browser's clock agreeing with the server's; null when unknown.
   */
  durationMs: number | null;
}

/** When an offer runs out, on this browser's clock: `receivedAt` plus its duration, else its deadline. */
export function localDeadline(offer: Offer, receivedAt: number): number {
  return offer.durationMs !== null ? receivedAt + offer.durationMs : Date.parse(offer.expiresAt);
}

/** The offer an event makes to the operator with `keyId`, or null. */
export function offerOf(event: BatonEvent, keyId: string | null): Offer | null {
  if (event.type !== 'handoff-offered' || !event.handoffId || !event.conversationId) return null;
  if (keyId === null || event.data['offeredToKey'] !== keyId) return null;
  const expiresAt = event.data['expiresAt'];
  if (typeof expiresAt !== 'string') return null;
  const durationMs = Date.parse(expiresAt) - Date.parse(event.at);
  return {
    handoffId: event.handoffId,
    conversationId: event.conversationId,
    queue: event.queue ?? '',
    expiresAt,
    durationMs: Number.isFinite(durationMs) ? Math.max(0, durationMs) : null,
  };
}

/** Why a standing offer is over, in the operator's words; null when the event does not end it. */
export function offerEndOf(event: BatonEvent, myName: string): string | null {
  const by = typeof event.data['by'] === 'string' ? event.data['by'] : null;
  const claimedBy = typeof event.data['claimedBy'] === 'string' ? event.data['claimedBy'] : null;
  switch (event.type) {
    case 'handoff-offer-expired':
      return 'The offer expired before you answered; it went to the next operator.';
    case 'handoff-offer-declined':
      return by === myName ? null : 'The offer was withdrawn.';
    case 'handoff-offer-accepted':
      return by === myName ? null : `${by ?? 'Another operator'} took it.`;
    case 'handoff-claimed':
      return claimedBy === myName ? null : `${claimedBy ?? 'Another operator'} took it.`;
    case 'handoff-resolved':
    case 'handoff-returned':
    case 'handoff-transferred':
    case 'handoff-abandoned':
    case 'handoff-expired':
      return 'The handoff closed before you answered.';
    default:
      return null;
  }
}

/**
 * What an event about a standing offer (already known to be this operator's) does to its card:
 * ends it now with a sentence, or, while this window's own answer to it is in flight, nothing yet:
 * the answer's reply ends the card with the sentence that fits (the stream often runs ahead of it; a
 * decline's re-offer to the next operator can arrive first), and `afterAnswer` is kept for when that
 * reply is lost. Null when the event leaves the card as it is.
 */
export function offerEffectOf(
  event: BatonEvent,
  myName: string,
  answering: boolean,
): { end: string } | { afterAnswer: string } | null {
  // A new offer of the same handoff to someone else ends this one too.
  const message =
    event.type === 'handoff-offered' ? 'The offer went to another operator.' : offerEndOf(event, myName);
  if (answering) return message === null ? null : { afterAnswer: message };
  if (message !== null) return { end: message };
  // This operator's own answer, given in another window.
  if (event.type === 'handoff-offer-declined') return { end: 'You declined it in another window.' };
  if (event.type === 'handoff-offer-accepted' || event.type === 'handoff-claimed')
    return { end: 'You took it in another window.' };
  return null;
}

/** Seconds left before `deadline` (ms) at `now` (never negative). */
export function secondsLeft(deadline: number, now: number): number {
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}

/** A countdown in words: "45 s", "9 min 58 s". */
export function countdownText(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const rest = seconds % 60;
  return rest === 0 ? `${seconds / 60} min` : `${Math.floor(seconds / 60)} min ${rest} s`;
}

export const SLA_WORDS: Record<QueueState['sla']['state'], string> = {
  ok: 'On target',
  at_risk: 'At risk',
  breached: 'Breached',
};

/** Business hours as the queue configuration states them (queue-config.ts). */
export interface QueueHours {
  timeZone: string;
  weekly: Partial<Record<string, string[]>>;
  holidays?: string[];
}

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY_NAMES: Record<string, string> = {
  sun: 'Sunday',
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
};

/** The weekday, date and minute of the day at `at` in `timeZone`. */
function localTime(at: Date, timeZone: string): { day: number; date: string; minute: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return {
    day: DAYS.indexOf(parts['weekday']!.toLowerCase().slice(0, 3) as (typeof DAYS)[number]),
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    minute: Number(parts['hour']) * 60 + Number(parts['minute']),
  };
}

const startMinute = (range: string) => {
  const [hours, minutes] = range.slice(0, 5).split(':');
  return Number(hours) * 60 + Number(minutes);
};

/** The local date `days` after `date` (YYYY-MM-DD), by the calendar. */
function addDays(date: string, days: number): string {
  const next = new Date(`${date}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + days);
  return next.toISOString().slice(0, 10);
}

/**
 * When a closed queue opens next, in its own time zone ("Monday 09:00 (Europe/Madrid)"), looking a
 * fortnight ahead past holidays; null when nothing opens in that time.
 */
export function nextOpening(hours: QueueHours, now: Date): string | null {
  const local = localTime(now, hours.timeZone);
  for (let ahead = 0; ahead <= 14; ahead++) {
    const day = DAYS[(local.day + ahead) % 7]!;
    if ((hours.holidays ?? []).includes(addDays(local.date, ahead))) continue;
    const starts = (hours.weekly[day] ?? [])
      .map(startMinute)
      .filter((minute) => ahead > 0 || minute > local.minute)
      .sort((a, b) => a - b);
    if (starts.length === 0) continue;
    const first = starts[0]!;
    const time = `${String(Math.floor(first / 60)).padStart(2, '0')}:${String(first % 60).padStart(2, '0')}`;
    const when = ahead === 0 ? 'today' : ahead === 1 ? 'tomorrow' : DAY_NAMES[day];
    return `${when} ${time} (${hours.timeZone})`;
  }
  return null;
}

/** One step of a handoff's way through routing, for its timeline. */
export interface RoutingStep {
  id: string;
  at: string;
  text: string;
}

const LADDER_WORDS: Record<string, string> = {
  reoffer: 'Re-offered to everyone who had passed',
  overflow: 'Widened to the overflow queue',
  alert_lead: 'Lead alerted',
  tell_customer: 'Customer told nobody is free yet, offered a callback or a ticket',
};

/** The routing steps a handoff went through (offers, passes, ladder steps), from its events. */
export function routingSteps(events: readonly BatonEvent[], handoffId: string): RoutingStep[] {
  const steps: RoutingStep[] = [];
  for (const event of events) {
    if (event.handoffId !== handoffId) continue;
    const data = event.data;
    const text = (() => {
      switch (event.type) {
        case 'handoff-offered':
          return `Offered to ${String(data['offeredTo'] ?? 'an operator')}`;
        case 'handoff-offer-declined':
          return `${String(data['by'] ?? 'The operator')} declined the offer`;
        case 'handoff-offer-expired':
          return `The offer to ${String(data['offeredTo'] ?? 'an operator')} expired`;
        case 'handoff-offer-accepted':
          return `${String(data['by'] ?? 'An operator')} accepted the offer`;
        case 'handoff-ladder-step': {
          const action = String(data['action'] ?? '');
          const base = LADDER_WORDS[action] ?? `Ladder step ${String(data['step'] ?? '')}`;
          if (action === 'overflow' && typeof data['widenedTo'] === 'string')
            return `Widened to the overflow queue ${data['widenedTo']}`;
          if (action === 'overflow' && typeof data['skipped'] === 'string')
            return `${base}: skipped (${data['skipped']})`;
          return base;
        }
        default:
          return null;
      }
    })();
    if (text !== null) steps.push({ id: event.id, at: event.at, text });
  }
  return steps;
}

const CONFIDENCE_WORDS = { low: 'low confidence', medium: 'medium confidence', high: 'high confidence' };

/** A waiting handoff's ETA for the operator: the range and its confidence, or why there is none. */
export function etaText(eta: Eta): string {
  const place = `position ${eta.position}`;
  if (eta.lowSeconds === null || eta.highSeconds === null) {
    const why =
      eta.basis === 'nobody_online'
        ? 'nobody who can take it is online'
        : 'not enough recent handoffs to estimate from';
    return `No estimate (${why}) · ${place}`;
  }
  const [low, high] = [roundMinutes(eta.lowSeconds), roundMinutes(eta.highSeconds)];
  const range =
    eta.lowSeconds === 0
      ? `up to ${high}`
      : low === high
        ? low
        : low.endsWith(' min') && high.endsWith(' min')
          ? `${low.slice(0, -4)}–${high}`
          : `${low}–${high}`;
  const confidence = eta.confidence ? ` · ${CONFIDENCE_WORDS[eta.confidence]}` : '';
  return `${eta.lowSeconds === 0 ? 'Next: ' : 'About '}${range}${confidence} · ${place}`;
}

function roundMinutes(seconds: number): string {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
  return `${Math.round(seconds / 60)} min`;
}
