/**
 * docs/protocol.md shows the transition table as `renderTransitionTable()` renders it from
 * `TRANSITIONS`; this test fails when the code and the page differ, so the docs cannot drift.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { TRANSITIONS, renderTransitionTable } from '../../src/requests/transitions.ts';

const PAGE = new URL('../../../../docs/protocol.md', import.meta.url);
const START = '<!-- transition-table:start -->';
const END = '<!-- transition-table:end -->';

describe('the transition table in docs/protocol.md', () => {
  it('is the table the code reads, rendered', async () => {
    const page = await readFile(PAGE, 'utf8');
    expect(page).toContain(START);
    expect(page).toContain(END);
    const shown = page.slice(page.indexOf(START) + START.length, page.indexOf(END)).trim();
    expect(shown).toBe(renderTransitionTable());
  });

  it('renders every kind, every move and every event of the table', () => {
    const rendered = renderTransitionTable();
    for (const [kind, lifecycle] of Object.entries(TRANSITIONS)) {
      expect(rendered).toContain(`### \`${kind}\``);
      for (const [move, transition] of Object.entries(lifecycle.moves)) {
        expect(rendered).toMatch(new RegExp(`\\| \`${move}\` +\\|[^\\n]*\\| \`${transition.event}\` +\\|`));
      }
    }
  });
});
