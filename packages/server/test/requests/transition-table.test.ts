/**
 * The one transition table, checked against what the service does: random sequences of moves on a
 * request of each kind (consult, approval, handoff, transfer), through the service on PGlite and on
 * PostgreSQL. After every move the request's status is one of its kind's statuses; a move the table
 * allows from the current status succeeds, leads to the table's status and emitted exactly the
 * table's event for this request; a move it does not allow is refused and changes nothing.
 */
import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { BatonError } from '../../src/errors.ts';
import type { BatonService } from '../../src/service/create-service.ts';
import type { BatonEvent, Principal } from '../../src/service/types.ts';
import type { RequestKind } from '../../src/requests/request-types.ts';
import { REQUEST_KINDS, TRANSITIONS, canMove, lifecycleOf } from '../../src/requests/transitions.ts';
import { describeBackends } from '../storage/backends.ts';
import { HANDOFF_TURN, makeService, principal, uniqueId, type TestClock } from '../service/harness.ts';

const HOUR = 3_600_000;

describeBackends('the transition table drives every kind', (use) => {
  let service: BatonService;
  let clock: TestClock;
  let agent: Principal;
  beforeAll(async () => {
    ({ service, clock } = await makeService(use()));
    agent = await principal(service, 'agent');
  });

  /** A new request of `kind` on a new conversation; the escalated handoff's birth is not its own. */
  async function open(kind: RequestKind, operator: Principal, onDeadline: number): Promise<string> {
    const conversationId = uniqueId(`table-${kind}`);
    if (kind === 'consult' || kind === 'approval') {
      await service.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'Hello there' } });
      const deadline = [
        { action: 'cancel' as const },
        kind === 'approval'
          ? { action: 'default' as const, answer: { decision: 'refuse' as const } }
          : { action: 'default' as const, answer: { text: 'No answer in time.' } },
        { action: 'escalate' as const },
      ][onDeadline]!;
      const created = await service.createRequest(
        agent,
        conversationId,
        kind === 'consult'
          ? { kind, question: 'May I offer a voucher?', timeoutSeconds: 60, onDeadline: deadline }
          : {
              kind,
              actions: [{ toolName: 'refund', args: { orderId: '1182', amount: 80 } }],
              timeoutSeconds: 60,
              onDeadline: deadline,
            },
      );
      return created.request.id;
    }
    const { handoff } = await service.postTurn(agent, { conversationId, turn: HANDOFF_TURN });
    if (kind === 'handoff') return handoff!.id;
    // A transfer is the handoff a transfer queued in the target queue.
    await service.claim(operator, handoff!.id);
    return (await service.transfer(operator, handoff!.id, { queue: 'billing' })).id;
  }

  /** Runs `move` on request `id` the way its caller would; resolves whether the service applied it. */
  async function run(kind: RequestKind, id: string, move: string, operator: Principal): Promise<boolean> {
    switch (move) {
      case 'answer':
        await service.answerRequest(
          operator,
          id,
          kind === 'approval' ? { decision: 'approve' } : { text: 'Yes, a 10% voucher.' },
        );
        return true;
      case 'cancel':
        await service.cancelRequest(agent, id);
        return true;
      case 'time-out':
        // The deadline passes: housekeeping ends the open requests that are due.
        clock.advance(61_000);
        return (await service.applyRequestDeadlines()).some((request) => request.id === id);
      case 'claim':
        await service.claim(operator, id);
        return true;
      case 'resolve':
        await service.resolve(operator, id, { resolved: true, warranted: true });
        return true;
      case 'return':
        await service.returnToAgent(operator, id, { note: 'Back to you.' });
        return true;
      case 'transfer':
        await service.transfer(operator, id, { queue: 'general' });
        return true;
      case 'abandon':
        await service.abandon(operator, id, {});
        return true;
      case 'expire':
        clock.advance(2 * HOUR);
        return (await service.expireHandoffs({ maxWaitMs: HOUR })).some((handoff) => handoff.id === id);
      default:
        throw new Error(`no such move ${move}`);
    }
  }

  /** The events about request `id` after `afterId`: its own, not the births of requests it led to. */
  async function eventsOf(kind: RequestKind, id: string, conversationId: string, afterId: string) {
    const events = await service.events({ conversationId, afterId });
    const own = (event: BatonEvent) =>
      lifecycleOf(kind).store === 'requests'
        ? (event.data as { requestId?: string }).requestId === id &&
          !(event.type === TRANSITIONS.handoff.created.event)
        : event.handoffId === id;
    return events.filter(own).map((event) => event.type);
  }

  it.each(REQUEST_KINDS)('random moves on a %s follow the table', async (kind) => {
    // `assign` and `take-over` also depend on who acts and who is present, not only on the status:
    // test/http/collaboration.test.ts drives them; here the moves any owner may make.
    const moves = Object.keys(lifecycleOf(kind).moves).filter(
      (move) => move !== 'assign' && move !== 'take-over',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...moves), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 2 }),
        async (sequence, onDeadline) => {
          const operator = await principal(service, 'operator');
          const id = await open(kind, operator, onDeadline);
          const first = await service.getRequest(operator, id);
          expect(first.kind).toBe(kind);
          let status: string = first.status;
          expect(status).toBe(lifecycleOf(kind).created.to);
          for (const move of sequence) {
            const before = await service.events({ conversationId: first.conversationId });
            const allowed = canMove(kind, status, move);
            let applied: boolean;
            try {
              applied = await run(kind, id, move, operator);
            } catch (error) {
              if (!(error instanceof BatonError) || error.status < 400 || error.status >= 500) throw error;
              applied = false;
            }
            expect({ move, from: status, applied }).toEqual({ move, from: status, applied: allowed });
            const now = (await service.getRequest(operator, id)).status;
            expect(Object.keys(lifecycleOf(kind).statuses)).toContain(now);
            expect(now).toBe(allowed ? lifecycleOf(kind).moves[move]!.to : status);
            expect(await eventsOf(kind, id, first.conversationId, before.at(-1)!.id)).toEqual(
              allowed ? [lifecycleOf(kind).moves[move]!.event] : [],
            );
            status = now;
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
