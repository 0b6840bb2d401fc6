/**
 * Where the browser tests find Chromium, and why they skip when it is not there. A browser does
 * not come through npm, so a machine without one skips those tests (with this reason) instead of
 * failing; CI installs it and fails on any skipped test.
 */
import { existsSync } from 'node:fs';

/** Debian's Chromium, or the executable named by BATON_CHROMIUM. */
export const CHROMIUM = process.env['BATON_CHROMIUM'] || '/usr/bin/chromium';

/** Why the browser tests cannot run here, with the one command that enables them; null when they can. */
export function chromiumMissing(): string | null {
  if (existsSync(CHROMIUM)) return null;
  return process.env['BATON_CHROMIUM']
    ? `BATON_CHROMIUM points at ${CHROMIUM}, which does not exist: point it at a Chromium executable, or unset it after \`sudo apt install chromium\``
    : `Chromium is not installed at ${CHROMIUM}: run \`sudo apt install chromium\`, or set BATON_CHROMIUM=/path/to/chromium`;
}
