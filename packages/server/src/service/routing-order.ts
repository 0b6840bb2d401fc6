/**
 * The pure half of routing: the order of a queue (priority plus waiting time), who may take a
 * handoff (queue, skills, language, capacity), and which free operator is offered which handoff.
 * No clock and no database here: the service reads the rows and the time, these decide.
 */
import type { Priority } from '@baton/engine';

/** A queued handoff as routing sees it. */
export interface QueuedHandoff {
  id: string;
  queue: string;
  priority: Priority;
  priorityRank: number;
  /** Epoch milliseconds. */
  queuedAt: number;
  language: string | null;
  /** Queues the acceptance ladder widened it to. */
  widenedTo: readonly string[];
  /** Operators (key ids) who declined or let an offer lapse. */
  passedBy: readonly string[];
  /** The operator holding a live offer, if any. */
  offeredToKey: string | null;
}

/** An online operator as routing sees it. */
export interface OperatorState {
  keyId: string;
  name: string;
  /** Queues served; empty: every queue. */
  queues: readonly string[];
  skills: readonly string[];
  languages: readonly string[];
  /** Most conversations at once; null: no limit. */
  capacity: number | null;
  /** Conversations held now plus live offers. */
  load: number;
}

/** What a queue asks of an operator. */
export interface QueueNeeds {
  skills: readonly string[];
  languages: readonly string[];
}

/** Why an operator may not take a handoff (the claim's 409 codes). */
export type RefusalCode = 'not_in_queue' | 'missing_skill' | 'wrong_language' | 'over_capacity';

/** Urgent sorts before everything that ever waited: safety and urgent triggers are never overtaken. */
const URGENT_LEAD_MS = 1e15;

/**
 * The sort key (smaller first): urgent first; then the time queued moved earlier by one
 * `agingSecondsPerRank` per priority rank, so a normal handoff that waited that much longer than a
 * high one ranks with it, and overtakes it after. Null aging: strict priority, then time queued.
 */
export function agedKey(
  handoff: Pick<QueuedHandoff, 'priority' | 'priorityRank' | 'queuedAt'>,
  agingSecondsPerRank: number | null,
): number {
  if (handoff.priority === 'urgent') return handoff.queuedAt - URGENT_LEAD_MS;
  const perRank = agingSecondsPerRank === null ? 1e13 : agingSecondsPerRank * 1000;
  return handoff.queuedAt - handoff.priorityRank * perRank;
}

/** The queue in aged order (ties by id, as the SQL order does). */
export function orderQueue<T extends QueuedHandoff>(
  handoffs: readonly T[],
  agingSecondsPerRank: number | null,
): T[] {
  return handoffs
    .map((handoff) => ({ handoff, key: agedKey(handoff, agingSecondsPerRank) }))
    .sort((a, b) => a.key - b.key || (a.handoff.id < b.handoff.id ? -1 : a.handoff.id > b.handoff.id ? 1 : 0))
    .map((entry) => entry.handoff);
}

/**
 * The same order in SQL over a handoffs alias (`h`): used wherever the database orders a queue, so
 * the listing, positions and offers agree with `orderQueue`.
 */
export function agedOrderSql(alias: string, agingSecondsPerRank: number | null): string {
  if (agingSecondsPerRank === null) return `${alias}.priority_rank DESC, ${alias}.queued_at, ${alias}.id`;
  const seconds = Math.trunc(agingSecondsPerRank);
  return `(${alias}.priority = 'urgent') DESC, ${alias}.queued_at - ${alias}.priority_rank * interval '${seconds} seconds', ${alias}.id`;
}

/** The same key in SQL, in seconds, over a handoffs alias: positions count the handoffs below it. */
export function agedKeySql(alias: string, agingSecondsPerRank: number | null): string {
  const perRank = agingSecondsPerRank === null ? 1e10 : Math.trunc(agingSecondsPerRank);
  return `(CASE WHEN ${alias}.priority = 'urgent' THEN extract(epoch FROM ${alias}.queued_at) - 1e12
    ELSE extract(epoch FROM ${alias}.queued_at) - ${alias}.priority_rank * ${perRank}::float8 END)`;
}

/** Whether `operator` may take `handoff` of a queue with `needs`; the first reason it may not. */
export function refusal(
  operator: OperatorState,
  handoff: Pick<QueuedHandoff, 'queue' | 'widenedTo' | 'language'>,
  needs: QueueNeeds,
): RefusalCode | null {
  if (
    operator.queues.length > 0 &&
    !operator.queues.includes(handoff.queue) &&
    !handoff.widenedTo.some((queue) => operator.queues.includes(queue))
  ) {
    return 'not_in_queue';
  }
  if (needs.skills.some((skill) => !operator.skills.includes(skill))) return 'missing_skill';
  if (
    handoff.language !== null &&
    needs.languages.includes(handoff.language) &&
    !operator.languages.includes(handoff.language)
  ) {
    return 'wrong_language';
  }
  if (operator.capacity !== null && operator.load >= operator.capacity) return 'over_capacity';
  return null;
}

/**
 * The best free operator for `handoff`: one who may take it and has not passed on it, with the
 * most room (lowest share of capacity used, then fewest conversations), ties by key id.
 */
export function bestOperator(
  operators: readonly OperatorState[],
  handoff: QueuedHandoff,
  needs: QueueNeeds,
): OperatorState | null {
  let best: OperatorState | null = null;
  let bestShare = Infinity;
  for (const operator of operators) {
    if (handoff.passedBy.includes(operator.keyId)) continue;
    if (refusal(operator, handoff, needs) !== null) continue;
    const share = operator.capacity === null ? operator.load / 1000 : operator.load / operator.capacity;
    if (
      best === null ||
      share < bestShare ||
      (share === bestShare &&
        (operator.load < best.load || (operator.load === best.load && operator.keyId < best.keyId)))
    ) {
      best = operator;
      bestShare = share;
    }
  }
  return best;
}

/**
 * Offers for the waiting handoffs without one, head of the queue first: each goes to the best free
 * operator, whose load then counts the offer. Operators' loads are updated in place.
 */
export function planOffers(
  handoffs: readonly QueuedHandoff[],
  operators: OperatorState[],
  needsOf: (queue: string) => QueueNeeds,
  agingSecondsPerRank: number | null,
): { handoffId: string; operator: OperatorState }[] {
  const plan: { handoffId: string; operator: OperatorState }[] = [];
  for (const handoff of orderQueue(handoffs, agingSecondsPerRank)) {
    if (handoff.offeredToKey !== null) continue;
    const operator = bestOperator(operators, handoff, needsOf(handoff.queue));
    if (!operator) continue;
    operator.load += 1;
    plan.push({ handoffId: handoff.id, operator });
  }
  return plan;
}
