/**
 * Routing, in the handoff panel: while the handoff waits, its ETA range and confidence (read now,
 * again on each `handoff-eta-changed` for it and every `ETA_REFRESH_MS`); and the steps routing
 * took with it (offered, declined, expired, re-offered, widened to overflow, lead alerted, customer
 * told) as a small timeline from the conversation's own events, oldest kept first, then live.
 */
import { useEffect, useState } from 'react';
import type { BatonEvent, Handoff, HandoffEta } from '@baton/sdk';
import type { ConsoleApi } from '../api.ts';
import type { EventHub } from '../event-hub.ts';
import { clockTime } from '../format.ts';
import { etaText, routingSteps } from '../routing.ts';

const ETA_REFRESH_MS = 30_000;
const ROUTING_EVENTS = new Set([
  'handoff-offered',
  'handoff-offer-accepted',
  'handoff-offer-declined',
  'handoff-offer-expired',
  'handoff-ladder-step',
]);

export function RoutingPanel(props: { api: ConsoleApi; hub: EventHub; handoff: Handoff }) {
  const { api, hub, handoff } = props;
  const waiting = handoff.status === 'queued';
  const [eta, setEta] = useState<HandoffEta | null>(null);
  const [events, setEvents] = useState<BatonEvent[]>([]);

  useEffect(() => {
    setEta(null);
    if (!waiting) return;
    let active = true;
    const read = () =>
      api.handoffEta(handoff.id).then(
        (next) => active && setEta(next),
        () => undefined,
      );
    void read();
    const stop = hub.listen((event) => {
      if (event.handoffId === handoff.id && event.type === 'handoff-eta-changed') void read();
    });
    const timer = setInterval(read, ETA_REFRESH_MS);
    return () => {
      active = false;
      stop();
      clearInterval(timer);
    };
  }, [api, hub, handoff.id, waiting]);

  useEffect(() => {
    setEvents([]);
    const controller = new AbortController();
    const seen = new Set<string>();
    void api.conversationEvents(
      handoff.conversationId,
      (event) => {
        if (event.handoffId !== handoff.id || !ROUTING_EVENTS.has(event.type) || seen.has(event.id)) return;
        seen.add(event.id);
        setEvents((known) => [...known, event]);
      },
      controller.signal,
    );
    return () => controller.abort();
  }, [api, handoff.conversationId, handoff.id]);

  const steps = routingSteps(events, handoff.id);
  if (!waiting && steps.length === 0) return null;
  return (
    <section className="routing-panel" aria-labelledby="routing-title">
      <h3 id="routing-title">Routing</h3>
      {waiting ? (
        <p data-testid="handoff-eta">
          <strong>Estimated wait:</strong>{' '}
          {eta === null ? 'working it out…' : eta.eta ? etaText(eta.eta) : 'no longer waiting'}
        </p>
      ) : null}
      {steps.length > 0 ? (
        <ol className="routing-steps" aria-label="Routing steps" data-testid="routing-steps">
          {steps.map((step) => (
            <li key={step.id}>
              <time dateTime={step.at}>{clockTime(step.at)}</time> {step.text}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
