import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectHumanRequest } from '../src/signals/human-request.ts';
import { viewText } from '../src/text.ts';

interface Example {
  lang: string;
  text: string;
  label: 'person' | 'service' | 'none' | 'bot_question';
  form: string;
}

// Hand-written per language (see test/data/README.md); not taken from any evaluation source.
const examples = readFileSync(new URL('./data/human-request-examples.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Example);

/** The default policy hands off from this score and offers below it. */
const HANDOFF = 0.85;
const FIRES = 0.5;

describe('hand-written human_request examples', () => {
  it('covers every language with requests, services, traps and questions about the bot', () => {
    const languages = ['en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'zh', 'ja'];
    for (const lang of languages) {
      const labels = new Set(examples.filter((row) => row.lang === lang).map((row) => row.label));
      expect([...labels].sort(), lang).toEqual(expect.arrayContaining(['bot_question', 'none', 'person']));
    }
  });

  const cases = examples.map((row) => [row.lang, row.label, row.form, row.text] as const);

  it.each(cases)('%s %s (%s): %s', (_lang, label, _form, text) => {
    const reading = detectHumanRequest(viewText(text));
    if (label === 'person') {
      expect(reading.score).toBeGreaterThanOrEqual(HANDOFF);
      expect(reading.evidence.length).toBeGreaterThan(0);
    } else if (label === 'service') {
      expect(reading.score).toBeGreaterThanOrEqual(FIRES);
      expect(reading.score).toBeLessThan(HANDOFF);
      expect(reading.labels).toContain('service');
    } else {
      expect(reading.score).toBe(0);
      if (label === 'bot_question') expect(reading.labels).toContain('bot_question');
    }
  });
});
