/**
 * The live queue as a React hook: the open handoffs listed, then kept current from the event
 * stream, plus each conversation's first customer words for the rows.
 *
 * The queue never silently drifts from the server's: it is re-listed and merged when the stream
 * (re)connects, after any failed read (retried until one succeeds), when the browser comes back
 * online, and every `RELIST_MS` as a safety net. `synced` is true only while the last listing
 * succeeded and no read has failed since, so the console can say "Live" only when it is.
 */
import { useEffect, useRef, useState } from 'react';
import type { BatonEvent, Handoff } from '@baton/sdk';
import type { ConsoleApi } from './api.ts';
import { describeFailure } from './api.ts';
import type { EventHub } from './event-hub.ts';
import { applyEvents, reconcile, sortedQueue, upsert, type QueueState } from './live-queue.ts';
import { createRelister } from './relister.ts';

export interface ConversationGist {
  firstWords: string;
  customerName: string | undefined;
  language?: string | undefined;
}

export interface LiveQueue {
  handoffs: Handoff[];
  gists: ReadonlyMap<string, ConversationGist>;
  loading: boolean;
  error: string | null;
  /** The queue matches the server's as of the last listing, and no read has failed since. */
  synced: boolean;
  /** Puts a handoff the console just changed (claim, resolve) in place without waiting for its event. */
  update(handoff: Handoff): void;
}

/** Events are folded in small batches, so a replay on connect costs one pass, not one per event. */
const FLUSH_MS = 100;
/** A failed listing is tried again this soon. */
const RETRY_MS = 2_000;
/** The safety net: a full re-list this often, even when every event arrived. */
export const RELIST_MS = 30_000;

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
  const [synced, setSynced] = useState(false);
  const [gists, setGists] = useState<ReadonlyMap<string, ConversationGist>>(new Map());
  const buffer = useRef<BatonEvent[]>([]);
  const loaded = useRef(false);

  useEffect(() => {
    let active = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    // Handoffs read one by one while a listing is in flight: newer than the listing's copy.
    const readSince = new Map<string, Handoff>();

    const lister = createRelister({
      list: () =>
        Promise.all([
          api.listHandoffs({ status: 'queued', limit: 500 }),
          api.listHandoffs({ status: 'claimed', limit: 500 }),
        ]),
      // Reads that finish after the listing started are newer than it; they are kept in the merge.
      onStart: () => readSince.clear(),
      onListed: ([queued, claimed]) => {
        setQueue(reconcile([...queued, ...claimed], readSince));
        loaded.current = true;
        setSynced(true);
        setError(null);
        setLoading(false);
        schedule();
      },
      onFailed: (failure) => {
        setSynced(false);
        setError(`The queue could not be refreshed: ${describeFailure(failure)} Trying again…`);
        setLoading(false);
      },
      retryMs: RETRY_MS,
    });
    const relist = lister.relist;

    const flush = () => {
      timer = null;
      if (!loaded.current || !active) return;
      const applied = applyEvents(current.current, buffer.current.splice(0));
      setQueue(applied.queue);
      for (const handoffId of applied.reread) {
        api.getHandoff(handoffId).then(
          (handoff) => {
            if (!active) return;
            if (lister.listing()) readSince.set(handoff.id, handoff);
            setQueue(upsert(current.current, handoff));
          },
          () => {
            // A lost read means the queue may now be wrong: say so, and list again.
            if (!active) return;
            setSynced(false);
            relist();
          },
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
    const stopConnection = hub.onConnection((connected) => {
      if (connected) relist();
      else setSynced(false);
    });
    const onOnline = () => relist();
    const onOffline = () => setSynced(false);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    const periodic = setInterval(relist, RELIST_MS);
    relist();
    return () => {
      active = false;
      stop();
      stopConnection();
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      clearInterval(periodic);
      if (timer) clearTimeout(timer);
      lister.stop();
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
            new Map(known).set(view.id, {
              firstWords: first?.text ?? '',
              customerName: view.customer.name,
              language: view.customer.language,
            }),
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
    synced,
    update: (handoff) => setQueue(upsert(current.current, handoff)),
  };
}
