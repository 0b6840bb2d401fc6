/**
 * The handoffs the server offers this operator (offer-mode queues, docs/routing.md): each appears
 * when its `handoff-offered` event names this operator's key, with the handoff and its customer read
 * from the API, and leaves when it is accepted, declined, expires (the countdown reaching zero: the
 * server refuses it after that) or another operator takes it, with a sentence saying which.
 * Offers made while the stream was down are found again by listing the waiting handoffs whenever the
 * stream (re)connects and every `RECONCILE_MS`.
 */
import { useEffect, useRef, useState } from 'react';
import type { Handoff } from '@baton/sdk';
import { describeFailure, type ConsoleApi } from './api.ts';
import type { EventHub } from './event-hub.ts';
import { localDeadline, offerEffectOf, offerOf, secondsLeft, type Offer } from './routing.ts';

export const RECONCILE_MS = 30_000;

export interface OfferView extends Offer {
  /** When it runs out on this browser's clock (ms). */
  deadline: number;
  handoff: Handoff | null;
  customerName: string | null;
  /** Accept or decline is on its way. */
  busy: boolean;
  error: string | null;
}

/** An offer that is over, and why, shown until dismissed. */
export interface EndedOffer {
  handoffId: string;
  customerName: string | null;
  message: string;
}

export interface Offers {
  offers: OfferView[];
  ended: EndedOffer[];
  accept(handoffId: string): Promise<Handoff | null>;
  decline(handoffId: string): Promise<void>;
  dismiss(handoffId: string): void;
}

export function useOffers(input: {
  api: ConsoleApi;
  hub: EventHub | null;
  keyId: string | null;
  myName: string;
  /** Learns the operator's name from an offer addressed to their key (a pasted key has none yet). */
  onName: (name: string) => void;
}): Offers {
  const { api, hub, keyId } = input;
  const [offers, setOffersState] = useState<ReadonlyMap<string, OfferView>>(new Map());
  const [ended, setEnded] = useState<EndedOffer[]>([]);
  const current = useRef(offers);
  const setOffers = (update: (known: ReadonlyMap<string, OfferView>) => ReadonlyMap<string, OfferView>) => {
    current.current = update(current.current);
    setOffersState(current.current);
  };
  const latest = useRef(input);
  latest.current = input;
  /** Why the stream says an offer ended while this window's own answer to it was in flight. */
  const overtaken = useRef(new Map<string, string>());

  const end = (handoffId: string, message: string | null) => {
    overtaken.current.delete(handoffId);
    const known = current.current.get(handoffId);
    if (!known) return;
    setOffers((offers) => {
      const next = new Map(offers);
      next.delete(handoffId);
      return next;
    });
    if (message !== null) {
      setEnded((list) => [
        ...list.filter((item) => item.handoffId !== handoffId),
        { handoffId, customerName: known.customerName, message },
      ]);
    }
  };

  useEffect(() => {
    if (!hub) return;
    let active = true;
    const patch = (handoffId: string, change: Partial<OfferView>) =>
      setOffers((offers) => {
        const known = offers.get(handoffId);
        return known ? new Map(offers).set(handoffId, { ...known, ...change }) : offers;
      });
    const add = (offer: Offer, handoff: Handoff | null) => {
      const deadline = localDeadline(offer, Date.now());
      if (deadline <= Date.now()) return;
      const known = current.current.get(offer.handoffId);
      if (known && known.expiresAt === offer.expiresAt) return;
      setEnded((list) => list.filter((item) => item.handoffId !== offer.handoffId));
      setOffers((offers) =>
        new Map(offers).set(offer.handoffId, {
          ...offer,
          deadline,
          handoff: handoff ?? known?.handoff ?? null,
          customerName: known?.customerName ?? null,
          busy: false,
          error: null,
        }),
      );
      // The card's details: the handoff (trigger, priority) and the customer's name.
      const details = handoff ? Promise.resolve(handoff) : api.getHandoff(offer.handoffId);
      details.then(
        (read) => {
          if (!active) return;
          patch(offer.handoffId, { handoff: read });
          return api
            .getConversation(read.conversationId)
            .then((view) => active && patch(offer.handoffId, { customerName: view.customer.name ?? null }));
        },
        () => undefined,
      );
    };
    const stop = hub.listen((event) => {
      const offer = offerOf(event, keyId);
      if (offer) {
        const name = event.data['offeredTo'];
        if (typeof name === 'string' && name !== latest.current.myName) latest.current.onName(name);
        if (!current.current.has(offer.handoffId)) notify(offer);
        add(offer, null);
        return;
      }
      if (!event.handoffId || !current.current.has(event.handoffId)) return;
      const effect = offerEffectOf(
        event,
        latest.current.myName,
        current.current.get(event.handoffId)?.busy === true,
      );
      if (effect && 'end' in effect) end(event.handoffId, effect.end);
      else if (effect) overtaken.current.set(event.handoffId, effect.afterAnswer);
    });
    // Offers standing now, found by listing: those made while the stream was down or before sign-in.
    const reconcile = () => {
      const name = latest.current.myName;
      if (!name) return;
      api.listHandoffs({ status: 'queued', limit: 500 }).then(
        (handoffs) => {
          if (!active) return;
          for (const handoff of handoffs) {
            const routing = handoff.routing;
            if (!routing || routing.offeredTo !== name || !routing.offerExpiresAt) continue;
            const offer = {
              handoffId: handoff.id,
              conversationId: handoff.conversationId,
              queue: handoff.queue,
              expiresAt: routing.offerExpiresAt,
              durationMs: null,
            };
            if (!current.current.has(handoff.id)) add(offer, handoff);
          }
        },
        () => undefined,
      );
    };
    const stopConnection = hub.onConnection((connected) => connected && reconcile());
    if (hub.isConnected()) reconcile();
    const periodic = setInterval(reconcile, RECONCILE_MS);
    // The countdown: an offer whose time is up is gone (the server refuses it from then on).
    const ticker = setInterval(() => {
      const now = Date.now();
      for (const offer of current.current.values()) {
        if (!offer.busy && secondsLeft(offer.deadline, now) === 0) {
          end(offer.handoffId, 'The offer expired before you answered; it went to the next operator.');
        }
      }
    }, 500);
    return () => {
      active = false;
      stop();
      stopConnection();
      clearInterval(periodic);
      clearInterval(ticker);
    };
  }, [api, hub, keyId]);

  const markBusy = (handoffId: string, busy: boolean, error: string | null = null) =>
    setOffers((offers) => {
      const known = offers.get(handoffId);
      return known ? new Map(offers).set(handoffId, { ...known, busy, error }) : offers;
    });

  /** An answer that failed without saying why: the card ends if the stream already said it ended. */
  const settleFailed = (handoffId: string, message: string) => {
    const streamed = overtaken.current.get(handoffId);
    if (streamed !== undefined) end(handoffId, streamed);
    else markBusy(handoffId, false, message);
  };

  return {
    offers: [...offers.values()].sort((a, b) => a.deadline - b.deadline),
    ended,
    async accept(handoffId) {
      markBusy(handoffId, true);
      try {
        const claimed = await api.acceptOffer(handoffId);
        end(handoffId, null);
        return claimed;
      } catch (failure) {
        // Too late or no longer ours: the card says why and goes; anything else may be retried.
        const message = describeFailure(failure);
        if (/offer_(expired|not_yours)|already_claimed/.test(codeOf(failure))) end(handoffId, message);
        else settleFailed(handoffId, message);
        return null;
      }
    },
    async decline(handoffId) {
      markBusy(handoffId, true);
      try {
        await api.declineOffer(handoffId);
        end(handoffId, 'Declined: it goes to the next operator.');
      } catch (failure) {
        const message = describeFailure(failure);
        if (/offer_(expired|not_yours)/.test(codeOf(failure))) end(handoffId, message);
        else settleFailed(handoffId, message);
      }
    },
    dismiss(handoffId) {
      setEnded((list) => list.filter((item) => item.handoffId !== handoffId));
    },
  };
}

function codeOf(failure: unknown): string {
  const code = (failure as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * A desktop notification for a new offer while the console's tab is hidden, when the operator has
 * allowed notifications ("Notify me" in the queue, use-attention.ts).
 */
function notify(offer: Offer): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || !document.hidden)
    return;
  try {
    new Notification('A handoff is offered to you', {
      body: `Queue ${offer.queue}: accept or decline in the Baton console before the offer runs out.`,
      tag: `offer-${offer.handoffId}`,
    });
  } catch {
    // Some browsers allow notifications only from a service worker; the card is there either way.
  }
}
