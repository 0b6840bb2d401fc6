/**
 * The handoff transition table, checked two ways: the table itself against the lifecycle as
 * specified, and every (status, move) pair through the service on both back ends: each allowed
 * move succeeds with its target status, each forbidden one is a 409 with a stable code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatonService } from '../../src/service/create-service.ts';
import { HANDOFF_TRANSITIONS, canMove, type HandoffMove } from '../../src/service/handoff-transitions.ts';
import type { HandoffStatus, Principal } from '../../src/service/types.ts';
import { describeBackends } from '../storage/backends.ts';
import { HANDOFF_TURN, expectCode, makeService, principal, uniqueId } from './harness.ts';

const STATUSES: HandoffStatus[] = [
  'queued',
  'claimed',
  'resolved',
  'returned',
  'transferred',
  'abandoned',
  'expired',
];
// Assign and take-over (claimed to claimed) are covered by collaboration.test.ts.
const MOVES = [
  'claim',
  'resolve',
  'return',
  'transfer',
  'abandon',
  'expire',
] as const satisfies readonly HandoffMove[];

/** The lifecycle as the issue states it: status → move → status after. */
const ALLOWED: Record<string, HandoffStatus> = {
  'queued claim': 'claimed',
  'queued abandon': 'abandoned',
  'queued expire': 'expired',
  'claimed resolve': 'resolved',
  'claimed return': 'returned',
  'claimed transfer': 'transferred',
  'claimed abandon': 'abandoned',
};

const CASES = STATUSES.flatMap((status) =>
  MOVES.map((move) => ({ status, move, to: ALLOWED[`${status} ${move}`] ?? null })),
);

describe('the transition table', () => {
  it.each(CASES)('$status → $move is allowed: $to', ({ status, move, to }) => {
    expect(canMove(status, move)).toBe(to !== null);
    if (to) expect(HANDOFF_TRANSITIONS[move].to).toBe(to);
  });

  it('emits one handoff-<noun> event per move', () => {
    expect(Object.fromEntries(MOVES.map((move) => [move, HANDOFF_TRANSITIONS[move].event]))).toEqual({
      claim: 'handoff-claimed',
      resolve: 'handoff-resolved',
      return: 'handoff-returned',
      transfer: 'handoff-transferred',
      abandon: 'handoff-abandoned',
      expire: 'handoff-expired',
    });
  });
});

describeBackends('transitions through the service', (use) => {
  let shared: { service: BatonService; agent: Principal; operator: Principal } | null = null;
  beforeAll(async () => {
    const { service } = await makeService(use());
    shared = {
      service,
      agent: await principal(service, 'agent'),
      operator: await principal(service, 'operator'),
    };
  });

  it.each(CASES)('$status → $move', async ({ status, move, to }) => {
    const { service, agent, operator } = shared!;
    const { handoff } = await service.postTurn(agent, {
      conversationId: uniqueId('conv'),
      turn: HANDOFF_TURN,
    });
    const id = handoff!.id;
    // Put the handoff in `status` directly (as if earlier moves happened), claimed by `operator`;
    // queued long ago, so the expiry sweep below reaches only it.
    await use().query(
      `UPDATE handoffs SET status = $2, claimed_by = $3, claimed_by_key = $4, claimed_at = now(),
         queued_at = '2000-01-01T00:00:00Z' WHERE id = $1`,
      [id, status, operator.name, operator.keyId],
    );
    const events = await service.events({ conversationId: handoff!.conversationId });

    const run = (): Promise<unknown> => {
      switch (move) {
        case 'claim':
          return service.claim(operator, id);
        case 'resolve':
          return service.resolve(operator, id, { resolved: true, warranted: true });
        case 'return':
          return service.returnToAgent(operator, id, { note: 'back to you' });
        case 'transfer':
          return service.transfer(operator, id, { queue: 'billing' });
        case 'abandon':
          return service.abandon(operator, id, {});
        case 'expire':
          return service.expireHandoffs({ maxWaitMs: 20 * 365 * 24 * 3_600_000 });
      }
    };

    if (to) {
      await run();
      expect((await service.getHandoff(operator, id)).status).toBe(to);
      const emitted = await service.events({
        conversationId: handoff!.conversationId,
        afterId: events.at(-1)!.id,
      });
      expect(emitted[0]).toMatchObject({ type: HANDOFF_TRANSITIONS[move].event, handoffId: id });
    } else if (move === 'expire') {
      // A sweep skips what it may not expire.
      expect(await run()).not.toContainEqual(expect.objectContaining({ id }));
      expect((await service.getHandoff(operator, id)).status).toBe(status);
    } else {
      const error = await expectCode(
        run(),
        move === 'claim' && status === 'claimed' ? 'already_claimed' : 'invalid_transition',
      );
      expect(error.status).toBe(409);
      expect((await service.getHandoff(operator, id)).status).toBe(status);
      // Nothing was emitted by a refused move.
      expect(
        await service.events({ conversationId: handoff!.conversationId, afterId: events.at(-1)!.id }),
      ).toEqual([]);
    }
  });
});
