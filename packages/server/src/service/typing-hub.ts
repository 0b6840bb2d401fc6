/**
 * Typing indicators: ephemeral, never in the events table, never replayed on resume. Each instance
 * keeps the live indicators in memory and fans them out to its listeners (the operators' typing
 * stream and the customers' status streams); on PostgreSQL every indicator is also sent as a NOTIFY
 * payload on `baton_typing`, so listeners on other instances hear it too. An indicator ends by
 * itself `ttlMs` after it was last sent, so a lost "stop" (a closed tab, a dropped NOTIFY) never
 * sticks. Time comes from the injected clock.
 */
import { randomUUID } from 'node:crypto';
import { BatonError } from '../errors.ts';
import type { Database } from '../storage/database.ts';

/** The NOTIFY channel of typing indicators. */
export const TYPING_CHANNEL = 'baton_typing';

export interface TypingSettings {
  /** An indicator ends by itself this long after it was last sent. */
  ttlMs: number;
  /** Sliding window of the per-conversation rate limit. */
  windowMs: number;
  /** Posts one side of one conversation may make per window (on one instance). */
  maxPerWindow: number;
}

export const TYPING_DEFAULTS = {
  ttlMs: 6_000,
  windowMs: 10_000,
  maxPerWindow: 10,
} satisfies TypingSettings;

export type TypingSide = 'customer' | 'operator';

/** One indicator as it is sent to listeners. */
export interface TypingSignal {
  conversationId: string;
  handoffId: string | null;
  who: TypingSide;
  typing: boolean;
  operatorKeyId: string | null;
  operatorName: string | null;
  at: string;
  expiresInMs: number;
}

export type TypingListener = (signal: TypingSignal) => void;

/** What crosses instances: the signal plus the sending instance, so it ignores its own echo. */
interface TypingNotice {
  origin: string;
  signal: TypingSignal;
}

function slot(signal: Pick<TypingSignal, 'conversationId' | 'who'>): string {
  return `${signal.who}:${signal.conversationId}`;
}

export class TypingHub {
  readonly #database: Database;
  readonly #now: () => Date;
  readonly #settings: TypingSettings;
  readonly #origin = randomUUID();
  readonly #listeners = new Set<TypingListener>();
  /** Live indicators by side and conversation, with when each ends (by this instance's clock). */
  readonly #live = new Map<string, { signal: TypingSignal; endsAt: number }>();
  /** Recent post times per side and conversation, for the rate limit. */
  readonly #posts = new Map<string, number[]>();
  #stopListening: (() => Promise<void>) | null = null;
  #closed = false;

  constructor(database: Database, now: () => Date, settings: Partial<TypingSettings> = {}) {
    this.#database = database;
    this.#now = now;
    this.#settings = { ...TYPING_DEFAULTS, ...settings };
  }

  get settings(): TypingSettings {
    return this.#settings;
  }

  /** Starts hearing other instances' indicators (PostgreSQL); PGlite is one process and needs none. */
  async start(logError: (error: unknown) => void = () => {}): Promise<void> {
    const listen = this.#database.listen;
    if (!listen || this.#stopListening) return;
    try {
      this.#stopListening = await listen.call(this.#database, TYPING_CHANNEL, (payload) => {
        if (payload) this.#receive(payload);
      });
    } catch (error) {
      // Without LISTEN, indicators reach this instance's listeners only; nothing else breaks.
      logError(error);
    }
  }

  /**
   * Records one post of an indicator and fans it out here and to other instances. `rate_limited`
   * when this side of the conversation posted more than the window allows.
   */
  publish(input: Omit<TypingSignal, 'at' | 'expiresInMs'>): TypingSignal {
    const now = this.#now().getTime();
    this.#checkRate(slot(input), now);
    const signal: TypingSignal = {
      ...input,
      at: new Date(now).toISOString(),
      expiresInMs: input.typing ? this.#settings.ttlMs : 0,
    };
    this.#apply(signal);
    if (this.#database.kind === 'postgres' && !this.#closed) {
      const notice: TypingNotice = { origin: this.#origin, signal };
      // A lost NOTIFY costs other instances one indicator, which would have expired anyway.
      this.#database
        .query('SELECT pg_notify($1, $2)', [TYPING_CHANNEL, JSON.stringify(notice)])
        .catch(() => undefined);
    }
    return signal;
  }

  /** Adds a listener of every indicator (started and stopped); returns its removal. */
  subscribe(listener: TypingListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The indicators live now, of one conversation or of all. */
  current(conversationId?: string): TypingSignal[] {
    const now = this.#now().getTime();
    this.#sweep(now);
    const live: TypingSignal[] = [];
    for (const { signal, endsAt } of this.#live.values()) {
      if (conversationId !== undefined && signal.conversationId !== conversationId) continue;
      live.push({ ...signal, expiresInMs: endsAt - now });
    }
    return live;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    await this.#stopListening?.();
    this.#stopListening = null;
  }

  #receive(payload: string): void {
    let notice: TypingNotice;
    try {
      notice = JSON.parse(payload) as TypingNotice;
    } catch {
      return;
    }
    if (notice.origin === this.#origin || typeof notice.signal?.conversationId !== 'string') return;
    this.#apply(notice.signal);
  }

  /** Keeps the indicator (until its end by this instance's clock) and tells every listener. */
  #apply(signal: TypingSignal): void {
    const now = this.#now().getTime();
    this.#sweep(now);
    if (signal.typing) this.#live.set(slot(signal), { signal, endsAt: now + signal.expiresInMs });
    else this.#live.delete(slot(signal));
    for (const listener of [...this.#listeners]) listener(signal);
  }

  /** Forgets indicators that ended and rate-limit history outside the window (bounded memory). */
  #sweep(now: number): void {
    for (const [key, { endsAt }] of this.#live) if (endsAt <= now) this.#live.delete(key);
    if (this.#posts.size > 1_000) {
      for (const [key, times] of this.#posts) {
        if ((times.at(-1) ?? 0) <= now - this.#settings.windowMs) this.#posts.delete(key);
      }
    }
  }

  #checkRate(key: string, now: number): void {
    const since = now - this.#settings.windowMs;
    const times = (this.#posts.get(key) ?? []).filter((time) => time > since);
    if (times.length >= this.#settings.maxPerWindow) {
      const retryAfter = Math.max(1, Math.ceil((times[0]! + this.#settings.windowMs - now) / 1000));
      this.#posts.set(key, times);
      throw new BatonError(
        'rate_limited',
        'Typing indicators for this conversation are sent too often; send one every few seconds.',
        { retryAfter },
      );
    }
    times.push(now);
    this.#posts.set(key, times);
  }
}
