/**
 * zod (under the sdk's schemas) compiles fast parsers with `new Function` when it may, and finds out
 * by trying once: under the console's Content-Security-Policy (no `unsafe-eval`) that try is a CSP
 * violation on every load. Jitless parsing never tries. Imported first, before any schema is built.
 */
import { config } from 'zod';

config({ jitless: true });
