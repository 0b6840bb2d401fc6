/**
 * The one transition table of the request model. For every request kind (consult, approval,
 * handoff, transfer) it names the kind's statuses and whether each is still open or ended, the
 * status and event of its birth, and for every move the statuses it may start from, the status it
 * leads to and the event it emits. Consults and approvals keep the request statuses (`open`,
 * `answered`, ...); handoffs and transfers keep the handoff statuses (`queued`, `claimed`, ...): the
 * `statuses` map says, per kind, which of them are open and which ended, so the two sets of names
 * on the wire stay as they are and still mean one thing.
 *
 * Both appliers read their moves from here: `transitionRequest` (requests/request-transitions.ts)
 * and `transitionHandoff` (service/handoff-transitions.ts), each one conditional UPDATE whose
 * `from` and `to` are picked by the row's kind, so of two racing moves exactly one wins.
 * docs/protocol.md holds this table rendered by `renderTransitionTable`; a test keeps them equal.
 */
import type { BatonEvent, HandoffStatus } from '../service/types.ts';
import type { AskStatus, RequestKind } from './request-types.ts';

/** Moves of a consult or an approval. */
export type AskMove = 'answer' | 'time-out' | 'cancel';
/** Moves of a handoff or a transfer. */
export type HandoffMove =
  'claim' | 'resolve' | 'return' | 'transfer' | 'abandon' | 'expire' | 'assign' | 'take-over';
export type RequestMove = AskMove | HandoffMove;

/** Whether a status still waits on someone (`open`) or is final (`ended`). */
export type Phase = 'open' | 'ended';

export interface Transition<Status extends string = string> {
  from: readonly Status[];
  to: Status;
  event: BatonEvent['type'];
}

export interface Lifecycle<Status extends string, Move extends string> {
  /** Where rows of this kind live. */
  store: 'requests' | 'handoffs';
  /** Every status of the kind, mapped onto the request model's two phases. */
  statuses: Readonly<Record<Status, Phase>>;
  /** The status a new request of this kind starts in, and the event its creation emits. */
  created: { to: Status; event: BatonEvent['type']; by: string };
  moves: Readonly<Record<Move, Transition<Status>>>;
}

const ASK_STATUSES = { open: 'open', answered: 'ended', timed_out: 'ended', cancelled: 'ended' } as const;
const HANDOFF_STATUSES = {
  queued: 'open',
  claimed: 'open',
  resolved: 'ended',
  returned: 'ended',
  transferred: 'ended',
  abandoned: 'ended',
  expired: 'ended',
} as const;

/** A consult and an approval move alike: answered, timed out or cancelled while open. */
const ASK_MOVES = {
  answer: { from: ['open'], to: 'answered', event: 'request-answered' },
  'time-out': { from: ['open'], to: 'timed_out', event: 'request-timed-out' },
  cancel: { from: ['open'], to: 'cancelled', event: 'request-cancelled' },
} as const;

/** A handoff and the handoff a transfer queued move alike. */
const HANDOFF_MOVES = {
  claim: { from: ['queued'], to: 'claimed', event: 'handoff-claimed' },
  resolve: { from: ['claimed'], to: 'resolved', event: 'handoff-resolved' },
  return: { from: ['claimed'], to: 'returned', event: 'handoff-returned' },
  transfer: { from: ['claimed'], to: 'transferred', event: 'handoff-transferred' },
  abandon: { from: ['queued', 'claimed'], to: 'abandoned', event: 'handoff-abandoned' },
  expire: { from: ['queued'], to: 'expired', event: 'handoff-expired' },
  // The claim goes to a named colleague, or a lead takes it (service/assign-handoff.ts).
  assign: { from: ['queued', 'claimed'], to: 'claimed', event: 'handoff-assigned' },
  'take-over': { from: ['claimed'], to: 'claimed', event: 'handoff-taken-over' },
} as const;

/** The whole request model: every kind, every move. */
export const TRANSITIONS = {
  consult: {
    store: 'requests',
    statuses: ASK_STATUSES,
    created: { to: 'open', event: 'request-created', by: "the agent's question" },
    moves: ASK_MOVES,
  },
  approval: {
    store: 'requests',
    statuses: ASK_STATUSES,
    created: { to: 'open', event: 'request-created', by: "the agent's held actions" },
    moves: ASK_MOVES,
  },
  handoff: {
    store: 'handoffs',
    statuses: HANDOFF_STATUSES,
    created: {
      to: 'queued',
      event: 'handoff-requested',
      by: "a handoff decision, the agent's request or a request's deadline",
    },
    moves: HANDOFF_MOVES,
  },
  transfer: {
    store: 'handoffs',
    statuses: HANDOFF_STATUSES,
    created: { to: 'queued', event: 'handoff-requested', by: "a handoff's `transfer`" },
    moves: HANDOFF_MOVES,
  },
} as const satisfies {
  consult: Lifecycle<AskStatus, AskMove>;
  approval: Lifecycle<AskStatus, AskMove>;
  handoff: Lifecycle<HandoffStatus, HandoffMove>;
  transfer: Lifecycle<HandoffStatus, HandoffMove>;
};

export type AskKind = 'consult' | 'approval';
export type HandoffKind = 'handoff' | 'transfer';

/** The kinds in the table's order. */
export const REQUEST_KINDS = Object.keys(TRANSITIONS) as RequestKind[];

/** The kinds whose rows live in `store`. */
export function kindsStoredIn(store: 'requests' | 'handoffs'): RequestKind[] {
  return REQUEST_KINDS.filter((kind) => TRANSITIONS[kind].store === store);
}

/** The moves of a kind. */
export type MoveOf<Kind extends RequestKind> = Kind extends AskKind ? AskMove : HandoffMove;

/** The lifecycle of `kind`, widened for lookups by name. */
export function lifecycleOf(kind: RequestKind): Lifecycle<string, string> {
  return TRANSITIONS[kind] as Lifecycle<string, string>;
}

/** The transition of `move` for `kind`; undefined when the kind has no such move. */
export function transitionOf(kind: RequestKind, move: string): Transition | undefined {
  return Object.hasOwn(lifecycleOf(kind).moves, move) ? lifecycleOf(kind).moves[move] : undefined;
}

/** Whether `move` is allowed on a request of `kind` that is `status` now. */
export function canMove(kind: RequestKind, status: string, move: string): boolean {
  return transitionOf(kind, move)?.from.includes(status) ?? false;
}

/** The statuses of `kind` still in the `open` phase. */
export function openStatuses(kind: RequestKind): string[] {
  return Object.entries(lifecycleOf(kind).statuses)
    .filter(([, phase]) => phase === 'open')
    .map(([status]) => status);
}

/** A handoff row's kind: `transfer` when a transfer queued it. */
export function handoffKind(row: { transferred_from: string | null }): HandoffKind {
  return row.transferred_from ? 'transfer' : 'handoff';
}

/**
 * A SQL `CASE` over the row's kind that picks, per kind, the value `pick` gives (pushed onto
 * `params` as `cast`), so one conditional UPDATE applies each row's own line of the table.
 */
export function caseByKind<Kind extends RequestKind>(
  kindSql: string,
  kinds: readonly Kind[],
  pick: (kind: Kind) => unknown,
  params: unknown[],
  cast: 'text' | 'text[]',
): string {
  const branches = kinds.map((kind) => {
    params.push(pick(kind));
    return `WHEN '${kind}' THEN $${params.length}::${cast}`;
  });
  return `CASE ${kindSql} ${branches.join(' ')} END`;
}

/** The table as Markdown, one section per kind: what docs/protocol.md shows, checked by a test. */
export function renderTransitionTable(): string {
  const code = (text: string) => `\`${text}\``;
  return REQUEST_KINDS.map((kind) => {
    const lifecycle = lifecycleOf(kind);
    const rows: string[][] = [
      ['(create)', '—', code(lifecycle.created.to), code(lifecycle.created.event)],
      ...Object.entries(lifecycle.moves).map(([move, transition]) => [
        code(move),
        transition.from.map(code).join(', '),
        code(transition.to),
        code(transition.event),
      ]),
    ];
    const phases = (phase: Phase) =>
      Object.entries(lifecycle.statuses)
        .filter(([, value]) => value === phase)
        .map(([status]) => code(status))
        .join(', ');
    return [
      `### ${code(kind)}`,
      '',
      `Stored in ${code(lifecycle.store)}; created by ${lifecycle.created.by}. ` +
        `Open: ${phases('open')}. Ended: ${phases('ended')}.`,
      '',
      markdownTable(['move', 'from', 'to', 'event'], rows),
    ].join('\n');
  }).join('\n\n');
}

/** A Markdown table with padded columns (as prettier formats it). */
function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(3, title.length, ...rows.map((row) => [...row[column]!].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell + ' '.repeat(widths[column]! - [...cell].length)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
