-- Outcomes beyond the operator's resolve form (issue 6): the customer's rating and outcomes recorded
-- for a whole conversation (the misses: a bad ending without a handoff), plus the repeats the brief
-- spotted after a handoff was claimed. The other implicit outcomes (left while waiting, came back
-- within 24 hours, asked again after a return) are derived from handoffs and conversations at query
-- time, so they need no storage.

-- One row per conversation, upserted: a rating sent again replaces the first (idempotent).
CREATE TABLE conversation_outcomes (
  conversation_id text PRIMARY KEY REFERENCES conversations (id),
  -- The customer's rating, 1 (bad) .. 5 (good), with an optional comment.
  rating smallint CHECK (rating BETWEEN 1 AND 5),
  rating_comment text,
  rated_at timestamptz,
  -- Recorded by the agent or an operator; null means "not said".
  resolved boolean,
  abandoned boolean,
  should_have_escalated boolean,
  notes text,
  recorded_by text,
  recorded_at timestamptz,
  updated_at timestamptz NOT NULL
);

-- Each repeat spotted on a turn after the handoff was claimed: {seq, kind, factType, value}, one per
-- turn and fact, so a retried request adds nothing twice.
ALTER TABLE handoffs ADD COLUMN repeats jsonb NOT NULL DEFAULT '[]';
ALTER TABLE handoffs ADD COLUMN repeat_count integer NOT NULL DEFAULT 0;

-- Metrics read handoffs by request time, and returns by customer.
CREATE INDEX handoffs_requested ON handoffs (requested_at);
CREATE INDEX handoffs_transferred_from ON handoffs (transferred_from) WHERE transferred_from IS NOT NULL;
CREATE INDEX conversations_created ON conversations (created_at, id);
CREATE INDEX conversations_customer ON conversations ((customer->>'id'), created_at);
-- Firings per trigger read only the (rare) turns whose decision has firings.
CREATE INDEX turns_with_firings ON turns (at) WHERE jsonb_array_length(decision->'firings') > 0;
