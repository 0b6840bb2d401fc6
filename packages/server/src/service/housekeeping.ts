/**
 * The service's periodic chores, run by each server instance: forget old idempotency records,
 * (when configured) expire handoffs left waiting too long, so the customer is not promised a person
 * forever, apply the deadlines of consults and approvals, and delete what is past its retention. Each is safe to run on several instances at once.
 */
import type { BatonService } from './create-service.ts';
import type { SweepResult } from './routing.ts';
import { RETENTION_DEFAULTS, type RetentionResult, type RetentionSettings } from './retention.ts';

export interface HousekeepingOptions {
  /** Idempotency records older than this are forgotten (retries come within minutes). */
  idempotencyTtlMs: number;
  /** Handoffs queued longer than this expire; null leaves them waiting. */
  handoffMaxWaitMs: number | null;
  /** How long events, turns and ended handoffs are kept (service/retention.ts). */
  retention: RetentionSettings;
}

/** Defaults: idempotency records kept a day; handoffs never expire unless configured. */
export const HOUSEKEEPING_DEFAULTS = {
  idempotencyTtlMs: 24 * 60 * 60_000,
  handoffMaxWaitMs: null,
  retention: RETENTION_DEFAULTS,
} satisfies HousekeepingOptions;

/** Runs the chores once; returns what they did. */
export async function runHousekeeping(
  service: BatonService,
  options: HousekeepingOptions,
): Promise<{
  prunedIdempotencyKeys: number;
  expiredHandoffs: number;
  timedOutRequests: number;
  retention: RetentionResult;
  routing: SweepResult;
}> {
  // Request deadlines are stored, so one that passed while no server ran is applied here on restart.
  const timedOut = await service.applyRequestDeadlines();
  const prunedIdempotencyKeys = await service.pruneIdempotencyKeys({ olderThanMs: options.idempotencyTtlMs });
  // Lapsed offers, due ladder steps, new offers and changed ETAs (service/routing.ts).
  const routing = await service.routeNow();
  const expired =
    options.handoffMaxWaitMs === null
      ? []
      : await service.expireHandoffs({ maxWaitMs: options.handoffMaxWaitMs });
  const retention = await service.applyRetention(options.retention);
  return {
    prunedIdempotencyKeys,
    expiredHandoffs: expired.length,
    timedOutRequests: timedOut.length,
    retention,
    routing,
  };
}

/** Runs the chores every `intervalMs` until stopped; a failed round is logged and retried next time. */
export function startHousekeeping(
  service: BatonService,
  options: HousekeepingOptions & { intervalMs: number; logError: (error: unknown) => void },
): () => void {
  let running = false;
  // Deadlines that passed while no server ran are applied at once, not a whole interval later.
  running = true;
  service
    .applyRequestDeadlines()
    .catch(options.logError)
    .finally(() => (running = false));
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runHousekeeping(service, options)
      .catch(options.logError)
      .finally(() => (running = false));
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Runs a routing round every `intervalMs` (offers lapse in seconds, so more often than the chores). */
export function startRouting(
  service: BatonService,
  options: { intervalMs: number; logError: (error: unknown) => void },
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    service
      .routeNow()
      .catch(options.logError)
      .finally(() => (running = false));
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
