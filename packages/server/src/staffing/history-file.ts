/**
 * Staffing history from a file, for `baton staffing FILE`. Two formats, told apart by the name:
 *
 * - JSON Lines (any name but `.csv`): each line is either a line of `baton export` (a conversation
 *   whose `outcome.handoffs` lists its handoffs) or one handoff object.
 * - CSV (`.csv`): a header line, then one handoff per line. Fields may be quoted ("a,b"; "" is a quote).
 *
 * A handoff has `queue` and `requestedAt` (ISO times) and `status` (queued, claimed, resolved,
 * returned, transferred, abandoned, expired); optionally `claimedAt`, `endedAt`, and `id` with
 * `transferredFrom` to chain a transfer to the handoff it continues. A bad line is reported as
 * `FILE:LINE: field: problem`.
 */
import { tallyEscalation, tallyHold, type StaffingHistory } from './history.ts';

const STATUSES = new Set([
  'queued',
  'claimed',
  'resolved',
  'returned',
  'transferred',
  'abandoned',
  'expired',
]);
const HELD = new Set(['resolved', 'returned', 'transferred']);

/** One handoff row read from a file. */
export interface HandoffLine {
  id: string | null;
  transferredFrom: string | null;
  queue: string;
  status: string;
  requestedAt: number;
  claimedAt: number | null;
  endedAt: number | null;
}

/** A line that could not be read: where, which field, and why. */
export class HistoryLineError extends Error {
  constructor(
    readonly line: number,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

function text(
  record: Record<string, unknown>,
  field: string,
  line: number,
  required: boolean,
): string | null {
  const value = record[field];
  if (value === undefined || value === null || value === '') {
    if (required) throw new HistoryLineError(line, field, 'is required');
    return null;
  }
  if (typeof value !== 'string') throw new HistoryLineError(line, field, 'must be a string');
  return value;
}

function time(
  record: Record<string, unknown>,
  field: string,
  line: number,
  required: boolean,
): number | null {
  const value = text(record, field, line, required);
  if (value === null) return null;
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw new HistoryLineError(line, field, `is not an ISO time: ${value}`);
  return parsed;
}

/** Reads one handoff object (`prefix` names where it sits, for the error's field). */
export function readHandoff(record: Record<string, unknown>, line: number, prefix = ''): HandoffLine {
  const named = (field: string) => `${prefix}${field}`;
  const view = Object.fromEntries(Object.entries(record).map(([key, value]) => [named(key), value]));
  const status = text(view, named('status'), line, true)!;
  if (!STATUSES.has(status)) {
    throw new HistoryLineError(
      line,
      named('status'),
      `must be one of ${[...STATUSES].join(', ')}; got ${status}`,
    );
  }
  const requestedAt = time(view, named('requestedAt'), line, true)!;
  const claimedAt = time(view, named('claimedAt'), line, false);
  const endedAt = time(view, named('endedAt'), line, false);
  if (claimedAt !== null && claimedAt < requestedAt) {
    throw new HistoryLineError(line, named('claimedAt'), 'is before requestedAt');
  }
  if (endedAt !== null && endedAt < requestedAt)
    throw new HistoryLineError(line, named('endedAt'), 'is before requestedAt');
  return {
    id: text(view, named('id'), line, false),
    transferredFrom: text(view, named('transferredFrom'), line, false),
    queue: text(view, named('queue'), line, true)!,
    status,
    requestedAt,
    claimedAt,
    endedAt,
  };
}

/** The handoffs of one JSON line: an export line's `outcome.handoffs`, or the line itself. */
export function readJsonLine(source: string, line: number): HandoffLine[] {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    throw new HistoryLineError(line, '(line)', `not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HistoryLineError(line, '(line)', 'must be a JSON object');
  }
  const record = value as Record<string, unknown>;
  const outcome = record['outcome'];
  if (typeof outcome === 'object' && outcome !== null && 'handoffs' in outcome) {
    const handoffs = (outcome as { handoffs: unknown }).handoffs;
    if (!Array.isArray(handoffs)) throw new HistoryLineError(line, 'outcome.handoffs', 'must be an array');
    return handoffs.map((handoff, index) => {
      if (typeof handoff !== 'object' || handoff === null) {
        throw new HistoryLineError(line, `outcome.handoffs.${index}`, 'must be an object');
      }
      return readHandoff(handoff as Record<string, unknown>, line, `outcome.handoffs.${index}.`);
    });
  }
  return [readHandoff(record, line)];
}

/** Splits one CSV line (RFC 4180 quoting, no line breaks inside fields). */
export function splitCsvLine(source: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index]!;
    if (quoted) {
      if (char === '"' && source[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields.map((value) => value.trim());
}

/** Collects handoff lines, then turns them into escalations (following transfers) and holds. */
export class HistoryCollector {
  readonly #rows: HandoffLine[] = [];
  #first: number | null = null;
  #last: number | null = null;

  add(rows: readonly HandoffLine[]): void {
    for (const row of rows) {
      this.#rows.push(row);
      this.#first = Math.min(this.#first ?? row.requestedAt, row.requestedAt);
      this.#last = Math.max(this.#last ?? row.requestedAt, row.requestedAt);
    }
  }

  /** The earliest and latest request time seen (null when empty). */
  get span(): { first: number; last: number } | null {
    return this.#first === null || this.#last === null ? null : { first: this.#first, last: this.#last };
  }

  /** The history of the rows read, with claims within `answerSeconds` counted. */
  history(answerSeconds: number, range: { from: number; to: number }): StaffingHistory {
    const history: StaffingHistory = new Map();
    const byId = new Map(this.#rows.filter((row) => row.id !== null).map((row) => [row.id!, row]));
    const children = new Map<string, HandoffLine>();
    for (const row of this.#rows) if (row.transferredFrom !== null) children.set(row.transferredFrom, row);
    for (const row of this.#rows) {
      if (row.claimedAt !== null && row.endedAt !== null && HELD.has(row.status)) {
        if (row.claimedAt >= range.from && row.claimedAt < range.to) {
          tallyHold(history, { queue: row.queue, claimedAt: row.claimedAt, endedAt: row.endedAt });
        }
      }
      // A transfer continues its escalation; only a row that continues nothing known starts one.
      if (row.transferredFrom !== null && byId.has(row.transferredFrom)) continue;
      if (row.requestedAt < range.from || row.requestedAt >= range.to) continue;
      let last = row;
      let claimedAt = row.claimedAt;
      const seen = new Set<string>();
      while (last.id !== null && children.has(last.id) && !seen.has(last.id)) {
        seen.add(last.id);
        last = children.get(last.id)!;
        if (last.claimedAt !== null) claimedAt = Math.min(claimedAt ?? last.claimedAt, last.claimedAt);
      }
      tallyEscalation(
        history,
        {
          queue: row.queue,
          requestedAt: row.requestedAt,
          claimedAt,
          status: last.status,
          endedAt: last.endedAt,
        },
        answerSeconds,
      );
    }
    return history;
  }
}
