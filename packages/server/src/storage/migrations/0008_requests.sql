-- One request model on a conversation. Consults and approvals live here; handoffs (and the handoffs
-- a transfer queues) keep their own table and are read as requests of kind `handoff` / `transfer`.
-- A request's deadline and what happens at it are stored, so a deadline that passes while no server
-- runs is applied by the first housekeeping round after a restart.
CREATE TABLE requests (
  id text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('consult', 'approval')),
  status text NOT NULL CHECK (status IN ('open', 'answered', 'timed_out', 'cancelled')),
  question text NOT NULL,
  options jsonb NOT NULL,
  queue text NOT NULL,
  priority text NOT NULL,
  created_by text NOT NULL,
  created_by_key text,
  created_at timestamptz NOT NULL,
  deadline_at timestamptz,
  on_deadline jsonb,
  answer jsonb,
  answered_by text,
  answered_by_key text,
  answered_at timestamptz,
  ended_at timestamptz,
  -- What the deadline did (`default`, `escalate`, `cancel`), when it was the deadline that ended it.
  deadline_outcome text,
  escalated_handoff_id text
);
CREATE INDEX requests_conversation ON requests (conversation_id, created_at);
CREATE INDEX requests_open_queue ON requests (queue, created_at) WHERE status = 'open';
CREATE INDEX requests_open_deadline ON requests (deadline_at) WHERE status = 'open' AND deadline_at IS NOT NULL;

-- A structured hand-back: what the operator did, promised and told the agent, when they returned
-- the conversation. The handoff may be deleted by retention before the hand-back is.
CREATE TABLE hand_backs (
  id text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  handoff_id text NOT NULL,
  author text NOT NULL,
  note text,
  actions jsonb NOT NULL,
  must jsonb NOT NULL,
  must_not jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX hand_backs_conversation ON hand_backs (conversation_id, created_at);

-- What an operator promised the customer; carried in every agent answer while open.
CREATE TABLE promises (
  id text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  hand_back_id text NOT NULL REFERENCES hand_backs (id) ON DELETE CASCADE,
  text text NOT NULL,
  due_at timestamptz,
  status text NOT NULL CHECK (status IN ('open', 'kept')),
  created_at timestamptz NOT NULL,
  kept_at timestamptz,
  kept_by text
);
CREATE INDEX promises_open ON promises (conversation_id) WHERE status = 'open';

-- Short-lived tokens that let a chat widget read one conversation's customer status stream.
-- Only a hash of the token is stored.
CREATE TABLE customer_tokens (
  token_hash text PRIMARY KEY,
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  created_by_key text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX customer_tokens_expiry ON customer_tokens (expires_at);

-- Open promises per conversation, so a turn knows without a query whether it must carry any.
ALTER TABLE conversations ADD COLUMN open_promises integer NOT NULL DEFAULT 0;
