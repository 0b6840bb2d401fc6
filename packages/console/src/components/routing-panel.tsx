/**
 * Routing, in the handoff panel: while the handoff waits, its ETA range and confidence (read now,
 * again on each `handoff-eta-changed` for it and every `ETA_REFRESH_MS`); and the steps routing
 * took with it (offered, declined, expired, re-offered, widened to overflow, lead alerted, customer
 * told) as a small timeline: read once from the conversation's own events (oldest kept first), then
 * kept live from the console's shared stream.
 */
import { useEffect, useState } from 'react';
import type { BatonEvent, Handoff, HandoffEta } from '@baton/sdk';
import type { ConsoleApi } from '../api.ts';
import type { EventHub } from '../event-hub.ts';
import { clockTime } from '../format.ts';
import { etaText, routingSteps } from '../routing.ts';

const ETA_REFRESH_MS = 30_000;
/** The history stream closes this long after it opened with nothing, or after its last event. */
const HISTORY_FIRST_MS = 5_000;
const HISTORY_QUIET_MS = 1_500;
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
    const seen = new Set<string>();
    const add = (event: BatonEvent) => {
      if (event.handoffId !== handoff.id || !ROUTING_EVENTS.has(event.type) || seen.has(event.id)) return;
      seen.add(event.id);
      setEvents((known) => [...known, event].sort((a, b) => a.at.localeCompare(b.at)));
    };
    // New steps come on the console's shared stream.
    const stop = hub.listen(add);
    // The history comes from the conversation's own stream, closed once it falls quiet: browsers
    // allow few open connections per server, and the shared stream already holds one per tab.
    const history = new AbortController();
    let quiet = setTimeout(() => history.abort(), HISTORY_FIRST_MS);
    void api.conversationEvents(
      handoff.conversationId,
      (event) => {
        clearTimeout(quiet);
        quiet = setTimeout(() => history.abort(), HISTORY_QUIET_MS);
        add(event);
      },
      history.signal,
    );
    return () => {
      stop();
      clearTimeout(quiet);
      history.abort();
    };
  }, [api, hub, handoff.conversationId, handoff.id]);

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
