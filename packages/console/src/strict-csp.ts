/**
 * Imported first by each page's entry, before the sdk builds its schemas. zod probes
 * `new Function('')` to decide whether to compile its parsers; under the server's Content Security
 * Policy (no 'unsafe-eval') Chromium reports that probe as a violation on every page load, even
 * though zod catches the error. Without the probe zod parses the same way, interpreted.
 */
import { config } from 'zod';

config({ jitless: true });
