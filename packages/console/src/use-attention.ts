/**
 * What pulls an operator's eyes back: unread customer messages per conversation (cleared when the
 * conversation is open in a visible tab), the counts in the tab title, desktop notifications (the
 * browser's Notification API, asked for only when the operator clicks "Notify me") and an optional
 * short sound. A new handoff in the queue notifies too.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BatonEvent, Handoff } from '@baton/sdk';
import type { EventHub } from './event-hub.ts';
import { maskForDisplay } from './mask.ts';
import { shortQuote } from './templates.ts';
import type { ConversationGist } from './use-live-queue.ts';

const SOUND_KEY = 'baton.sound';

export type NotifyPermission = 'default' | 'granted' | 'denied' | 'unsupported';

export interface Attention {
  /** Unread customer messages per conversation id. */
  unread: ReadonlyMap<string, number>;
  totalUnread: number;
  permission: NotifyPermission;
  askPermission(): void;
  sound: boolean;
  setSound(on: boolean): void;
}

/** The customer's text in a `turn-created` event, when the turn is the customer's. */
export function customerTurnOf(event: BatonEvent): { text: string } | null {
  if (event.type !== 'turn-created' || !event.conversationId || !event.handoffId) return null;
  const turn = event.data['turn'] as { role?: unknown; text?: unknown } | undefined;
  if (!turn || turn.role !== 'customer') return null;
  return { text: typeof turn.text === 'string' ? turn.text : '' };
}

/** The tab title: who waits and what is unread, so a background tab still says it. */
export function tabTitle(waiting: number, unread: number): string {
  const parts = [waiting > 0 ? `${waiting} waiting` : '', unread > 0 ? `${unread} unread` : ''].filter(
    Boolean,
  );
  return parts.length > 0 ? `(${parts.join(', ')}) Baton console` : 'Baton console';
}

const permissionNow = (): NotifyPermission =>
  typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;

/** A short two-tone chime made on the spot (no audio file to fetch). */
function chime(): void {
  try {
    const context = new AudioContext();
    const gain = context.createGain();
    gain.gain.value = 0.08;
    gain.connect(context.destination);
    [880, 1320].forEach((frequency, index) => {
      const tone = context.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(context.currentTime + index * 0.12);
      tone.stop(context.currentTime + index * 0.12 + 0.1);
    });
    setTimeout(() => void context.close(), 600);
  } catch {
    // No audio (autoplay policy, no device): the visual signals remain.
  }
}

export function useAttention(props: {
  hub: EventHub;
  handoffs: Handoff[];
  gists: ReadonlyMap<string, ConversationGist>;
  /** The conversation open in the workspace, if any. */
  openConversationId: string | null;
  onOpen: (conversationId: string) => void;
}): Attention {
  const [unread, setUnread] = useState<ReadonlyMap<string, number>>(new Map());
  const [permission, setPermission] = useState<NotifyPermission>(permissionNow);
  const [sound, setSoundState] = useState(() => localStorage.getItem(SOUND_KEY) === 'on');
  const latest = useRef(props);
  latest.current = props;
  const soundOn = useRef(sound);
  soundOn.current = sound;

  const notify = useCallback((title: string, body: string, tag: string, conversationId: string | null) => {
    if (soundOn.current) chime();
    if (permissionNow() !== 'granted') return;
    try {
      const shown = new Notification(title, { body, tag });
      shown.onclick = () => {
        window.focus();
        if (conversationId) latest.current.onOpen(conversationId);
        shown.close();
      };
    } catch {
      // Some browsers only notify from a service worker; the title and the markers still say it.
    }
  }, []);

  useEffect(
    () =>
      props.hub.listen((event) => {
        const { openConversationId, gists, handoffs } = latest.current;
        const looking = document.visibilityState === 'visible' && document.hasFocus();
        if (event.type === 'handoff-requested' && event.handoffId) {
          if (!looking) {
            notify('A customer is waiting', 'A new handoff is in the queue.', event.handoffId, null);
          }
          return;
        }
        const said = customerTurnOf(event);
        if (!said || !event.conversationId) return;
        const conversationId = event.conversationId;
        if (conversationId === openConversationId && looking) return;
        setUnread((known) => new Map(known).set(conversationId, (known.get(conversationId) ?? 0) + 1));
        const known = handoffs.some((handoff) => handoff.conversationId === conversationId);
        const name = gists.get(conversationId)?.customerName ?? 'A customer';
        notify(
          `${name} wrote`,
          shortQuote(maskForDisplay(said.text).text, 140),
          `turn-${conversationId}`,
          known ? conversationId : null,
        );
      }),
    [props.hub, notify],
  );

  // Opening a conversation (in a visible tab) reads it.
  useEffect(() => {
    const clear = () => {
      const open = latest.current.openConversationId;
      if (!open || document.visibilityState !== 'visible') return;
      setUnread((known) => {
        if (!known.has(open)) return known;
        const next = new Map(known);
        next.delete(open);
        return next;
      });
    };
    clear();
    document.addEventListener('visibilitychange', clear);
    window.addEventListener('focus', clear);
    return () => {
      document.removeEventListener('visibilitychange', clear);
      window.removeEventListener('focus', clear);
    };
  }, [props.openConversationId]);

  // Conversations that left the queue take their counts with them.
  useEffect(() => {
    const open = new Set(props.handoffs.map((handoff) => handoff.conversationId));
    setUnread((known) => {
      const stale = [...known.keys()].filter((id) => !open.has(id));
      if (stale.length === 0) return known;
      const next = new Map(known);
      stale.forEach((id) => next.delete(id));
      return next;
    });
  }, [props.handoffs]);

  let totalUnread = 0;
  for (const count of unread.values()) totalUnread += count;

  return {
    unread,
    totalUnread,
    permission,
    askPermission: () => {
      if (typeof Notification === 'undefined') return;
      void Notification.requestPermission().then(setPermission, () => setPermission(permissionNow()));
    },
    sound,
    setSound: (on) => {
      localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
      setSoundState(on);
    },
  };
}
