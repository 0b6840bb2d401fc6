/**
 * API-key authentication and scope checks. Keys come as `Authorization: Bearer <key>`; each route
 * names the scopes it admits, and `admin` is admitted everywhere.
 */
import { createMiddleware } from 'hono/factory';
import { BatonError } from '../errors.ts';
import type { Scope, Service } from '../service/types.ts';
import type { AppEnv } from './env.ts';

export const SECURITY_SCHEME = 'apiKey';

/** The OpenAPI security requirement for a route: one alternative per admitted scope (OpenAPI 3.1 roles). */
export function securityFor(scopes: readonly Scope[]): Record<string, string[]>[] {
  const admitted = scopes.includes('admin') ? scopes : [...scopes, 'admin'];
  return admitted.map((scope) => ({ [SECURITY_SCHEME]: [scope] }));
}

/** Middleware that resolves the key to a principal and refuses scopes the route does not admit. */
export function requireScopes(service: Service, scopes: readonly Scope[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      throw new BatonError('unauthenticated', 'Send an API key as `Authorization: Bearer <key>`.');
    }
    // The rate limiter, when on, has already looked the key up for this request.
    const principal = c.get('keyChecked')
      ? (c.get('principal') ?? null)
      : await service.authenticate(match[1]!);
    if (!principal) throw new BatonError('unauthenticated', 'The API key is unknown or revoked.');
    if (principal.scope !== 'admin' && !scopes.includes(principal.scope)) {
      throw new BatonError('forbidden', `A key with scope \`${principal.scope}\` may not do this.`, {
        requiredScopes: securityFor(scopes).map((requirement) => requirement[SECURITY_SCHEME]![0]),
      });
    }
    c.set('principal', principal);
    await next();
  });
}
