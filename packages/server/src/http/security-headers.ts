/**
 * The security headers of every response (hono's secure-headers middleware), with one Content
 * Security Policy that the console, the dashboard and the demo satisfy: scripts, styles, fonts and
 * connections from this origin only (styles may be inline: React sets style attributes), images
 * also as data: URLs (the favicon), no plugins, no framing, no foreign form targets or base URLs.
 * Strict-Transport-Security is left to the TLS terminator in front of Baton (a load balancer),
 * which knows whether the whole host is served over HTTPS.
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The middleware: CSP, no framing, no sniffing, no referrer, same-origin resource and opener policies. */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: false,
  });
}

/** The policy as a header value, for responses made outside the app's middleware (the console's pages). */
export const CONTENT_SECURITY_POLICY_HEADER = Object.entries(CONTENT_SECURITY_POLICY)
  .map(
    ([directive, sources]) =>
      `${directive.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)} ${sources.join(' ')}`,
  )
  .join('; ');
