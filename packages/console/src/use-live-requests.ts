/**
 * Open consults and approvals (and the ones closed lately) as a React hook, kept current from the
 * event stream. Events only say which request changed; that request is then read from the API (a
 * read also applies a passed deadline). Like the live queue, the board is re-listed when the stream
 * (re)connects, after any failed read (retried until one succeeds), and every `RELIST_MS`.
 */
import { useEffect, useRef, useState } from 'react';
import type { BatonEvent, BatonRequest } from '@baton/sdk';
import { describeFailure, type ConsoleApi } from './api.ts';
import type { EventHub } from './event-hub.ts';
import {
  boardFrom,
  EMPTY_BOARD,
  RECENT_LIMIT,
  requestsToReread,
  upsertRequest,
  type RequestBoard,
} from './requests.ts';
import { createRelister } from './relister.ts';
import { RELIST_MS } from './use-live-queue.ts';

export interface LiveRequests extends RequestBoard {
  loading: boolean;
  error: string | null;
  /** Customer names by conversation, read once per conversation. */
  customers: ReadonlyMap<string, string>;
  /** Puts a request the console just answered (or re-read) in place. */
  update(request: BatonRequest): void;
}

const FLUSH_MS = 100;
const RETRY_MS = 2_000;

export function useLiveRequests(api: ConsoleApi, hub: EventHub | null): LiveRequests {
  const [board, setBoardState] = useState<RequestBoard>(EMPTY_BOARD);
  const current = useRef<RequestBoard>(board);
  const setBoard = (next: RequestBoard) => {
    current.current = next;
    setBoardState(next);
  };
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [customers, setCustomers] = useState<ReadonlyMap<string, string>>(new Map());

  useEffect(() => {
    if (!hub) return;
    let active = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const buffer: BatonEvent[] = [];
    // Requests read one by one while a listing is in flight: newer than the listing's copies.
    const readSince = new Map<string, BatonRequest>();

    const lister = createRelister({
      list: () =>
        Promise.all([
          api.listRequests({ status: 'open', limit: 500 }),
          api.listRequests({ status: 'answered', limit: RECENT_LIMIT }),
          api.listRequests({ status: 'timed_out', limit: RECENT_LIMIT }),
          api.listRequests({ status: 'cancelled', limit: RECENT_LIMIT }),
        ]),
      onStart: () => readSince.clear(),
      onListed: ([open, answered, timedOut, cancelled]) => {
        let next = boardFrom(open, [...answered, ...timedOut, ...cancelled]);
        for (const request of readSince.values()) next = upsertRequest(next, request);
        setBoard(next);
        setError(null);
        setLoading(false);
      },
      onFailed: (failure) => {
        setError(`The requests could not be refreshed: ${describeFailure(failure)} Trying again…`);
        setLoading(false);
      },
      retryMs: RETRY_MS,
    });
    const relist = lister.relist;

    const flush = () => {
      timer = null;
      for (const requestId of requestsToReread(buffer.splice(0))) {
        api.getRequest(requestId).then(
          (request) => {
            if (!active) return;
            if (lister.listing()) readSince.set(request.id, request);
            setBoard(upsertRequest(current.current, request));
          },
          // A lost read may leave the board wrong: list again.
          () => active && relist(),
        );
      }
    };
    const stop = hub.listen((event) => {
      if (!event.type.startsWith('request-')) return;
      buffer.push(event);
      timer ??= setTimeout(flush, FLUSH_MS);
    });
    const stopConnection = hub.onConnection((connected) => connected && relist());
    const periodic = setInterval(relist, RELIST_MS);
    relist();
    return () => {
      active = false;
      stop();
      stopConnection();
      clearInterval(periodic);
      if (timer) clearTimeout(timer);
      lister.stop();
    };
  }, [api, hub]);

  // The customer's name for each conversation shown, read once.
  const asked = useRef(new Set<string>());
  useEffect(() => {
    for (const request of [...board.open, ...board.closed]) {
      if (asked.current.has(request.conversationId)) continue;
      asked.current.add(request.conversationId);
      api.getConversation(request.conversationId).then(
        (view) => {
          if (view.customer.name) setCustomers((known) => new Map(known).set(view.id, view.customer.name!));
        },
        () => asked.current.delete(request.conversationId),
      );
    }
  }, [api, board]);

  return {
    ...board,
    loading,
    error,
    customers,
    update: (request) => setBoard(upsertRequest(current.current, request)),
  };
}
