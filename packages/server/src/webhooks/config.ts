/**
 * The webhook settings, with every default in one place. `main.ts` reads the environment and passes
 * overrides in; nothing under `webhooks/` reads `process.env`.
 */

export interface WebhookConfig {
  /**
   * The delay before each attempt, in milliseconds; its length is the number of attempts. The first
   * is the first attempt's (0: at once); after the last failed attempt the delivery is `dead`.
   */
  retrySchedule: readonly number[];
  /** Each delay is multiplied by a random factor in [1 - jitter, 1 + jitter], so retries spread out. */
  jitter: number;
  /** One attempt (connect, send, response headers and the start of the body) gives up after this. */
  timeoutMs: number;
  /** How long a worker holds a delivery it sends; must exceed `timeoutMs`. Expired leases are taken over. */
  leaseMs: number;
  /** Attempts one worker runs at once, over every subscription. */
  maxInFlight: number;
  /** Attempts one worker runs at once for one subscription, so a slow endpoint never takes every slot. */
  maxInFlightPerSubscription: number;
  /** How often a worker looks for due retries (new events wake it at once). */
  pollIntervalMs: number;
  /** Events fanned out to one subscription per pass. */
  fanOutBatchSize: number;
  /** Loopback, link-local and private addresses are refused unless this is on (BATON_WEBHOOKS_ALLOW_PRIVATE=1). */
  allowPrivateUrls: boolean;
  /** How long the old secret keeps signing after a rotation, unless the request says otherwise. */
  rotationGraceMs: number;
  /** Active subscriptions allowed at once. */
  maxSubscriptions: number;
  /** The longest `Retry-After` honoured. */
  maxRetryAfterMs: number;
  /** How long `stop()` lets attempts in progress finish before it interrupts them. */
  stopGraceMs: number;
  /** Finished deliveries (succeeded or dead) and their attempts are forgotten after this long. */
  retentionMs: number;
  /** How often a worker prunes what is past retention. */
  pruneIntervalMs: number;
  /** Emails and phones go out in clear (BATON_EXPOSE_CONTACTS=webhooks); masked by default. */
  exposeContacts: boolean;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The Standard Webhooks example schedule: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
export const STANDARD_RETRY_SCHEDULE = [
  0,
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  14 * HOUR,
  20 * HOUR,
  24 * HOUR,
] as const;

export const WEBHOOK_DEFAULTS = {
  retrySchedule: STANDARD_RETRY_SCHEDULE,
  jitter: 0.1,
  timeoutMs: 15 * SECOND,
  leaseMs: 60 * SECOND,
  maxInFlight: 32,
  maxInFlightPerSubscription: 4,
  pollIntervalMs: SECOND,
  fanOutBatchSize: 500,
  allowPrivateUrls: false,
  rotationGraceMs: 24 * HOUR,
  maxSubscriptions: 100,
  maxRetryAfterMs: 24 * HOUR,
  stopGraceMs: 5 * SECOND,
  retentionMs: 30 * 24 * HOUR,
  pruneIntervalMs: HOUR,
  exposeContacts: false,
} satisfies WebhookConfig;

/** The defaults with `overrides` applied, checked (a lease shorter than the timeout would be lost mid-attempt). */
export function webhookConfig(overrides: Partial<WebhookConfig> = {}): WebhookConfig {
  const config: WebhookConfig = { ...WEBHOOK_DEFAULTS, ...overrides };
  if (config.retrySchedule.length === 0)
    throw new Error('webhooks: the retry schedule needs one delay at least.');
  if (config.retrySchedule.some((delay) => !(delay >= 0))) {
    throw new Error('webhooks: retry delays are milliseconds, 0 or more.');
  }
  if (!(config.leaseMs > config.timeoutMs)) {
    throw new Error(`webhooks: leaseMs (${config.leaseMs}) must exceed timeoutMs (${config.timeoutMs}).`);
  }
  if (!(config.jitter >= 0 && config.jitter < 1))
    throw new Error('webhooks: jitter is a fraction in [0, 1).');
  if (config.maxInFlight < 1 || config.maxInFlightPerSubscription < 1) {
    throw new Error('webhooks: concurrency limits are 1 or more.');
  }
  return config;
}
