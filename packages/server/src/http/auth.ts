/**
 * API-key authentication and scope checks. Keys come as `Authorization: Bearer <key>`; each route
 * names the scopes it admits, and `admin` is admitted everywhere.
 */
import { createMiddleware } from 'hono/factory';
import { BatonError } from '../errors.ts';
import type { KeyCheck, Principal, Scope, Service } from '../service/types.ts';
import type { AppEnv } from './env.ts';

export const SECURITY_SCHEME = 'apiKey';

type KeyRefusal = Extract<KeyCheck, { ok: false }>['reason'];

/** The OpenAPI security requirement for a route: one alternative per admitted scope (OpenAPI 3.1 roles). */
export function securityFor(scopes: readonly Scope[]): Record<string, string[]>[] {
  const admitted = scopes.includes('admin') ? scopes : [...scopes, 'admin'];
  return admitted.map((scope) => ({ [SECURITY_SCHEME]: [scope] }));
}

/** The check the rate limiter made, from what it left on the request. */
function keyCheckOf(principal: Principal | undefined, reason: KeyRefusal | undefined): KeyCheck {
  return principal ? { ok: true, principal } : { ok: false, reason: reason ?? 'unknown' };
}

/** The 401 for a refused key: revoked and expired keys get their own code, so the holder knows to get a new one. */
function refusal(reason: KeyRefusal): BatonError {
  if (reason === 'revoked') return new BatonError('key_revoked', 'The API key was revoked.');
  if (reason === 'expired') return new BatonError('key_expired', 'The API key has expired.');
  return new BatonError('unauthenticated', 'The API key is unknown.');
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
    const check = c.get('keyChecked')
      ? keyCheckOf(c.get('principal'), c.get('keyRefusal'))
      : await service.checkKey(match[1]!);
    if (!check.ok) throw refusal(check.reason);
    const principal = check.principal;
    if (principal.scope !== 'admin' && !scopes.includes(principal.scope)) {
      throw new BatonError('forbidden', `A key with scope \`${principal.scope}\` may not do this.`, {
        requiredScopes: securityFor(scopes).map((requirement) => requirement[SECURITY_SCHEME]![0]),
      });
    }
    c.set('principal', principal);
    await next();
  });
}
