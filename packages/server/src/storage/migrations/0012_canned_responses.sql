-- Canned responses the console offers operators: managed by leads (admin keys), per team (queue,
-- null for every team) and per language (null for any). `version` starts at 1 and grows by one per
-- edit, so an edit made from a stale copy is refused instead of overwriting a colleague's.
CREATE TABLE canned_responses (
  id text PRIMARY KEY,
  title text NOT NULL,
  shortcut text,
  body text NOT NULL,
  queue text,
  language text,
  version integer NOT NULL DEFAULT 1,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL
);

-- The composer lists by team and language; a shortcut names one response per team and language.
CREATE INDEX canned_responses_scope_idx ON canned_responses (queue, language);
CREATE UNIQUE INDEX canned_responses_shortcut_idx
  ON canned_responses (shortcut, coalesce(queue, ''), coalesce(language, ''))
  WHERE shortcut IS NOT NULL;
