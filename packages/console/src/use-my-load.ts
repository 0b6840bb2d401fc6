/**
 * How many conversations this operator holds now (claimed handoffs), for the presence control's
 * "3 of 4": listed on connect, again shortly after any event that may change it, and every
 * `RELIST_MS` as a safety net. Null until first known. Standing offers count too on the server; the
 * caller adds the ones it shows.
 */
import { useEffect, useState } from 'react';
import type { ConsoleApi } from './api.ts';
import type { EventHub } from './event-hub.ts';

const RELIST_MS = 30_000;
const DEBOUNCE_MS = 300;
const CHANGES_LOAD = new Set([
  'handoff-claimed',
  'handoff-transferred',
  'handoff-returned',
  'handoff-resolved',
  'handoff-abandoned',
  'handoff-expired',
]);

export function useMyLoad(api: ConsoleApi, hub: EventHub | null, myName: string): number | null {
  const [load, setLoad] = useState<number | null>(null);
  useEffect(() => {
    if (!hub || !myName) return;
    let active = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const read = () => {
      timer = null;
      api.listHandoffs({ status: 'claimed', limit: 500 }).then(
        (claimed) => active && setLoad(claimed.filter((handoff) => handoff.claimedBy === myName).length),
        () => undefined,
      );
    };
    const soon = () => {
      timer ??= setTimeout(read, DEBOUNCE_MS);
    };
    const stop = hub.listen((event) => {
      if (CHANGES_LOAD.has(event.type)) soon();
    });
    const stopConnection = hub.onConnection((connected) => connected && soon());
    const periodic = setInterval(read, RELIST_MS);
    read();
    return () => {
      active = false;
      stop();
      stopConnection();
      clearInterval(periodic);
      if (timer) clearTimeout(timer);
    };
  }, [api, hub, myName]);
  return load;
}
