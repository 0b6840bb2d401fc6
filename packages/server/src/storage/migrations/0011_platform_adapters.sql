-- Platform adapters (Bot Framework, Meta's handover protocol, ...): which platform thread a
-- conversation belongs to, and each adapter's place in the event log with a lease, so one instance
-- at a time tells the platform what happened, in order, at least once.
CREATE TABLE adapter_links (
  conversation_id text PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
  platform text NOT NULL,
  reference jsonb NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE INDEX adapter_links_platform ON adapter_links (platform);

CREATE TABLE adapter_cursors (
  platform text PRIMARY KEY,
  cursor_tx xid8 NOT NULL,
  cursor_id bigint NOT NULL,
  failures integer NOT NULL DEFAULT 0,
  lease_owner text,
  leased_until timestamptz
);
