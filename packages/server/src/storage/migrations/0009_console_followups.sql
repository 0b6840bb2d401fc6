-- The console's follow-ups: a callback the customer left (or a customer who left while waiting)
-- marked done by an operator, once. Kept apart from the handoff row, whose lifecycle it does not
-- change; it goes with its handoff.
CREATE TABLE callback_followups (
  handoff_id text PRIMARY KEY REFERENCES handoffs (id) ON DELETE CASCADE,
  done_by text NOT NULL,
  done_at timestamptz NOT NULL
);

-- Search over what was said: a case-insensitive substring (ILIKE) reads the turns of a conversation
-- by time; this keeps the newest first cheap when many conversations match.
CREATE INDEX turns_at_idx ON turns (at DESC);
