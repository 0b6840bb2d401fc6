-- Keys that expire, and a notification on every change to a key, so that each instance drops its
-- cached lookup of that key at once (a revocation in SQL by hand included). The payload is the key's
-- id, never its hash.
ALTER TABLE api_keys ADD COLUMN expires_at timestamptz;

CREATE FUNCTION baton_notify_key_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('baton_keys', OLD.id);
  RETURN NULL;
END;
$$;

CREATE TRIGGER api_keys_changed
AFTER UPDATE OR DELETE ON api_keys
FOR EACH ROW EXECUTE FUNCTION baton_notify_key_change();
