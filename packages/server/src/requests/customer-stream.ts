/**
 * The customer side of one conversation as status events: queued, position and wait changes,
 * operator joined (named as the deployment allows) and left, returned to the agent, expired, and
 * callback scheduled; each with a sentence ready to show in the conversation's language.
 *
 * The stream is the conversation's slice of the global event stream (so it resumes with
 * `Last-Event-ID` like every stream, missing nothing), mapped to customer events; events the
 * customer should not see (turns, notes, consults) are skipped. Position and wait are not events of
 * this conversation (another customer's claim moves this one up), so while a handoff waits the
 * stream recomputes them with the queue's estimate (`WaitEstimate`, the one in
 * service/queue-wait.ts by default) when its queue changes (queue-changes.ts: a handoff queued,
 * claimed, accepted, expired, abandoned, transferred or ended there, or a presence change; debounced
 * per queue), and every `positionIntervalMs` as a fallback for the drift of time alone. It sends a
 * `position-changed` only when the position or the wait differs from what this connection last
 * sent. Those carry no id: they are a reading of now, sent again after a reconnect, not history.
 */
import type { ServiceContext } from '../service/context.ts';
import type { EventSubscription } from '../service/event-subscription.ts';
import { waitingInfo, type WaitingInfo } from '../service/queue-wait.ts';
import type { Eta } from '../service/eta.ts';
import type { HandoffRow } from '../service/rows.ts';
import type { BatonEvent } from '../service/types.ts';
import type { TypingHub, TypingSignal } from '../service/typing-hub.ts';
import type { QueueChanges } from './queue-changes.ts';
import { customerMessage, type CustomerEventType, type CustomerLanguage } from './customer-messages.ts';

export interface CustomerStreamSettings {
  /** How an operator's name is shown to customers: `full`, `first` name only (default), or `none`. */
  operatorName: 'full' | 'first' | 'none';
  /**
   * How often a waiting conversation's position and wait are recomputed when nothing changed its
   * queue (the fallback for time-based drift: changes of the queue are pushed at once).
   */
  positionIntervalMs: number;
}

export const CUSTOMER_STREAM_DEFAULTS = {
  operatorName: 'first',
  positionIntervalMs: 30_000,
} satisfies CustomerStreamSettings;

export interface CustomerEvent {
  /** The position in the conversation's stream to resume after; null for `position-changed`. */
  id: string | null;
  type: CustomerEventType;
  conversationId: string;
  at: string;
  language: CustomerLanguage;
  /** A sentence ready to show the customer. */
  message: string;
  data: {
    position?: number;
    estimatedWaitSeconds?: number | null;
    eta?: Pick<Eta, 'lowSeconds' | 'highSeconds' | 'confidence' | 'basis'>;
    operatorName?: string | null;
    queue?: string;
    typing?: boolean;
    expiresInMs?: number;
  };
}

/** The position and wait of a waiting handoff: swap this to use another estimate. */
export type WaitEstimate = (context: ServiceContext, handoff: HandoffRow) => Promise<WaitingInfo>;

export const queueWaitEstimate: WaitEstimate = (context, handoff) =>
  waitingInfo(context, context.database, handoff);

/** The operator's name as the setting allows. */
export function shownOperatorName(
  name: unknown,
  setting: CustomerStreamSettings['operatorName'],
): string | null {
  if (typeof name !== 'string' || name.trim() === '' || setting === 'none') return null;
  return setting === 'full' ? name.trim() : name.trim().split(/\s+/)[0]!;
}

/** One global event as the customer's status event, or null when the customer should not see it. */
export function toCustomerEvent(
  event: BatonEvent,
  language: CustomerLanguage,
  settings: CustomerStreamSettings,
): CustomerEvent | null {
  const base = { id: event.id, conversationId: event.conversationId ?? '', at: event.at, language };
  const make = (type: CustomerEventType, data: CustomerEvent['data'], facts = {}): CustomerEvent => ({
    ...base,
    type,
    data,
    message: customerMessage(language, type, { ...data, ...facts }),
  });
  const data = event.data;
  switch (event.type) {
    case 'handoff-requested': {
      const position = typeof data['position'] === 'number' ? data['position'] : undefined;
      const wait = typeof data['estimatedWaitSeconds'] === 'number' ? data['estimatedWaitSeconds'] : null;
      const online = typeof data['operatorsOnline'] === 'number' ? data['operatorsOnline'] : undefined;
      return make(
        'queued',
        {
          ...(position !== undefined ? { position } : {}),
          estimatedWaitSeconds: wait,
          queue: event.queue ?? '',
        },
        online !== undefined ? { operatorsOnline: online } : {},
      );
    }
    // A colleague given the conversation, or a lead taking it over, joins it for the customer too.
    case 'handoff-claimed':
    case 'handoff-assigned':
    case 'handoff-taken-over':
      return make('operator-joined', {
        operatorName: shownOperatorName(data['claimedBy'], settings.operatorName),
      });
    case 'handoff-transferred':
    case 'handoff-resolved':
      return make('operator-left', {});
    case 'handoff-returned':
      return make('returned', {});
    case 'handoff-expired':
      return make('expired', {});
    case 'callback-scheduled':
      return make('callback-scheduled', {});
    default:
      return null;
  }
}

/** An operator's typing indicator as the customer's ephemeral `operator-typing` event (no id: never replayed). */
export function toOperatorTypingEvent(
  signal: TypingSignal,
  language: CustomerLanguage,
  settings: CustomerStreamSettings,
): CustomerEvent {
  const operatorName = shownOperatorName(signal.operatorName, settings.operatorName);
  return {
    id: null,
    type: 'operator-typing',
    conversationId: signal.conversationId,
    at: signal.at,
    language,
    message: signal.typing ? customerMessage(language, 'operator-typing', { operatorName }) : '',
    data: { operatorName, typing: signal.typing, expiresInMs: signal.expiresInMs },
  };
}

/** A customer's stream over the conversation's slice of the event stream. */
export class CustomerSubscription {
  readonly #inner: EventSubscription;
  readonly #context: ServiceContext;
  readonly #conversationId: string;
  readonly #language: CustomerLanguage;
  readonly #settings: CustomerStreamSettings;
  readonly #estimate: WaitEstimate;
  readonly #queueChanges: QueueChanges | null;
  #pending: Promise<BatonEvent[]> | null = null;
  /** Resolves when a watched queue changed (queue-changes.ts). */
  #queueChanged: Promise<'change'> | null = null;
  #signalChange: (() => void) | null = null;
  #setQueues: ((queues: Iterable<string>) => void) | null = null;
  #nextTick = 0;
  #last: { position: number; wait: number | null; range: string } | null = null;
  /** Operator typing indicators heard since the last `next()`, and the wake-up of a waiting `next()`. */
  #typing: CustomerEvent[] = [];
  #typingHeard: (() => void) | null = null;

  constructor(options: {
    inner: EventSubscription;
    context: ServiceContext;
    conversationId: string;
    language: CustomerLanguage;
    settings: CustomerStreamSettings;
    estimate: WaitEstimate;
    typing?: Pick<TypingHub, 'subscribe'>;
    queueChanges?: QueueChanges;
  }) {
    this.#queueChanges = options.queueChanges ?? null;
    this.#inner = options.inner;
    this.#context = options.context;
    this.#conversationId = options.conversationId;
    this.#language = options.language;
    this.#settings = options.settings;
    this.#estimate = options.estimate;
    if (options.typing) {
      const stop = options.typing.subscribe((signal) => {
        if (signal.who !== 'operator' || signal.conversationId !== this.#conversationId) return;
        // Only the latest indicator matters: a slow reader never piles them up.
        this.#typing = [toOperatorTypingEvent(signal, this.#language, this.#settings)];
        this.#typingHeard?.();
      });
      this.#inner.closed.addEventListener('abort', stop, { once: true });
    }
  }

  /** Starts watching queue changes (before the first read, so none committed after it is missed). */
  async start(): Promise<void> {
    if (!this.#queueChanges) return;
    const watch = await this.#queueChanges.watch(() => this.#signalChange?.());
    this.#setQueues = watch.setQueues;
    if (this.closed.aborted) watch.stop();
    else this.closed.addEventListener('abort', () => watch.stop(), { once: true });
  }

  /** Aborts when the stream ends. */
  get closed(): AbortSignal {
    return this.#inner.closed;
  }

  get reason() {
    return this.#inner.reason;
  }

  close(reason: Parameters<EventSubscription['close']>[0]): void {
    this.#inner.close(reason);
  }

  /** The next customer events, in order; an empty array once closed. */
  async next(): Promise<CustomerEvent[]> {
    for (;;) {
      if (this.#inner.closed.aborted) return [];
      if (this.#typing.length > 0) return this.#typing.splice(0);
      this.#pending ??= this.#inner.next();
      this.#queueChanged ??= new Promise<'change'>((resolve) => {
        this.#signalChange = () => resolve('change');
      });
      const wait = Math.max(0, this.#nextTick - Date.now());
      let timer: ReturnType<typeof setTimeout> | undefined;
      const tick = new Promise<'tick'>((resolve) => (timer = setTimeout(() => resolve('tick'), wait)));
      const typed = new Promise<'typing'>((resolve) => (this.#typingHeard = () => resolve('typing')));
      const first = await Promise.race([this.#pending, this.#queueChanged, tick, typed]);
      this.#typingHeard = null;
      clearTimeout(timer);
      if (first === 'typing') continue;
      if (first === 'change') {
        this.#queueChanged = null;
        const change = await this.#positionChange();
        if (change) return [change];
        continue;
      }
      if (first !== 'tick') {
        this.#pending = null;
        if (first.length === 0) return [];
        const mapped = first
          .map((event) => toCustomerEvent(event, this.#language, this.#settings))
          .filter((event): event is CustomerEvent => event !== null);
        for (const event of mapped) this.#remember(event);
        if (mapped.length > 0) return mapped;
        continue;
      }
      this.#nextTick = Date.now() + this.#settings.positionIntervalMs;
      const change = await this.#positionChange();
      if (change) return [change];
    }
  }

  #remember(event: CustomerEvent): void {
    if (event.type === 'queued' && event.data.queue) this.#setQueues?.([event.data.queue]);
    if (event.type === 'queued' && event.data.position !== undefined) {
      this.#last = {
        position: event.data.position,
        wait: event.data.estimatedWaitSeconds ?? null,
        range: '',
      };
    } else if (event.type !== 'callback-scheduled') {
      this.#last = null;
    }
  }

  /** The waiting handoff's position and wait now, as an event when they changed. */
  async #positionChange(): Promise<CustomerEvent | null> {
    const [handoff] = await this.#context.database.query<HandoffRow>(
      `SELECT * FROM handoffs WHERE conversation_id = $1 AND status = 'queued'`,
      [this.#conversationId],
    );
    if (!handoff || this.#inner.closed.aborted) return null;
    const widened = (handoff as { widened_to?: string[] | null }).widened_to ?? [];
    this.#setQueues?.([handoff.queue, ...widened]);
    const info = await this.#estimate(this.#context, handoff);
    const wait = info.estimatedWaitSeconds === null ? null : Math.round(info.estimatedWaitSeconds);
    const eta = info.eta
      ? {
          lowSeconds: info.eta.lowSeconds,
          highSeconds: info.eta.highSeconds,
          confidence: info.eta.confidence,
          basis: info.eta.basis,
        }
      : undefined;
    const range = eta ? `${eta.lowSeconds}-${eta.highSeconds}-${eta.basis}` : '';
    if (
      this.#last &&
      this.#last.position === info.position &&
      this.#last.wait === wait &&
      this.#last.range === range
    ) {
      return null;
    }
    this.#last = { position: info.position, wait, range };
    const data = {
      position: info.position,
      estimatedWaitSeconds: wait,
      ...(eta ? { eta } : {}),
      queue: handoff.queue,
    };
    return {
      id: null,
      type: 'position-changed',
      conversationId: this.#conversationId,
      at: this.#context.now().toISOString(),
      language: this.#language,
      message: customerMessage(this.#language, 'position-changed', {
        ...data,
        operatorsOnline: info.operatorsOnline,
      }),
      data,
    };
  }
}
