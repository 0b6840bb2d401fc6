/** Runs a handler for each new shortcut command, never for one issued before the component mounted. */
import { useEffect, useRef } from 'react';
import type { Command } from './shortcuts.ts';

export interface IssuedCommand {
  command: Command;
  /** Grows with every key press, so pressing the same key twice acts twice. */
  nonce: number;
}

export function useCommand(
  issued: IssuedCommand | null,
  handler: (command: Command, nonce: number) => void,
): void {
  const seen = useRef(issued?.nonce ?? 0);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!issued || issued.nonce <= seen.current) return;
    seen.current = issued.nonce;
    latest.current(issued.command, issued.nonce);
  }, [issued]);
}
