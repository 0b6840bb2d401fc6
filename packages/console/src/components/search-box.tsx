/**
 * Search over every conversation, open or closed: the words anyone said or the customer's name.
 * Each hit shows how its latest handoff ended (with the outcome's answer), and opens it.
 */
import { useEffect, useState } from 'react';
import type { ConversationHit } from '@baton/sdk';
import { describeFailure, type ConsoleApi } from '../api.ts';
import { clockTime } from '../format.ts';
import { maskForDisplay } from '../mask.ts';

/** A handoff's end in words, with the outcome's "resolved" answer when there is one. */
export function endedAs(handoff: ConversationHit['latestHandoff']): string {
  if (!handoff) return 'never handed off';
  if (handoff.status === 'resolved' && handoff.outcome) {
    return `resolved · problem ${handoff.outcome.resolved ? 'solved' : 'not solved'}`;
  }
  return handoff.claimedBy ? `${handoff.status} by ${handoff.claimedBy}` : handoff.status;
}

export function SearchBox(props: { api: ConsoleApi; onOpen: (handoffId: string) => void }) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<ConversationHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const words = query.trim();
    if (words.length < 2) {
      setHits(null);
      return;
    }
    let active = true;
    const timer = setTimeout(() => {
      props.api.searchConversations(words).then(
        (found) => {
          if (!active) return;
          setHits(found);
          setError(null);
        },
        (failure: unknown) => active && setError(describeFailure(failure)),
      );
    }, 250);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [query, props.api]);

  return (
    <section className="search" aria-label="Conversation search">
      <form role="search" onSubmit={(event) => event.preventDefault()}>
        <label htmlFor="conversation-search">Search conversations</label>
        <input
          id="conversation-search"
          type="search"
          value={query}
          placeholder="Words, or a customer's name"
          onChange={(event) => setQuery(event.target.value)}
        />
      </form>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {hits ? (
        <>
          <p role="status" className="hint">
            {hits.length === 0 ? 'No conversation matches.' : `${hits.length} conversations match.`}
          </p>
          <ul className="search-hits" aria-label="Search results">
            {hits.map((hit) => (
              <li key={hit.conversationId}>
                <button
                  type="button"
                  className="search-hit"
                  disabled={!hit.latestHandoff}
                  onClick={() => hit.latestHandoff && props.onOpen(hit.latestHandoff.id)}
                >
                  <span className="row-top">
                    <span className="customer">{hit.customerName ?? hit.conversationId}</span>
                    <span className="hit-status">{endedAs(hit.latestHandoff)}</span>
                  </span>
                  <span className="first-words" dir="auto">
                    {maskForDisplay(hit.snippet).text}
                  </span>
                  <span className="hint">
                    <time dateTime={hit.at}>{clockTime(hit.at)}</time>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
