/**
 * Offers, on every page: a card per handoff the server offers this operator, with the customer,
 * trigger, priority, a countdown to the offer's end and Accept / Decline (also `a` and Shift+D for
 * the offer that ends first). An offer that ends without an answer from here leaves a line saying
 * why (expired, another operator took it), until dismissed.
 */
import { useEffect, useState } from 'react';
import { triggerLabel } from '../format.ts';
import { countdownText, secondsLeft } from '../routing.ts';
import { useCommand, type IssuedCommand } from '../use-command.ts';
import type { Offers, OfferView } from '../use-offers.ts';

function OfferCard(props: {
  offer: OfferView;
  now: number;
  first: boolean;
  onAccept: () => void;
  onDecline: () => void;
}) {
  const { offer } = props;
  const left = secondsLeft(offer.deadline, props.now);
  const handoff = offer.handoff;
  const titleId = `offer-${offer.handoffId}`;
  return (
    <section className="offer-card" aria-labelledby={titleId} data-handoff-id={offer.handoffId}>
      <h2 id={titleId}>
        Offered to you:{' '}
        <span dir="auto">{offer.customerName ?? handoff?.conversationId ?? 'a customer'}</span>
      </h2>
      <p className="meta">
        {handoff ? (
          <>
            <span className={`priority priority-${handoff.priority}`}>{handoff.priority}</span>{' '}
            {triggerLabel(handoff.trigger)} ·{' '}
          </>
        ) : null}
        queue {offer.queue}
      </p>
      {handoff?.reason ? (
        <p className="offer-reason" dir="auto">
          {handoff.reason}
        </p>
      ) : null}
      <p className="offer-countdown" data-testid="offer-countdown">
        {left > 0 ? `Expires in ${countdownText(left)}` : 'Expiring…'}
      </p>
      {offer.error ? (
        <p role="alert" className="error">
          {offer.error}
        </p>
      ) : null}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={offer.busy}
          onClick={props.onAccept}
          aria-keyshortcuts={props.first ? 'a' : undefined}
        >
          Accept
        </button>
        <button
          type="button"
          disabled={offer.busy}
          onClick={props.onDecline}
          aria-keyshortcuts={props.first ? 'Shift+D' : undefined}
        >
          Decline
        </button>
      </div>
    </section>
  );
}

export function OfferCards(props: {
  offers: Offers;
  command: IssuedCommand | null;
  /** Opens an accepted handoff in the workspace. */
  onAccepted: (handoffId: string, claimedBy: string | null) => void;
}) {
  const { offers } = props;
  const [now, setNow] = useState(() => Date.now());
  const counting = offers.offers.length > 0;
  useEffect(() => {
    if (!counting) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [counting]);

  const accept = async (handoffId: string) => {
    const claimed = await offers.accept(handoffId);
    if (claimed) props.onAccepted(claimed.id, claimed.claimedBy);
  };
  useCommand(props.command, (command) => {
    const first = offers.offers.find((offer) => !offer.busy);
    if (!first) return;
    if (command === 'accept-offer') void accept(first.handoffId);
    else if (command === 'decline-offer') void offers.decline(first.handoffId);
  });

  if (offers.offers.length === 0 && offers.ended.length === 0) return null;
  return (
    <aside className="offers" aria-label="Offers">
      {offers.offers.map((offer, index) => (
        <OfferCard
          key={offer.handoffId}
          offer={offer}
          now={now}
          first={index === 0}
          onAccept={() => void accept(offer.handoffId)}
          onDecline={() => void offers.decline(offer.handoffId)}
        />
      ))}
      <div role="status" className="offer-ended-list">
        {offers.ended.map((item) => (
          <p key={item.handoffId} className="offer-ended" data-testid="offer-ended">
            <span>
              {item.customerName ? (
                <>
                  <span dir="auto">{item.customerName}</span>:{' '}
                </>
              ) : null}
              {item.message}
            </span>{' '}
            <button type="button" onClick={() => offers.dismiss(item.handoffId)}>
              Dismiss
            </button>
          </p>
        ))}
      </div>
    </aside>
  );
}
