/** Earlier hand-backs as the brief shows them, and as Markdown for tickets and emails. */
import type { Queryable } from '../storage/database.ts';
import { listHandBacks, type HandBack } from './hand-back.ts';

/** The brief's `handBacks` section: each earlier hand-back with its promises (open or kept). */
export async function briefHandBacks(tx: Queryable, conversationId: string): Promise<HandBack[]> {
  return listHandBacks(tx, conversationId);
}

/** The hand-backs of a brief as a Markdown section (empty when there are none). */
export function renderHandBacksMarkdown(brief: unknown): string {
  const handBacks = (brief as { handBacks?: HandBack[] } | null)?.handBacks;
  if (!Array.isArray(handBacks) || handBacks.length === 0) return '';
  const lines = ['', '## Earlier hand-backs', ''];
  for (const handBack of handBacks) {
    lines.push(`- ${handBack.createdAt} by ${handBack.author}${handBack.note ? `: ${handBack.note}` : ''}`);
    for (const action of handBack.actions) lines.push(`  - did: ${action.action} → ${action.result}`);
    for (const promise of handBack.promises) {
      lines.push(
        `  - promised: ${promise.text}${promise.dueAt ? ` (by ${promise.dueAt})` : ''} [${promise.status}]`,
      );
    }
    for (const rule of handBack.must) lines.push(`  - agent must: ${rule}`);
    for (const rule of handBack.mustNot) lines.push(`  - agent must not: ${rule}`);
  }
  return `${lines.join('\n')}\n`;
}
