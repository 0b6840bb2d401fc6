-- Routing: queue configuration versions (like policies), operators' capacity, skills and languages,
-- and on each handoff what routing needs stored rather than held in timers: the customer's language
-- and segment, the live offer and its deadline, the operators who already let it pass, the queues it
-- was widened to, the acceptance-ladder steps already applied, and the last ETA told.
CREATE SEQUENCE queue_configs_activation_seq;
CREATE TABLE queue_configs (
  version text PRIMARY KEY,
  document jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  activated_at timestamptz NOT NULL,
  activation bigint NOT NULL DEFAULT nextval('queue_configs_activation_seq')
);
CREATE INDEX queue_configs_activation ON queue_configs (activation DESC);

ALTER TABLE operator_presence ADD COLUMN capacity integer CHECK (capacity IS NULL OR capacity >= 1);
ALTER TABLE operator_presence ADD COLUMN skills text[] NOT NULL DEFAULT '{}';
ALTER TABLE operator_presence ADD COLUMN languages text[] NOT NULL DEFAULT '{}';

ALTER TABLE handoffs ADD COLUMN language text;
ALTER TABLE handoffs ADD COLUMN segment text;
ALTER TABLE handoffs ADD COLUMN offered_to_key text;
ALTER TABLE handoffs ADD COLUMN offered_to text;
ALTER TABLE handoffs ADD COLUMN offer_expires_at timestamptz;
ALTER TABLE handoffs ADD COLUMN passed_by text[] NOT NULL DEFAULT '{}';
ALTER TABLE handoffs ADD COLUMN widened_to text[] NOT NULL DEFAULT '{}';
ALTER TABLE handoffs ADD COLUMN ladder_step smallint NOT NULL DEFAULT 0;
ALTER TABLE handoffs ADD COLUMN eta jsonb;
CREATE INDEX handoffs_offer_due ON handoffs (offer_expires_at) WHERE status = 'queued' AND offer_expires_at IS NOT NULL;
CREATE INDEX handoffs_claimed_by_key ON handoffs (claimed_by_key) WHERE status = 'claimed';
