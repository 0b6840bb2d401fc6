/**
 * One event stream per signed-in console, shared by every view: the queue, the open handoff and
 * the dashboard each listen here instead of opening streams of their own.
 */
import type { BatonEvent } from '@baton/sdk';
import type { ConsoleApi } from './api.ts';

export type EventListener = (event: BatonEvent) => void;

export interface EventHub {
  /** Adds a listener; returns its removal. */
  listen(listener: EventListener): () => void;
  /** Connection state changes: true once the stream is open, false while it reconnects. */
  onConnection(listener: (connected: boolean) => void): () => void;
  close(): void;
}

/** Opens the stream and fans its events out to the listeners. */
export function openEventHub(api: ConsoleApi): EventHub {
  const listeners = new Set<EventListener>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  const controller = new AbortController();
  const setConnected = (connected: boolean) => connectionListeners.forEach((listener) => listener(connected));
  void api.subscribe((event) => listeners.forEach((listener) => listener(event)), {
    signal: controller.signal,
    onOpen: () => setConnected(true),
    onError: () => setConnected(false),
  });
  return {
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close() {
      controller.abort();
      listeners.clear();
      connectionListeners.clear();
    },
  };
}
