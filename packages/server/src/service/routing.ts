/**
 * Routing over the database: who is online with what room, whether a claim is allowed, offers and
 * their deadlines, the acceptance ladder, ETAs, and the queues' live state. Every deadline is stored
 * (an offer's `offer_expires_at`, a ladder step's mark from `queued_at` and the SLA) and applied by
 * `routeSweep`, which housekeeping runs: a step that fell due while the server was down applies on
 * the next sweep after it starts, never lost with a timer.
 */
import type { Priority } from '@baton/engine';
import { BatonError } from '../errors.ts';
import type { Queryable } from '../storage/database.ts';
import { loadHandoff } from './access.ts';
import type { ServiceContext } from './context.ts';
import { describeEta, estimateEta, etaChanged, type Eta, type QueueLoad } from './eta.ts';
import { giveToOperator, secondsBetween } from './handoff-moves.ts';
import type { PendingEvent } from './handoff-transitions.ts';
import { mutate } from './mutate.ts';
import {
  currentQueueConfig,
  ladderOf,
  isOpen,
  queueSettings,
  routeHandoff,
  slaSeconds,
  type QueueConfigDocument,
  type RoutedQueue,
} from './queue-config.ts';
import {
  agedKeySql,
  agedOrderSql,
  orderQueue,
  planOffers,
  refusal,
  type OperatorState,
  type QueuedHandoff,
} from './routing-order.ts';
import { toHandoff, type HandoffRow } from './rows.ts';
import type { Handoff, Principal, WriteOptions } from './types.ts';

/** Routing columns of a handoff row (migration 0007). */
export interface RoutingRow extends HandoffRow {
  language: string | null;
  segment: string | null;
  offered_to_key: string | null;
  offered_to: string | null;
  offer_expires_at: Date | string | null;
  passed_by: string[];
  widened_to: string[];
  ladder_step: number;
  eta: Eta | null;
}

const RECENT_WINDOW_MS = 24 * 60 * 60 * 1000;
const RECENT_HANDLED = 50;

function toQueued(row: RoutingRow, now: Date): QueuedHandoff {
  const liveOffer =
    row.offered_to_key !== null && row.offer_expires_at !== null && new Date(row.offer_expires_at) > now;
  return {
    id: row.id,
    queue: row.queue,
    priority: row.priority,
    priorityRank: row.priority_rank,
    queuedAt: new Date(row.queued_at).getTime(),
    language: row.language,
    widenedTo: row.widened_to ?? [],
    passedBy: row.passed_by ?? [],
    offeredToKey: liveOffer ? row.offered_to_key : null,
  };
}

interface PresenceRow {
  key_id: string;
  name: string;
  queues: string[];
  skills: string[];
  languages: string[];
  capacity: number | null;
  load: number;
}

/** Operators online now (presence fresh within the TTL), each with their load. */
export async function onlineOperators(context: ServiceContext, tx: Queryable): Promise<OperatorState[]> {
  const now = context.now();
  const since = new Date(now.getTime() - context.limits.presenceTtlMs).toISOString();
  const rows = await tx.query<PresenceRow>(
    `SELECT p.key_id, p.name, p.queues, p.skills, p.languages, p.capacity,
       (SELECT count(*) FROM handoffs c WHERE c.status = 'claimed' AND c.claimed_by_key = p.key_id)::int
       + (SELECT count(*) FROM handoffs o WHERE o.status = 'queued' AND o.offered_to_key = p.key_id
            AND o.offer_expires_at > $2)::int AS load
     FROM operator_presence p WHERE p.status = 'online' AND p.updated_at >= $1 ORDER BY p.key_id`,
    [since, now.toISOString()],
  );
  return rows.map((row) => ({
    keyId: row.key_id,
    name: row.name,
    queues: row.queues ?? [],
    skills: row.skills ?? [],
    languages: row.languages ?? [],
    capacity: row.capacity,
    load: row.load,
  }));
}

const REFUSAL_MESSAGES = {
  not_in_queue: 'You are not present in this queue.',
  missing_skill: 'This queue needs a skill you have not set in your presence.',
  wrong_language: 'This handoff is in a language you have not set in your presence.',
  over_capacity: 'You already hold as many conversations as your capacity allows.',
} as const;

/**
 * Refuses a claim the operator may not make: outside their queues, without the queue's skills or
 * the customer's language, or at capacity (409 with a stable code). Locks the operator's presence
 * row, so two claims by one operator at once cannot both take the last place. An operator with no
 * presence recorded is held to the skills and languages only. Admin keys override (the caller
 * skips this check and records that it did).
 */
export async function checkCanClaim(
  context: ServiceContext,
  tx: Queryable,
  principal: Principal,
  handoff: HandoffRow,
): Promise<void> {
  const row = handoff as RoutingRow;
  const config = await currentQueueConfig(tx);
  const settings = queueSettings(config, row.queue);
  const presence = (
    await tx.query<PresenceRow>(
      `SELECT p.key_id, p.name, p.queues, p.skills, p.languages, p.capacity,
         (SELECT count(*) FROM handoffs c WHERE c.status = 'claimed' AND c.claimed_by_key = p.key_id)::int AS load
       FROM operator_presence p WHERE p.key_id = $1 FOR UPDATE`,
      [principal.keyId],
    )
  )[0];
  const operator: OperatorState = presence
    ? {
        keyId: presence.key_id,
        name: presence.name,
        queues: presence.queues ?? [],
        skills: presence.skills ?? [],
        languages: presence.languages ?? [],
        capacity: presence.capacity,
        load: presence.load,
      }
    : {
        keyId: principal.keyId,
        name: principal.name,
        queues: [],
        skills: [],
        languages: [],
        capacity: null,
        load: 0,
      };
  const code = refusal(
    operator,
    { queue: row.queue, widenedTo: row.widened_to ?? [], language: row.language ?? null },
    { skills: settings.skills, languages: settings.languages },
  );
  if (code) {
    throw new BatonError(code, REFUSAL_MESSAGES[code], {
      queue: row.queue,
      ...(code === 'missing_skill'
        ? { skills: settings.skills.filter((skill) => !operator.skills.includes(skill)) }
        : {}),
      ...(code === 'wrong_language' ? { language: row.language } : {}),
      ...(code === 'over_capacity' ? { capacity: operator.capacity, holding: operator.load } : {}),
    });
  }
}

// --- New handoffs -------------------------------------------------------------------------------

/** The customer's language as routing compares it: the primary subtag, lower case (`es-MX` is `es`). */
export function routingLanguage(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  return value.trim().toLowerCase().split(/[-_]/)[0]!;
}

/**
 * Where a new handoff for `queue` waits, given the customer's language (on the turn's customer, or
 * stored on the conversation) and segment (`segment`, else `tier`), the routes and business hours.
 */
export async function routeForNewHandoff(
  context: ServiceContext,
  tx: Queryable,
  queue: string,
  customer: Record<string, unknown>,
): Promise<{
  queue: string;
  language: string | null;
  segment: string | null;
  steps: string[];
  closed: RoutedQueue['closed'];
}> {
  const config = await currentQueueConfig(tx);
  const language = routingLanguage(customer['language']);
  const rawSegment = customer['segment'] ?? customer['tier'];
  const segment = typeof rawSegment === 'string' && rawSegment !== '' ? rawSegment : null;
  const routed = routeHandoff(config, { queue, language, segment }, context.now());
  return { queue: routed.queue, language, segment, steps: routed.steps, closed: routed.closed };
}

/**
 * What capacity-aware escalation needs for a handoff about to open in `queue` (the engine decides
 * with it, capacity.ts): the wait predicted at the back of the queue the handoff would be routed to
 * (the middle of the ETA range; null without an estimate) and how many online operators could take it.
 */
export async function capacityInput(
  context: ServiceContext,
  tx: Queryable,
  queue: string,
  customer: Record<string, unknown>,
): Promise<{ predictedWaitSeconds: number | null; skilledOnline: number }> {
  const config = await currentQueueConfig(tx);
  const routed = await routeForNewHandoff(context, tx, queue, customer);
  const settings = queueSettings(config, routed.queue);
  const operators = await onlineOperators(context, tx);
  const skilledOnline = operators.filter(
    (operator) =>
      refusal(
        { ...operator, load: 0, capacity: null },
        { queue: routed.queue, widenedTo: [], language: routed.language },
        { skills: settings.skills, languages: settings.languages },
      ) === null,
  ).length;
  const depth = (
    await tx.query<{ depth: number }>(
      `SELECT count(*)::int AS depth FROM handoffs WHERE queue = $1 AND status = 'queued'`,
      [routed.queue],
    )
  )[0]!.depth;
  const eta = estimateEta(depth + 1, await queueLoad(context, tx, routed.queue, config, operators));
  const predictedWaitSeconds =
    eta.lowSeconds === null || eta.highSeconds === null
      ? null
      : Math.round((eta.lowSeconds + eta.highSeconds) / 2);
  return { predictedWaitSeconds, skilledOnline };
}

/** What a customer is told when the queue is closed and routes nowhere else. */
export function closedMessage(closed: NonNullable<RoutedQueue['closed']>): string {
  if (closed.message) return closed.message;
  return closed.action === 'message'
    ? "Our team is not working right now. Leave us a message and a person will answer when we open; you won't need to repeat anything."
    : "Our team is not working right now. Leave a phone number and a person will call you back when we open; you won't need to repeat anything.";
}

// --- ETA -----------------------------------------------------------------------------------------

/** The load of `queue` for ETAs: recent handle times, operator places and free places. */
export async function queueLoad(
  context: ServiceContext,
  tx: Queryable,
  queue: string,
  config: QueueConfigDocument,
  operators?: OperatorState[],
): Promise<QueueLoad> {
  const since = new Date(context.now().getTime() - RECENT_WINDOW_MS).toISOString();
  const handled = await tx.query<{ seconds: number }>(
    `SELECT extract(epoch FROM ended_at - claimed_at)::float8 AS seconds FROM handoffs
     WHERE queue = $1 AND claimed_at IS NOT NULL AND ended_at IS NOT NULL AND ended_at >= $2
       AND status IN ('resolved', 'returned', 'transferred')
     ORDER BY ended_at DESC LIMIT ${RECENT_HANDLED}`,
    [queue, since],
  );
  const settings = queueSettings(config, queue);
  const online = operators ?? (await onlineOperators(context, tx));
  let slots = 0;
  let freeSlots = 0;
  for (const operator of online) {
    // Room aside, could this operator take this queue's work?
    const code = refusal(
      { ...operator, load: 0, capacity: null },
      { queue, widenedTo: [], language: null },
      { skills: settings.skills, languages: [] },
    );
    if (code !== null) continue;
    const capacity = operator.capacity ?? 1;
    slots += capacity;
    freeSlots += Math.max(0, capacity - operator.load);
  }
  return {
    handleSeconds: handled.map((row) => Math.max(0, Number(row.seconds))),
    slots,
    freeSlots,
    pickupSeconds: settings.mode === 'offer' ? settings.offerTimeoutSeconds : 60,
  };
}

/** The handoff's place in its queue, in aged order (1 is next). */
export async function queuePosition(
  tx: Queryable,
  row: HandoffRow,
  config: QueueConfigDocument,
): Promise<number> {
  const key = (alias: string) => agedKeySql(alias, config.agingSecondsPerRank);
  const rows = await tx.query<{ position: number }>(
    `SELECT count(*)::int + 1 AS position FROM handoffs h, handoffs mine
     WHERE mine.id = $2 AND h.queue = $1 AND h.status = 'queued' AND h.id <> mine.id
       AND (${key('h')} < ${key('mine')} OR (${key('h')} = ${key('mine')} AND h.id < mine.id))`,
    [row.queue, row.id],
  );
  return rows[0]?.position ?? 1;
}

/** The ETA of a waiting handoff, computed now (the function the customer side's stream uses). */
export async function handoffEta(context: ServiceContext, tx: Queryable, row: HandoffRow): Promise<Eta> {
  const config = await currentQueueConfig(tx);
  const [position, load] = [
    await queuePosition(tx, row, config),
    await queueLoad(context, tx, row.queue, config),
  ];
  return estimateEta(position, load);
}

/** The ETA of a handoff for an API caller: null once it is no longer waiting. */
export async function getHandoffEta(
  context: ServiceContext,
  principal: Principal,
  handoffId: string,
): Promise<{ eta: Eta | null; message: string | null }> {
  const row = await loadHandoff(context.database, principal, handoffId, false);
  if (row.status !== 'queued') return { eta: null, message: null };
  const eta = await handoffEta(context, context.database, row);
  return { eta, message: describeEta(eta) };
}

// --- Offers --------------------------------------------------------------------------------------

/** The offered operator takes the handoff (a claim); anyone else, or too late, is a 409. */
export async function acceptOffer(
  context: ServiceContext,
  principal: Principal,
  handoffId: string,
  options: WriteOptions = {},
): Promise<Handoff> {
  const now = context.now();
  const at = now.toISOString();
  const idempotent = {
    principal,
    idempotencyKey: options.idempotencyKey,
    request: { use: 'accept-offer', handoffId },
  };
  return mutate(context, idempotent, async (tx, events) => {
    const current = (await loadHandoff(tx, principal, handoffId, true)) as RoutingRow;
    if (current.status === 'queued' && current.offered_to_key !== principal.keyId) {
      throw new BatonError('offer_not_yours', 'This handoff is not offered to you.', {
        offeredTo: current.offered_to,
      });
    }
    if (
      current.status === 'queued' &&
      (!current.offer_expires_at || new Date(current.offer_expires_at) <= now)
    ) {
      throw new BatonError('offer_expired', 'The offer expired; the handoff goes to the next operator.', {});
    }
    const { row, event } = await giveToOperator(tx, handoffId, 'claim', principal, at, true);
    const waitedSeconds = secondsBetween(row.queued_at, at);
    events.push(
      {
        type: 'handoff-offer-accepted',
        conversationId: row.conversation_id,
        handoffId,
        queue: row.queue,
        at,
        data: { by: principal.name },
      },
      { ...event, data: { ...event.data, claimedBy: principal.name, waitedSeconds, viaOffer: true } },
    );
    return toHandoff(row);
  });
}

/** The offered operator passes: the handoff goes to the next operator on the next routing round. */
export async function declineOffer(
  context: ServiceContext,
  principal: Principal,
  handoffId: string,
  input: { reason?: string } = {},
): Promise<Handoff> {
  const at = context.now().toISOString();
  return mutate(context, async (tx, events) => {
    const current = (await loadHandoff(tx, principal, handoffId, true)) as RoutingRow;
    if (current.status !== 'queued' || current.offered_to_key !== principal.keyId) {
      throw new BatonError('offer_not_yours', 'This handoff is not offered to you.', {
        offeredTo: current.offered_to,
      });
    }
    const rows = await tx.query<RoutingRow>(
      `UPDATE handoffs SET passed_by = array_append(passed_by, offered_to_key), offered_to_key = NULL,
         offered_to = NULL, offer_expires_at = NULL WHERE id = $1 RETURNING *`,
      [handoffId],
    );
    events.push({
      type: 'handoff-offer-declined',
      conversationId: current.conversation_id,
      handoffId,
      queue: current.queue,
      at,
      data: { by: principal.name, reason: input.reason ?? null },
    });
    return toHandoff(rows[0]!);
  });
}

// --- The sweep -----------------------------------------------------------------------------------

/**
 * `full`: everything (the periodic round); `offers`: only new offers, the quick round after a change
 * (a new handoff, an operator coming online or freeing a place) so nobody waits for the next period.
 */
export type SweepScope = 'full' | 'offers';

export interface SweepResult {
  offersExpired: number;
  ladderSteps: number;
  offersMade: number;
  etasChanged: number;
}

/** What the customer is told at the ladder's last step: the truth, and a way forward. */
export function ladderCustomerMessage(): string {
  return (
    'We are sorry: everyone on our team is still busy, and we cannot say when a person will be free. ' +
    'You can leave a phone number for a callback or a message for a ticket, and a person will get back to you; ' +
    "you won't need to repeat anything. You can also keep waiting."
  );
}

/**
 * One routing round, in one transaction over the rows it could lock (SKIP LOCKED: a handoff being
 * claimed right now is left for the next round, and the round never waits on anyone):
 * lapsed offers pass to the next operator, due ladder steps apply in order, handoffs in offer-mode
 * queues are offered to the best free operator, and changed ETAs are emitted.
 */
export async function routeSweep(context: ServiceContext, scope: SweepScope = 'full'): Promise<SweepResult> {
  const now = context.now();
  const at = now.toISOString();
  return mutate(context, async (tx, events) => {
    const config = await currentQueueConfig(tx);
    const result: SweepResult = { offersExpired: 0, ladderSteps: 0, offersMade: 0, etasChanged: 0 };
    if (scope === 'offers' && !Object.values(config.queues).some((queue) => queue.mode === 'offer'))
      return result;
    const rows = await tx.query<RoutingRow>(
      // Only the columns routing reads (not the brief): the round touches every waiting handoff.
      `SELECT h.id, h.conversation_id, h.status, h.queue, h.priority, h.priority_rank, h.queued_at, h.language,
         h.offered_to_key, h.offered_to, h.offer_expires_at, h.passed_by, h.widened_to, h.ladder_step, h.eta
       FROM handoffs h WHERE h.status = 'queued'
       ORDER BY ${agedOrderSql('h', config.agingSecondsPerRank)} LIMIT 2000 FOR NO KEY UPDATE OF h SKIP LOCKED`,
    );
    const event = (
      row: RoutingRow,
      type: PendingEvent['type'],
      data: Record<string, unknown>,
    ): PendingEvent => ({
      type,
      conversationId: row.conversation_id,
      handoffId: row.id,
      queue: row.queue,
      at,
      data,
    });

    const lapsed: string[] = [];
    for (const row of scope === 'offers' ? [] : rows) {
      // 1. An offer past its deadline passes to the next operator (written for all at once below).
      if (
        row.offered_to_key !== null &&
        row.offer_expires_at !== null &&
        new Date(row.offer_expires_at) <= now
      ) {
        events.push(
          event(row, 'handoff-offer-expired', {
            offeredTo: row.offered_to,
            expiresAt: new Date(row.offer_expires_at).toISOString(),
          }),
        );
        lapsed.push(row.id);
        row.passed_by = [...(row.passed_by ?? []), row.offered_to_key];
        row.offered_to_key = null;
        row.offered_to = null;
        row.offer_expires_at = null;
        result.offersExpired++;
      }
      // 2. The acceptance ladder: every step whose mark has passed, once each, in order.
      const ladder = ladderOf(config, row.queue);
      const sla = slaSeconds(config, row.queue, row.priority as Priority);
      const queuedAt = new Date(row.queued_at).getTime();
      let step = row.ladder_step;
      while (step < ladder.length) {
        const next = ladder[step]!;
        const dueAt = queuedAt + next.atSla * sla * 1000;
        if (dueAt > now.getTime()) break;
        step++;
        const data: Record<string, unknown> = {
          step,
          action: next.action,
          atSla: next.atSla,
          slaSeconds: sla,
          dueAt: new Date(dueAt).toISOString(),
        };
        if (next.action === 'reoffer') {
          // Everyone who passed may be offered it again.
          row.passed_by = [];
        } else if (next.action === 'overflow') {
          const overflow = queueSettings(config, row.queue).overflow;
          if (overflow && !row.widened_to.includes(overflow)) {
            row.widened_to = [...row.widened_to, overflow];
            data['widenedTo'] = overflow;
          } else {
            data['skipped'] = overflow ? 'already widened' : 'no overflow queue configured';
          }
        } else if (next.action === 'alert_lead') {
          data['waitedSeconds'] = secondsBetween(row.queued_at, at);
          data['priority'] = row.priority;
        } else {
          data['customerMessage'] = ladderCustomerMessage();
          data['offers'] = ['callback', 'ticket'];
        }
        events.push(event(row, 'handoff-ladder-step', data));
        result.ladderSteps++;
      }
      if (step !== row.ladder_step) {
        row.ladder_step = step;
        await tx.query(
          'UPDATE handoffs SET ladder_step = $2, passed_by = $3, widened_to = $4 WHERE id = $1',
          [row.id, step, row.passed_by, row.widened_to],
        );
      }
    }

    if (lapsed.length > 0) {
      await tx.query(
        `UPDATE handoffs SET passed_by = array_append(passed_by, offered_to_key), offered_to_key = NULL,
           offered_to = NULL, offer_expires_at = NULL WHERE id = ANY($1::text[]) AND offered_to_key IS NOT NULL`,
        [lapsed],
      );
    }
    // 3. Offers: the waiting handoffs of offer-mode queues, head first, to the best free operator.
    const operators = await onlineOperators(context, tx);
    const offerable = rows.filter((row) => {
      if (
        row.offered_to_key !== null &&
        row.offer_expires_at !== null &&
        new Date(row.offer_expires_at) <= now
      )
        return false;
      const settings = queueSettings(config, row.queue);
      return settings.mode === 'offer' && isOpen(settings, now);
    });
    const plan = planOffers(
      offerable.map((row) => toQueued(row, now)),
      operators.map((operator) => ({ ...operator })),
      (queue) => {
        const settings = queueSettings(config, queue);
        return { skills: settings.skills, languages: settings.languages };
      },
      config.agingSecondsPerRank,
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    const offers: [string, string, string, string][] = [];
    for (const { handoffId, operator } of plan) {
      const row = byId.get(handoffId)!;
      const expiresAt = new Date(
        now.getTime() + queueSettings(config, row.queue).offerTimeoutSeconds * 1000,
      ).toISOString();
      offers.push([handoffId, operator.keyId, operator.name, expiresAt]);
      row.offered_to_key = operator.keyId;
      row.offered_to = operator.name;
      row.offer_expires_at = expiresAt;
      events.push(
        event(row, 'handoff-offered', { offeredTo: operator.name, offeredToKey: operator.keyId, expiresAt }),
      );
      result.offersMade++;
    }

    if (offers.length > 0) {
      // One statement for the round's offers.
      await tx.query(
        `UPDATE handoffs h SET offered_to_key = u.key, offered_to = u.name, offer_expires_at = u.expires
         FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS u(id, key, name, expires)
         WHERE h.id = u.id`,
        [offers.map((o) => o[0]), offers.map((o) => o[1]), offers.map((o) => o[2]), offers.map((o) => o[3])],
      );
    }

    if (scope === 'offers') return result;
    // 4. ETAs, recomputed against the loads after this round's offers; emitted when they changed.
    const loads = new Map<string, QueueLoad>();
    const queues = new Map<string, RoutingRow[]>();
    for (const row of rows) queues.set(row.queue, [...(queues.get(row.queue) ?? []), row]);
    const withOffers = await onlineOperators(context, tx);
    const changedEtas: [string, string][] = [];
    for (const [queue, members] of queues) {
      if (!loads.has(queue)) loads.set(queue, await queueLoad(context, tx, queue, config, withOffers));
      const ordered = orderQueue(
        members.map((row) => toQueued(row, now)),
        config.agingSecondsPerRank,
      );
      for (const [index, queued] of ordered.entries()) {
        const row = byId.get(queued.id)!;
        const eta = estimateEta(index + 1, loads.get(queue)!);
        if (!etaChanged(row.eta, eta)) continue;
        changedEtas.push([row.id, JSON.stringify(eta)]);
        events.push(event(row, 'handoff-eta-changed', { ...eta, message: describeEta(eta) }));
        result.etasChanged++;
      }
    }
    if (changedEtas.length > 0) {
      await tx.query(
        `UPDATE handoffs h SET eta = u.eta FROM unnest($1::text[], $2::jsonb[]) AS u(id, eta) WHERE h.id = u.id`,
        [changedEtas.map((e) => e[0]), changedEtas.map((e) => e[1])],
      );
    }
    return result;
  });
}

// --- The queues' live state ----------------------------------------------------------------------

export interface QueueState {
  name: string;
  mode: 'claim' | 'offer';
  open: boolean;
  skills: string[];
  languages: string[];
  overflow: string | null;
  depth: number;
  oldestWaitSeconds: number | null;
  operatorsOnline: number;
  freeSlots: number;
  /** `ok`: every waiting handoff is within its SLA; `breached`: at least one is past it. */
  sla: { state: 'ok' | 'at_risk' | 'breached'; breached: number; targetSeconds: Record<Priority, number> };
}

/** Every configured queue with its live depth, oldest wait, operators online and SLA state. */
export async function listQueues(
  context: ServiceContext,
): Promise<{ version: string; queues: QueueState[] }> {
  const now = context.now();
  return context.database.transaction(async (tx) => {
    const config = await currentQueueConfig(tx);
    const operators = await onlineOperators(context, tx);
    const waiting = await tx.query<{ queue: string; priority: Priority; queued_at: Date | string }>(
      `SELECT queue, priority, queued_at FROM handoffs WHERE status = 'queued'`,
    );
    const states: QueueState[] = [];
    for (const name of context.queues) {
      const settings = queueSettings(config, name);
      const mine = waiting.filter((row) => row.queue === name);
      const targets = {
        urgent: slaSeconds(config, name, 'urgent'),
        high: slaSeconds(config, name, 'high'),
        normal: slaSeconds(config, name, 'normal'),
        low: slaSeconds(config, name, 'low'),
      };
      let breached = 0;
      let atRisk = 0;
      let oldest: number | null = null;
      for (const row of mine) {
        const waited = (now.getTime() - new Date(row.queued_at).getTime()) / 1000;
        oldest = oldest === null ? waited : Math.max(oldest, waited);
        if (waited >= targets[row.priority]) breached++;
        else if (waited >= targets[row.priority] * 0.8) atRisk++;
      }
      const load = await queueLoad(context, tx, name, config, operators);
      const online = operators.filter(
        (operator) =>
          refusal(
            { ...operator, load: 0, capacity: null },
            { queue: name, widenedTo: [], language: null },
            { skills: settings.skills, languages: [] },
          ) === null,
      ).length;
      states.push({
        name,
        mode: settings.mode,
        open: isOpen(settings, now),
        skills: settings.skills,
        languages: settings.languages,
        overflow: settings.overflow ?? null,
        depth: mine.length,
        oldestWaitSeconds: oldest === null ? null : Math.round(oldest),
        operatorsOnline: online,
        freeSlots: load.freeSlots,
        sla: {
          state: breached > 0 ? 'breached' : atRisk > 0 ? 'at_risk' : 'ok',
          breached,
          targetSeconds: targets,
        },
      });
    }
    return { version: config.version, queues: states };
  });
}

/**
 * Runs routing rounds one at a time in this process: `kick` asks for an offers round in the background (many
 * kicks while one is waiting make one round), `now` runs one after any in flight and returns it.
 */
export class RoutingRunner {
  #chain: Promise<unknown> = Promise.resolve();
  #pending = false;
  readonly #run: (scope: SweepScope) => Promise<SweepResult>;

  constructor(run: (scope: SweepScope) => Promise<SweepResult>) {
    this.#run = run;
  }

  kick(): void {
    if (this.#pending) return;
    this.#pending = true;
    this.#chain = this.#chain.then(() => {
      this.#pending = false;
      // A failed background round is retried by the next kick or housekeeping round.
      return this.#run('offers').catch(() => undefined);
    });
  }

  now(): Promise<SweepResult> {
    const round = this.#chain.then(() => this.#run('full'));
    this.#chain = round.catch(() => undefined);
    return round;
  }

  /** Resolves once no round is running (for shutdown). */
  async idle(): Promise<void> {
    await this.#chain.catch(() => undefined);
  }
}
