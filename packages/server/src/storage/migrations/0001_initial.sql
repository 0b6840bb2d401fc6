-- Baton's first schema: keys, policies, conversations with their turns, handoffs with their notes,
-- the global event stream, idempotency records and operator presence.

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  scope text NOT NULL CHECK (scope IN ('agent', 'operator', 'admin')),
  name text NOT NULL,
  -- sha256 (hex) of the key's secret; the secret itself is never stored.
  secret_hash text NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);

CREATE TABLE policies (
  version text PRIMARY KEY,
  document jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  -- The current policy is the one activated last.
  activated_at timestamptz NOT NULL,
  activation bigserial NOT NULL
);
CREATE INDEX policies_activation ON policies (activation DESC);

CREATE TABLE conversations (
  id text PRIMARY KEY,
  -- The agent key that created it: only that key reads it (object-level authorisation).
  created_by_key text NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'waiting', 'with_operator', 'closed')),
  -- 'agent', or the name of the operator who owns it now.
  owner text NOT NULL,
  owner_key text,
  customer jsonb NOT NULL DEFAULT '{}',
  -- The engine's rolling state (JSON, small), passed back on the next turn.
  engine_state jsonb,
  -- The last turn's position; the next turn takes last_seq + 1 under this row's lock.
  last_seq integer NOT NULL DEFAULT -1,
  -- The operator's note waiting to be given to the agent once, after a return.
  return_note text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE turns (
  id text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversations (id),
  seq integer NOT NULL,
  role text NOT NULL CHECK (role IN ('customer', 'agent', 'operator', 'system')),
  text text NOT NULL,
  at timestamptz NOT NULL,
  author text,
  -- confidence, intent, topics, toolCalls, amount, metadata as given.
  details jsonb NOT NULL DEFAULT '{}',
  -- The engine's decision on this turn (with its firings), null when the engine was not asked.
  decision jsonb,
  policy_version text,
  UNIQUE (conversation_id, seq)
);

CREATE TABLE handoffs (
  id text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversations (id),
  status text NOT NULL
    CHECK (status IN ('queued', 'claimed', 'resolved', 'returned', 'transferred', 'abandoned', 'expired')),
  priority text NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  -- 0 (low) .. 3 (urgent), so the queue orders by urgency then waiting time.
  priority_rank smallint NOT NULL,
  queue text NOT NULL,
  trigger text NOT NULL,
  reason text NOT NULL,
  signal text,
  firings jsonb NOT NULL DEFAULT '[]',
  requested_at timestamptz NOT NULL,
  -- When it entered its current queue (differs from requested_at after a transfer).
  queued_at timestamptz NOT NULL,
  claimed_at timestamptz,
  claimed_by text,
  claimed_by_key text,
  ended_at timestamptz,
  outcome jsonb,
  callback jsonb,
  brief jsonb,
  policy_version text NOT NULL,
  -- The handoff this one continues after a transfer.
  transferred_from text REFERENCES handoffs (id)
);
-- At most one open handoff per conversation.
CREATE UNIQUE INDEX handoffs_open_per_conversation ON handoffs (conversation_id)
  WHERE status IN ('queued', 'claimed');
CREATE INDEX handoffs_waiting ON handoffs (queue, priority_rank DESC, queued_at) WHERE status = 'queued';
CREATE INDEX handoffs_recent_claims ON handoffs (queue, claimed_at DESC) WHERE claimed_at IS NOT NULL;
CREATE INDEX handoffs_conversation ON handoffs (conversation_id, requested_at);

CREATE TABLE notes (
  id text PRIMARY KEY,
  handoff_id text NOT NULL REFERENCES handoffs (id),
  conversation_id text NOT NULL REFERENCES conversations (id),
  author text NOT NULL,
  text text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('internal', 'transfer', 'return')),
  at timestamptz NOT NULL,
  -- Insertion order, for notes written at the same instant.
  position bigserial NOT NULL
);
CREATE INDEX notes_conversation ON notes (conversation_id, position);

-- The global stream. Ids are taken under a transaction-level advisory lock held until commit, so
-- they become visible in id order and a reader resuming after id n misses nothing.
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  type text NOT NULL,
  conversation_id text,
  handoff_id text,
  queue text,
  at timestamptz NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX events_queue ON events (queue, id);
CREATE INDEX events_conversation ON events (conversation_id, id);

-- Stripe-style idempotency: the first response for (key, idempotency key), stored as sent.
CREATE TABLE idempotency_keys (
  key_id text NOT NULL,
  idempotency_key text NOT NULL,
  request_hash text NOT NULL,
  -- The response JSON as text, so a retry gets the same bytes (jsonb would reorder keys).
  response text,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (key_id, idempotency_key)
);

CREATE TABLE operator_presence (
  key_id text PRIMARY KEY,
  name text NOT NULL,
  status text NOT NULL CHECK (status IN ('online', 'away', 'offline')),
  -- Queues the operator serves; empty means every queue.
  queues text[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL
);
