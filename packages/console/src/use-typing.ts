/**
 * Typing indicators in the console. `useCustomerTyping` follows the typing stream and answers which
 * conversations have a customer typing now; each indicator ends by itself after its `expiresInMs`,
 * so a lost "stop" never sticks. `useOperatorTyping` sends the operator's own indicator while they
 * write a reply: at most once every few seconds, and a stop after an idle pause, on blur and on send.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CollaborationApi } from './collaboration-api.ts';

/** A start is sent again at most this often while the operator keeps typing. */
export const TYPING_RESEND_MS = 3_000;
/** A pause this long ends the operator's indicator. */
export const TYPING_IDLE_MS = 4_000;

/** The conversations whose customer is typing now. */
export function useCustomerTyping(api: CollaborationApi | undefined): ReadonlySet<string> {
  const [typing, setTyping] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (!api) return;
    const until = new Map<string, number>();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const publish = () => {
      const now = Date.now();
      for (const [conversationId, end] of until) if (end <= now) until.delete(conversationId);
      setTyping(new Set(until.keys()));
      clearTimeout(timer);
      if (until.size > 0) timer = setTimeout(publish, Math.min(...until.values()) - now + 10);
    };
    const controller = new AbortController();
    void api.typingEvents(
      (state) => {
        if (state.who !== 'customer') return;
        if (state.typing) until.set(state.conversationId, Date.now() + state.expiresInMs);
        else until.delete(state.conversationId);
        publish();
      },
      { signal: controller.signal },
    );
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [api]);
  return typing;
}

/** Sends the operator's typing for `handoffId` while `active` (they hold it); returns the hooks for the composer. */
export function useOperatorTyping(
  api: CollaborationApi | undefined,
  handoffId: string,
  active: boolean,
): { onInput: () => void; onStop: () => void } {
  const lastSent = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const send = useCallback(
    (typing: boolean) => void api?.operatorTyping(handoffId, typing).catch(() => undefined),
    [api, handoffId],
  );
  const onStop = useCallback(() => {
    clearTimeout(idle.current);
    if (lastSent.current === 0) return;
    lastSent.current = 0;
    send(false);
  }, [send]);
  const onInput = useCallback(() => {
    if (!api || !active) return;
    const now = Date.now();
    if (now - lastSent.current >= TYPING_RESEND_MS) {
      lastSent.current = now;
      send(true);
    }
    clearTimeout(idle.current);
    idle.current = setTimeout(onStop, TYPING_IDLE_MS);
  }, [api, active, send, onStop]);
  // Leaving the handoff (or losing it) ends the indicator.
  useEffect(() => onStop, [onStop, active]);
  return { onInput, onStop };
}
