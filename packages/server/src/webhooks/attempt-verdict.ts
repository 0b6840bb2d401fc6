/**
 * What one attempt's result means for its delivery, as a value: 2xx succeeds; 410 kills the delivery
 * and disables the subscription; anything else (3xx included: redirects are not followed, 4xx, 5xx,
 * a timeout, a refused address) fails and is retried on the schedule, no sooner than `Retry-After`
 * on 429 and 503, until the schedule runs out and the delivery is dead. Pure.
 */
import type { WebhookConfig } from './config.ts';
import { nextRetryDelay, parseRetryAfter } from './retry-schedule.ts';
import type { SendResult } from './send-webhook.ts';

export interface AttemptVerdict {
  /** The attempt's own outcome, for the log. */
  outcome: 'succeeded' | 'failed';
  /** The delivery's next state. */
  state: 'succeeded' | 'failed' | 'dead';
  nextAttemptAt: Date | null;
  statusCode: number | null;
  error: string | null;
  /** 410 Gone: the receiver asked to stop; the subscription is disabled. */
  disableSubscription: boolean;
}

/** The verdict on an attempt that ended at `now`, the `attemptsInRound`-th of its round. */
export function judgeAttempt(
  result: SendResult,
  attemptsInRound: number,
  config: Pick<WebhookConfig, 'retrySchedule' | 'jitter' | 'maxRetryAfterMs'>,
  now: Date,
  random: () => number,
): AttemptVerdict {
  const statusCode = result.kind === 'response' ? result.status : null;
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) {
    return {
      outcome: 'succeeded',
      state: 'succeeded',
      nextAttemptAt: null,
      statusCode,
      error: null,
      disableSubscription: false,
    };
  }
  if (statusCode === 410) {
    return {
      outcome: 'failed',
      state: 'dead',
      nextAttemptAt: null,
      statusCode,
      error: 'the endpoint answered 410 Gone: the subscription was disabled',
      disableSubscription: true,
    };
  }
  const failed = (error: string, delay: number | null): AttemptVerdict => ({
    outcome: 'failed',
    state: delay === null ? 'dead' : 'failed',
    nextAttemptAt: delay === null ? null : new Date(now.getTime() + delay),
    statusCode,
    error,
    disableSubscription: false,
  });
  if (result.kind === 'error') {
    // Interrupted by our own shutdown: not the receiver's fault, so try again at once, even past the schedule.
    if (result.interrupted) return failed(result.error, 0);
    return failed(result.error, nextRetryDelay(config.retrySchedule, attemptsInRound, config.jitter, random));
  }
  let delay = nextRetryDelay(config.retrySchedule, attemptsInRound, config.jitter, random);
  const status = result.status;
  if (delay !== null && (status === 429 || status === 503)) {
    const retryAfter = parseRetryAfter(result.retryAfter, now);
    if (retryAfter !== null) delay = Math.max(delay, Math.min(retryAfter, config.maxRetryAfterMs));
  }
  const error =
    status >= 300 && status < 400 ? `HTTP ${status}: redirects are not followed` : `HTTP ${status}`;
  return failed(error, delay);
}
