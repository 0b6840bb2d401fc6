-- The seq of the newest turn a waiting handoff's stored brief was built from. The brief is rebuilt in
-- the turn's transaction but written after it commits (so a turn never locks a handoff and a claim
-- never waits on a turn); two such writes may land out of order, and this keeps the newer one.
ALTER TABLE handoffs ADD COLUMN brief_seq integer;
