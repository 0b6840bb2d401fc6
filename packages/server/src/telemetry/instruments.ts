/**
 * The instruments the server records into as things happen. Names are the Prometheus names (the
 * `/metrics` output and the Grafana dashboard use them as they are); docs/operations.md lists each
 * with its labels. Gauges read on collection live in gauges.ts.
 */
import type { Counter, Histogram, Meter, UpDownCounter } from '@opentelemetry/api';

/** Seconds: from a fast read (a few ms) to a slow long-poll. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface Instruments {
  /** `method`, `route` (the pattern, e.g. `/v1/handoffs/:id/claim`), `status`. */
  httpDuration: Histogram;
  /** One per turn answered: `action` (continue, handoff, ...), `trigger` (`none` without one). */
  decisions: Counter;
  /** One per trigger that fired on a turn: `trigger`, `action`, `shadow`. */
  firings: Counter;
  /** Event streams (SSE) open now: `route`. */
  sseConnections: UpDownCounter;
}

export function createInstruments(meter: Meter): Instruments {
  return {
    httpDuration: meter.createHistogram('baton_http_request_duration_seconds', {
      description: 'HTTP requests: time to the response headers, by method, route pattern and status',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    decisions: meter.createCounter('baton_decisions', {
      description: 'Turns the engine decided on, by action and trigger',
    }),
    firings: meter.createCounter('baton_trigger_firings', {
      description: 'Triggers that fired on a turn, by trigger, action and whether in shadow mode',
    }),
    sseConnections: meter.createUpDownCounter('baton_sse_connections', {
      description: 'Server-Sent Event streams open on this instance',
    }),
  };
}
