/**
 * The live queue as a React hook: the open handoffs read once, then kept current from the event
 * stream (no reload, no polling), plus each conversation's first customer words for the rows.
 */
import { useEffect, useRef, useState } from 'react';
import type { BatonEvent, Handoff } from '@baton/sdk';
import type { ConsoleApi } from './api.ts';
import { describeFailure } from './api.ts';
import type { EventHub } from './event-hub.ts';
import { applyEvents, queueFrom, sortedQueue, upsert, type QueueState } from './live-queue.ts';

export interface ConversationGist {
  firstWords: string;
  customerName: string | undefined;
}

export interface LiveQueue {
  handoffs: Handoff[];
  gists: ReadonlyMap<string, ConversationGist>;
  loading: boolean;
  error: string | null;
  /** Puts a handoff the console just changed (claim, resolve) in place without waiting for its event. */
  update(handoff: Handoff): void;
}

/** Events are folded in small batches, so a replay on connect costs one pass, not one per event. */
const FLUSH_MS = 100;

export function useLiveQueue(api: ConsoleApi, hub: EventHub): LiveQueue {
  const [queue, setQueueState] = useState<QueueState>(new Map());
  // The queue's current value outside React's render cycle, for folding events into it.
  const current = useRef<QueueState>(queue);
  const setQueue = (next: QueueState) => {
    current.current = next;
    setQueueState(next);
  };
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [gists, setGists] = useState<ReadonlyMap<string, ConversationGist>>(new Map());
  const buffer = useRef<BatonEvent[]>([]);
  const loaded = useRef(false);

  useEffect(() => {
    let active = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      if (!loaded.current || !active) return;
      const applied = applyEvents(current.current, buffer.current.splice(0));
      setQueue(applied.queue);
      for (const handoffId of applied.reread) {
        api.getHandoff(handoffId).then(
          (handoff) => active && setQueue(upsert(current.current, handoff)),
          () => undefined,
        );
      }
    };
    const schedule = () => {
      timer ??= setTimeout(flush, FLUSH_MS);
    };
    const stop = hub.listen((event) => {
      if (!event.handoffId) return;
      buffer.current.push(event);
      schedule();
    });
    Promise.all([
      api.listHandoffs({ status: 'queued', limit: 500 }),
      api.listHandoffs({ status: 'claimed', limit: 500 }),
    ]).then(
      ([queued, claimed]) => {
        if (!active) return;
        setQueue(queueFrom([...queued, ...claimed]));
        loaded.current = true;
        setLoading(false);
        schedule();
      },
      (failure: unknown) => {
        if (!active) return;
        setError(describeFailure(failure));
        setLoading(false);
      },
    );
    return () => {
      active = false;
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [api, hub]);

  // The first words of each conversation in the queue, read once per conversation.
  const asked = useRef(new Set<string>());
  useEffect(() => {
    for (const handoff of queue.values()) {
      if (asked.current.has(handoff.conversationId)) continue;
      asked.current.add(handoff.conversationId);
      api.getConversation(handoff.conversationId).then(
        (view) => {
          const first = view.turns.find((turn) => turn.role === 'customer');
          setGists((known) =>
            new Map(known).set(view.id, { firstWords: first?.text ?? '', customerName: view.customer.name }),
          );
        },
        () => asked.current.delete(handoff.conversationId),
      );
    }
  }, [api, queue]);

  return {
    handoffs: sortedQueue(queue),
    gists,
    loading,
    error,
    update: (handoff) => setQueue(upsert(current.current, handoff)),
  };
}
