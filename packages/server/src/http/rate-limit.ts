/**
 * Rate limiting: a token bucket per API key (per client address for requests without a valid key),
 * held in memory. The buckets are PER INSTANCE: behind a load balancer with n instances a key can
 * make up to n times the configured rate. That is the intent (a guard against a runaway agent or a
 * flood, not a billing quota); a shared limit would need a shared store.
 */
import { createMiddleware } from 'hono/factory';
import type { Service } from '../service/types.ts';
import type { AppEnv } from './env.ts';
import { problemResponse } from './problem.ts';

export interface RateLimitConfig {
  /** Tokens added per second: the sustained request rate. */
  perSecond: number;
  /** The bucket's size: how many requests may come at once after a quiet spell. */
  burst: number;
  /** Most buckets kept; past it the least recently used are dropped. */
  maxBuckets?: number;
}

/** What one request's `take` decided, with what the `RateLimit-*` headers report. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until one token is back (0 when allowed), rounded up: the `Retry-After`. */
  retryAfterSeconds: number;
  /** Seconds until the bucket is full again, rounded up. */
  resetSeconds: number;
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date, in ms. */
  updatedAt: number;
}

const DEFAULT_MAX_BUCKETS = 100_000;

/** A set of token buckets by name; `now` is passed in, so tests drive the clock. */
export class TokenBuckets {
  readonly #perMs: number;
  readonly #burst: number;
  readonly #maxBuckets: number;
  /** Insertion order is recency order: a bucket is moved to the end each time it is used. */
  readonly #buckets = new Map<string, Bucket>();
  #lastSweep = Number.NEGATIVE_INFINITY;

  constructor(config: RateLimitConfig) {
    if (!(config.perSecond > 0) || !(config.burst >= 1)) {
      throw new RangeError('a rate limit needs perSecond > 0 and burst >= 1');
    }
    this.#perMs = config.perSecond / 1000;
    this.#burst = config.burst;
    this.#maxBuckets = config.maxBuckets ?? DEFAULT_MAX_BUCKETS;
  }

  /** How many buckets are held (for tests of the eviction). */
  get size(): number {
    return this.#buckets.size;
  }

  /** Takes one token from the named bucket if it has one. */
  take(name: string, now: number): RateLimitDecision {
    this.#sweep(now);
    const bucket = this.#buckets.get(name) ?? { tokens: this.#burst, updatedAt: now };
    // A clock that steps back must not mint tokens or make the bucket owe time.
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(this.#burst, bucket.tokens + elapsed * this.#perMs);
    bucket.updatedAt = Math.max(bucket.updatedAt, now);
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.#buckets.delete(name);
    this.#buckets.set(name, bucket);
    this.#evictOverflow();
    return {
      allowed,
      limit: this.#burst,
      remaining: Math.floor(bucket.tokens),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perMs / 1000)),
      resetSeconds: Math.ceil((this.#burst - bucket.tokens) / this.#perMs / 1000),
    };
  }

  /**
   * Drops every bucket that has refilled completely: it is then the same as a new one, so dropping it
   * changes no decision. Runs at most once a second, so its cost is spread over many requests.
   */
  #sweep(now: number): void {
    if (now - this.#lastSweep < 1000) return;
    this.#lastSweep = now;
    const fullAfterMs = this.#burst / this.#perMs;
    for (const [name, bucket] of this.#buckets) {
      if (now - bucket.updatedAt >= fullAfterMs) this.#buckets.delete(name);
    }
  }

  /** A hard cap for floods of distinct names: the least recently used go first. */
  #evictOverflow(): void {
    for (const name of this.#buckets.keys()) {
      if (this.#buckets.size <= this.#maxBuckets) return;
      this.#buckets.delete(name);
    }
  }
}

/** The paths never limited: a load balancer's health checks must not be refused. */
const EXEMPT_PATHS = new Set(['/healthz', '/readyz']);

/** The caller's address as the socket saw it (forwarded headers are not trusted: they are the client's to write). */
function clientAddress(env: AppEnv['Bindings'] | undefined): string {
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/**
 * Middleware that limits each caller. A request with a valid key spends that key's bucket; one with
 * no key or an unknown one spends its address's bucket. The principal it resolves is kept for the
 * route's scope check, so a key is looked up once per request.
 */
export function rateLimit(service: Service, config: RateLimitConfig, clock: () => number) {
  const buckets = new TokenBuckets(config);
  return createMiddleware<AppEnv>(async (c, next) => {
    if (EXEMPT_PATHS.has(c.req.path)) return next();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
    const check = match ? await service.checkKey(match[1]!) : null;
    const principal = check?.ok ? check.principal : null;
    if (match) c.set('keyChecked', true);
    if (check && !check.ok) c.set('keyRefusal', check.reason);
    if (principal) c.set('principal', principal);
    const name = principal ? `key:${principal.keyId}` : `address:${clientAddress(c.env)}`;
    const decision = buckets.take(name, clock());
    if (!decision.allowed) {
      return problemResponse(
        'rate_limited',
        `Too many requests; retry after ${decision.retryAfterSeconds} s.`,
        { retryAfter: decision.retryAfterSeconds },
        {
          'retry-after': String(decision.retryAfterSeconds),
          'ratelimit-limit': String(decision.limit),
          'ratelimit-remaining': String(decision.remaining),
          'ratelimit-reset': String(decision.resetSeconds),
        },
      );
    }
    await next();
  });
}
