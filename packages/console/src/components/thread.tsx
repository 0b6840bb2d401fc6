/**
 * The whole thread: customer, agent, operator and system turns told apart (label, side and colour),
 * tool calls and their results shown, internal notes in line (marked as never shown to the
 * customer), and a marker where the conversation was handed to a person. Text is shown exactly as
 * stored: what arrived masked stays masked.
 */
import type { ConversationView, Note, StoredTurn } from '@baton/sdk';
import { clockTime } from '../format.ts';
import { maskForDisplay } from '../mask.ts';

const ROLE_LABELS = {
  customer: 'Customer',
  agent: 'Agent (AI)',
  operator: 'Operator',
  system: 'System',
} as const;

type Item =
  | { kind: 'turn'; at: string; turn: StoredTurn }
  | { kind: 'note'; at: string; note: Note }
  | { kind: 'handoff'; at: string; label: string };

function ToolCalls({ turn }: { turn: StoredTurn }) {
  if (!turn.toolCalls || turn.toolCalls.length === 0) return null;
  return (
    <ul className="tool-calls" aria-label="Tool calls">
      {turn.toolCalls.map((call, index) => (
        <li key={index} className={call.ok ? 'ok' : 'failed'}>
          <details>
            <summary>
              <code>{call.name}</code>{' '}
              {call.ok ? 'returned' : `failed${call.error ? `: ${maskForDisplay(call.error).text}` : ''}`}
            </summary>
            {call.args ? <pre aria-label="Arguments">{JSON.stringify(call.args, null, 2)}</pre> : null}
            {call.result !== undefined ? (
              <pre aria-label="Result">{JSON.stringify(call.result, null, 2)}</pre>
            ) : null}
          </details>
        </li>
      ))}
    </ul>
  );
}

export function Thread({
  view,
  newFromTurnId = null,
}: {
  view: ConversationView;
  /** The first turn that arrived while the operator was reading above it: a divider goes before it. */
  newFromTurnId?: string | null;
}) {
  const items: Item[] = [
    ...view.turns.map((turn) => ({ kind: 'turn' as const, at: turn.at, turn })),
    ...view.notes.map((note) => ({ kind: 'note' as const, at: note.at, note })),
    ...view.handoffs.map((handoff) => ({
      kind: 'handoff' as const,
      at: handoff.requestedAt,
      label: `Handed to a person (${handoff.trigger.replace(/[-_]+/g, ' ')}, ${handoff.queue})`,
    })),
  ];
  // Stable by time; a handoff marker sorts after the turn that caused it (same instant).
  const order = { turn: 0, handoff: 1, note: 2 };
  items.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || order[a.kind] - order[b.kind]);
  return (
    <section className="thread" aria-labelledby="thread-title">
      <h3 id="thread-title">Conversation</h3>
      <ol className="turns" aria-live="polite" aria-relevant="additions">
        {items.map((item, index) => {
          if (item.kind === 'handoff') {
            return (
              <li key={`h-${index}`} className="marker">
                <span>{item.label}</span>
              </li>
            );
          }
          if (item.kind === 'note') {
            return (
              <li key={item.note.id} className="turn note">
                <div className="turn-head">
                  <span className="role">Internal note · {item.note.kind}</span>{' '}
                  <span className="author">{item.note.author}</span>{' '}
                  <time dateTime={item.at}>{clockTime(item.at)}</time>
                </div>
                <p dir="auto">{maskForDisplay(item.note.text).text}</p>
                <p className="note-hint">Not shown to the customer.</p>
              </li>
            );
          }
          const { turn } = item;
          const shown = maskForDisplay(turn.text);
          const row = (
            <li
              key={turn.id}
              className={`turn role-${turn.role}`}
              data-role={turn.role}
              data-turn-id={turn.id}
            >
              <div className="turn-head">
                <span className="role">{ROLE_LABELS[turn.role]}</span>
                {turn.author && turn.role !== 'customer' ? (
                  <span className="author"> {turn.author}</span>
                ) : null}{' '}
                <time dateTime={turn.at}>{clockTime(turn.at)}</time>
              </div>
              {turn.text ? (
                <p className="text" dir="auto">
                  {shown.text}
                </p>
              ) : null}
              {shown.masked ? <p className="masked-note">Card numbers and secrets are masked.</p> : null}
              <ToolCalls turn={turn} />
            </li>
          );
          if (turn.id !== newFromTurnId) return row;
          return [
            <li key="new-messages" className="new-divider" data-testid="new-messages">
              <span>New messages</span>
            </li>,
            row,
          ];
        })}
      </ol>
    </section>
  );
}
