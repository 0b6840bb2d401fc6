/**
 * One event stream per signed-in console, shared by every view: the queue, the open handoff and
 * the dashboard each listen here instead of opening streams of their own.
 *
 * "Connected" is honest: it turns false as soon as the stream drops or the browser says it is
 * offline, and true only once a stream is open again. When the browser comes back online the
 * stream is reopened at once (resuming after the last event seen), instead of waiting for a dead
 * connection to time out.
 */
import type { BatonEvent } from '@baton/sdk';
import type { ConsoleApi } from './api.ts';

export type EventListener = (event: BatonEvent) => void;

export interface EventHub {
  /** Adds a listener; returns its removal. */
  listen(listener: EventListener): () => void;
  /** Connection state changes: true once the stream is open, false while it reconnects. */
  onConnection(listener: (connected: boolean) => void): () => void;
  /** The connection state now. */
  isConnected(): boolean;
  close(): void;
}

/** Opens the stream and fans its events out to the listeners. */
export function openEventHub(api: ConsoleApi, target: Window | null = globalThis.window ?? null): EventHub {
  const listeners = new Set<EventListener>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let connected = false;
  let closed = false;
  let lastEventId: string | undefined;
  let controller = new AbortController();
  const setConnected = (next: boolean) => {
    if (next === connected) return;
    connected = next;
    connectionListeners.forEach((listener) => listener(next));
  };
  const open = () => {
    const signal = controller.signal;
    void api.subscribe(
      (event) => {
        lastEventId = event.id;
        listeners.forEach((listener) => listener(event));
      },
      {
        signal,
        ...(lastEventId !== undefined ? { lastEventId } : {}),
        onOpen: () => !signal.aborted && setConnected(true),
        onError: () => !signal.aborted && setConnected(false),
      },
    );
  };
  const offline = () => {
    setConnected(false);
    controller.abort();
  };
  const online = () => {
    if (closed) return;
    controller.abort();
    controller = new AbortController();
    open();
  };
  target?.addEventListener('offline', offline);
  target?.addEventListener('online', online);
  open();
  return {
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    isConnected: () => connected,
    close() {
      closed = true;
      target?.removeEventListener('offline', offline);
      target?.removeEventListener('online', online);
      controller.abort();
      listeners.clear();
      connectionListeners.clear();
    },
  };
}
