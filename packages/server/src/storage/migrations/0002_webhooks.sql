-- Webhooks: subscriptions, and the deliveries fanned out to them from the events table (the
-- transactional outbox: every event commits with its change). One delivery per (subscription,
-- event), sent under a lease, retried with backoff, dead-lettered after the last attempt.

CREATE TABLE webhook_subscriptions (
  id text PRIMARY KEY,
  url text NOT NULL,
  -- The event types delivered; '{*}' for every type.
  event_types text[] NOT NULL,
  description text,
  status text NOT NULL CHECK (status IN ('active', 'disabled')),
  -- Why it was disabled: 'deleted' (through the API) or 'gone' (the endpoint answered 410).
  disabled_reason text CHECK (disabled_reason IN ('deleted', 'gone')),
  -- The signing secret (`whsec_` + base64). Kept in clear: signing needs it, unlike an API key.
  secret text NOT NULL,
  -- The secret before the last rotation: it signs too, until previous_secret_expires_at.
  previous_secret text,
  previous_secret_expires_at timestamptz,
  -- The outbox cursor: every event up to this id has been fanned out to this subscription.
  -- Event ids become visible in id order (events.ts), so `id > event_cursor` misses nothing.
  event_cursor bigint NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  disabled_at timestamptz
);
CREATE INDEX webhook_subscriptions_active ON webhook_subscriptions (id) WHERE status = 'active';

CREATE TABLE webhook_deliveries (
  -- Sent as `webhook-id`: the same on every attempt, the receiver's idempotency key.
  id text PRIMARY KEY,
  subscription_id text NOT NULL REFERENCES webhook_subscriptions (id),
  event_id bigint NOT NULL,
  event_type text NOT NULL,
  -- The exact body sent on every attempt (the signature covers these bytes).
  payload text NOT NULL,
  -- pending: waiting for its first attempt (or replayed); sending: leased to a worker;
  -- failed: the last attempt failed, retried at next_attempt_at; succeeded; dead: no attempt left.
  state text NOT NULL CHECK (state IN ('pending', 'sending', 'failed', 'succeeded', 'dead')),
  -- Attempts started so far; also the fencing token of the current lease.
  attempt integer NOT NULL DEFAULT 0,
  -- The value of `attempt` when the current round began (0, or at the last replay).
  round_start integer NOT NULL DEFAULT 0,
  replays integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  locked_by text,
  lease_expires_at timestamptz,
  last_attempt_at timestamptz,
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL,
  succeeded_at timestamptz,
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (subscription_id, next_attempt_at)
  WHERE state IN ('pending', 'failed');
CREATE INDEX webhook_deliveries_leased ON webhook_deliveries (subscription_id, lease_expires_at)
  WHERE state = 'sending';

-- The delivery log: one row per attempt, opened when the lease is taken, closed with its result.
CREATE TABLE webhook_attempts (
  delivery_id text NOT NULL REFERENCES webhook_deliveries (id),
  attempt integer NOT NULL,
  worker text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  -- lease_expired: the worker lost its lease (crashed, or too slow); its result was refused.
  outcome text NOT NULL CHECK (outcome IN ('sending', 'succeeded', 'failed', 'lease_expired')),
  status_code integer,
  error text,
  -- The start of the response body, for the log.
  response_excerpt text,
  duration_ms integer,
  PRIMARY KEY (delivery_id, attempt)
);
