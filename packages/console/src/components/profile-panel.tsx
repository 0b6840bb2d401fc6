/**
 * The customer at a glance: the contact details and attributes the agent sent (masked for display),
 * and this conversation's handoffs with how each ended. A `details` element, closed by default, so
 * the brief stays first.
 */
import type { ConversationView } from '@baton/sdk';
import { clockTime, triggerLabel } from '../format.ts';
import { maskForDisplay } from '../mask.ts';

const LABELS: Record<string, string> = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  tier: 'Tier',
  language: 'Language',
  verified: 'Verified',
  id: 'Customer id',
  priorHandoffs: 'Earlier handoffs',
};

export function ProfilePanel({ view }: { view: ConversationView }) {
  const attributes = Object.entries(view.customer).filter(
    ([, value]) => value !== undefined && value !== null && value !== '',
  );
  return (
    <details className="profile" data-testid="profile">
      <summary className="profile-title">Customer profile</summary>
      {attributes.length === 0 ? <p className="hint">The agent sent nothing about this customer.</p> : null}
      <dl className="facts">
        {attributes.map(([key, value]) => (
          <div key={key}>
            <dt>{LABELS[key] ?? key}</dt>
            <dd dir="auto">
              {typeof value === 'boolean'
                ? value
                  ? 'yes'
                  : 'no'
                : maskForDisplay(typeof value === 'string' ? value : JSON.stringify(value)).text}
            </dd>
          </div>
        ))}
      </dl>
      <h4>Handoffs in this conversation</h4>
      <ul>
        {view.handoffs.map((handoff) => (
          <li key={handoff.id}>
            <time dateTime={handoff.requestedAt}>{clockTime(handoff.requestedAt)}</time>{' '}
            {triggerLabel(handoff.trigger)} · {handoff.queue} · {handoff.status}
            {handoff.claimedBy ? ` (${handoff.claimedBy})` : ''}
            {handoff.outcome ? ` · problem ${handoff.outcome.resolved ? 'solved' : 'not solved'}` : ''}
          </li>
        ))}
      </ul>
      <p className="hint">
        Conversation started {clockTime(view.createdAt)} · {view.turns.length} turns
      </p>
    </details>
  );
}
