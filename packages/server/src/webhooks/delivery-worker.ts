/**
 * The delivery worker, one per server instance. Each pass fans new events out into deliveries,
 * leases the due ones within its limits (in all, and per subscription, so a slow or failing
 * endpoint holds a few slots at most and never delays other subscribers), and sends them in the
 * background; each result is recorded under its lease. A new event wakes it at once (the service's
 * event wake-up, across instances on PostgreSQL); due retries are found by polling.
 */
import http from 'node:http';
import https from 'node:https';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Database } from '../storage/database.ts';
import { judgeAttempt } from './attempt-verdict.ts';
import { completeAttempt } from './complete-attempt.ts';
import type { WebhookConfig } from './config.ts';
import { fanOutEvents } from './fan-out.ts';
import { leaseDeliveries, subscriptionsWithDueDeliveries, type LeasedDelivery } from './lease-deliveries.ts';
import { pruneDeliveries } from './prune-deliveries.ts';
import { sendWebhook } from './send-webhook.ts';
import { signatureHeader } from './signature.ts';

const USER_AGENT = 'Baton-Webhooks/1.0';
/** Finished deliveries deleted per prune batch. */
const PRUNE_BATCH = 5_000;

export interface DeliveryWorkerOptions {
  database: Database;
  config: WebhookConfig;
  now?: () => Date;
  /** The jitter's random source, in [0, 1). */
  random?: () => number;
  /** Names this worker in leases and in the attempt log. */
  workerId?: string;
  /** Resolves when new events may be readable (the service's `waitForEvents`). */
  waitForEvents?: (signal: AbortSignal) => Promise<void>;
  logError?: (error: unknown) => void;
}

/** A promise and its resolver. */
/** The shortest time between two passes started by new events (not by a kick or the poll). */
const EVENT_PASS_SPACING_MS = 20;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

export class DeliveryWorker {
  readonly id: string;
  /** Completions refused because the lease had been lost (the attempt is logged `lease_expired`). */
  refusedCompletions = 0;
  readonly #database: Database;
  readonly #config: WebhookConfig;
  readonly #now: () => Date;
  readonly #random: () => number;
  readonly #waitForEvents: ((signal: AbortSignal) => Promise<void>) | undefined;
  readonly #logError: (error: unknown) => void;
  /** Attempts in progress, by `deliveryId#attempt`. */
  readonly #inFlight = new Map<string, Promise<void>>();
  readonly #perSubscription = new Map<string, number>();
  /** Ends the loop. */
  readonly #stopping = new AbortController();
  /** Interrupts attempts in progress (after the stop grace). */
  readonly #interrupt = new AbortController();
  /** Kept-alive connections, as Node's global agent keeps them (idle ones close after 5 s). */
  readonly #agents = {
    http: new http.Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5_000 }),
    https: new https.Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5_000 }),
  };
  #loop: Promise<void> | null = null;
  #wake = deferred();
  /** When this worker last pruned (epoch ms); the first pass prunes. */
  #prunedAt = Number.NEGATIVE_INFINITY;

  constructor(options: DeliveryWorkerOptions) {
    this.#database = options.database;
    this.#config = options.config;
    this.#now = options.now ?? (() => new Date());
    this.#random = options.random ?? Math.random;
    this.#waitForEvents = options.waitForEvents;
    this.#logError = options.logError ?? ((error) => console.error('baton: webhook worker error', error));
    this.id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  }

  /** Starts the loop (idempotent). */
  start(): void {
    if (this.#stopping.signal.aborted) throw new Error('A stopped webhook worker cannot start again.');
    this.#loop ??= this.#run();
  }

  /** Asks for a pass now (a delivery became due, or a slot freed up). */
  kick(): void {
    this.#wake.resolve();
  }

  /**
   * One pass, without the loop: fans out, leases what is due within the limits and starts sending.
   * Resolves once the attempts are started; `drain()` waits for them. Returns true when more work is
   * waiting right now.
   */
  async runOnce(): Promise<boolean> {
    const now = this.#now();
    const fanned = await fanOutEvents(this.#database, {
      now,
      firstDelayMs: this.#config.retrySchedule[0] ?? 0,
      batchSize: this.#config.fanOutBatchSize,
      exposeContacts: this.#config.exposeContacts,
    });
    let free = this.#config.maxInFlight - this.#inFlight.size;
    if (free <= 0) return fanned.more;
    const due = await subscriptionsWithDueDeliveries(this.#database, now);
    // A random order, so no subscription always goes first when slots are short.
    for (let index = due.length - 1; index > 0; index--) {
      const other = Math.floor(this.#random() * (index + 1));
      [due[index], due[other]] = [due[other]!, due[index]!];
    }
    for (const subscriptionId of due) {
      const slots = Math.min(
        free,
        this.#config.maxInFlightPerSubscription - (this.#perSubscription.get(subscriptionId) ?? 0),
      );
      if (slots <= 0) continue;
      const leased = await leaseDeliveries(this.#database, {
        subscriptionId,
        workerId: this.id,
        now: this.#now(),
        leaseMs: this.#config.leaseMs,
        limit: slots,
      });
      for (const delivery of leased) this.#launch(delivery);
      free -= leased.length;
      if (free <= 0) break;
    }
    return fanned.more;
  }

  /** Forgets finished deliveries past retention, in batches; returns how many. */
  async prune(): Promise<number> {
    const before = new Date(this.#now().getTime() - this.#config.retentionMs);
    let total = 0;
    for (;;) {
      const pruned = await pruneDeliveries(this.#database, { before, limit: PRUNE_BATCH });
      total += pruned;
      if (pruned < PRUNE_BATCH) return total;
    }
  }

  /** Resolves when every attempt in progress has been recorded. */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight.values()]);
  }

  /**
   * Stops the loop, lets attempts in progress finish for `stopGraceMs`, then interrupts the rest
   * (recorded as failed, due again at once, for any instance to retry).
   */
  async stop(): Promise<void> {
    this.#stopping.abort();
    this.kick();
    await this.#loop;
    const grace = setTimeout(() => this.#interrupt.abort(), this.#config.stopGraceMs);
    try {
      await this.drain();
    } finally {
      clearTimeout(grace);
      this.#agents.http.destroy();
      this.#agents.https.destroy();
    }
  }

  async #run(): Promise<void> {
    let passStartedAt = Number.NEGATIVE_INFINITY;
    let wokenByEvents = false;
    while (!this.#stopping.signal.aborted) {
      // Under a stream of commits (a busy turn path), one pass per EVENT_PASS_SPACING_MS covers them
      // all, rather than a fan-out transaction and a lease query per commit. A kick or the poll
      // timer is not held back.
      const wait = passStartedAt + EVENT_PASS_SPACING_MS - performance.now();
      if (wokenByEvents && wait > 0) {
        let timer: NodeJS.Timeout | undefined;
        let stopped = () => {};
        await Promise.race([
          this.#wake.promise,
          new Promise<void>((resolve) => (timer = setTimeout(resolve, wait))),
          new Promise<void>((resolve) => {
            stopped = resolve;
            this.#stopping.signal.addEventListener('abort', stopped, { once: true });
          }),
        ]);
        clearTimeout(timer);
        this.#stopping.signal.removeEventListener('abort', stopped);
        if (this.#stopping.signal.aborted) break;
      }
      passStartedAt = performance.now();
      wokenByEvents = false;
      this.#wake = deferred();
      const waiting = new AbortController();
      // Armed before the pass, so an event committed during it wakes the next wait.
      const eventWake =
        this.#waitForEvents?.(waiting.signal).catch(() => new Promise<void>(() => {})) ??
        new Promise<void>(() => {});
      let more = false;
      try {
        more = await this.runOnce();
        if (this.#now().getTime() - this.#prunedAt >= this.#config.pruneIntervalMs) {
          this.#prunedAt = this.#now().getTime();
          await this.prune();
        }
      } catch (error) {
        this.#logError(error);
      }
      if (!more && !this.#stopping.signal.aborted) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          eventWake.then(() => {
            if (!waiting.signal.aborted) wokenByEvents = true;
          }),
          this.#wake.promise,
          new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#config.pollIntervalMs))),
        ]);
        clearTimeout(timer);
      }
      waiting.abort();
    }
  }

  #launch(delivery: LeasedDelivery): void {
    const key = `${delivery.id}#${delivery.attempt}`;
    const subscriptionId = delivery.subscriptionId;
    this.#perSubscription.set(subscriptionId, (this.#perSubscription.get(subscriptionId) ?? 0) + 1);
    const run = this.#attempt(delivery)
      .catch((error: unknown) => this.#logError(error))
      .finally(() => {
        this.#inFlight.delete(key);
        const count = (this.#perSubscription.get(subscriptionId) ?? 1) - 1;
        if (count > 0) this.#perSubscription.set(subscriptionId, count);
        else this.#perSubscription.delete(subscriptionId);
        this.kick();
      });
    this.#inFlight.set(key, run);
  }

  /** Signs and sends one attempt, then records its verdict under the lease. */
  async #attempt(delivery: LeasedDelivery): Promise<void> {
    const sentAt = this.#now();
    const timestamp = Math.floor(sentAt.getTime() / 1_000);
    const secrets = [delivery.secret];
    if (
      delivery.previousSecret !== null &&
      delivery.previousSecretExpiresAt !== null &&
      delivery.previousSecretExpiresAt > sentAt
    ) {
      secrets.push(delivery.previousSecret);
    }
    const body = Buffer.from(delivery.payload, 'utf8');
    const result = await sendWebhook({
      url: delivery.url,
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'webhook-id': delivery.id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader(secrets, delivery.id, timestamp, body),
      },
      body,
      timeoutMs: this.#config.timeoutMs,
      allowPrivate: this.#config.allowPrivateUrls,
      signal: this.#interrupt.signal,
      agents: this.#agents,
    });
    const endedAt = this.#now();
    const verdict = judgeAttempt(
      result,
      delivery.attempt - delivery.roundStart,
      this.#config,
      endedAt,
      this.#random,
    );
    const accepted = await completeAttempt(this.#database, {
      deliveryId: delivery.id,
      attempt: delivery.attempt,
      workerId: this.id,
      now: endedAt,
      verdict,
      durationMs: result.durationMs,
      responseExcerpt: result.kind === 'response' && result.excerpt !== '' ? result.excerpt : null,
    });
    if (!accepted) this.refusedCompletions += 1;
  }
}
