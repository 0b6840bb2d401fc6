-- Events in commit order without a global lock: each event records the id of the transaction that
-- wrote it (xid8, assigned when the transaction first writes). Readers order by (tx, id) and read
-- only rows whose tx is below the oldest transaction still running (pg_snapshot_xmin): every
-- transaction that can still commit has a tx at or above it, so nothing can appear before a row
-- already read. Rows written before this migration keep tx 0, in their old (id) order.
ALTER TABLE events ADD COLUMN tx xid8 NOT NULL DEFAULT '0';
ALTER TABLE events ALTER COLUMN tx SET DEFAULT pg_current_xact_id();
CREATE INDEX events_position ON events (tx, id);

-- The webhook outbox cursor becomes a position too: (event_cursor_tx, event_cursor).
ALTER TABLE webhook_subscriptions ADD COLUMN event_cursor_tx xid8 NOT NULL DEFAULT '0';

-- Retention prunes the oldest events as a prefix of the (tx, id) order; the last position pruned
-- is kept here, so a cursor at or before it is told `cursor_expired` rather than resumed with a gap.
CREATE TABLE event_horizon (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  tx xid8 NOT NULL,
  id bigint NOT NULL,
  pruned_at timestamptz NOT NULL
);

-- Retention of turns and closed handoffs goes by time, in bounded batches.
CREATE INDEX turns_at ON turns (at);
CREATE INDEX handoffs_ended ON handoffs (ended_at) WHERE ended_at IS NOT NULL;
