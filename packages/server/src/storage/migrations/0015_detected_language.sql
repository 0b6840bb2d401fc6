-- The customer's language detected from their turns when none is given (language-detection.ts):
-- the confident language, or the bounded sample of customer text detected so far (dropped once
-- a language is confident, so no turn detects again).
ALTER TABLE conversations ADD COLUMN detected_language text;
ALTER TABLE conversations ADD COLUMN language_sample text;
