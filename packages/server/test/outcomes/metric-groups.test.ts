/**
 * Equity: metrics broken down by the customer's language and segment, the queue and the trigger,
 * on PGlite and on PostgreSQL, with figures worked out by hand; an unknown `groupBy` is a 400.
 */
import { expect, it } from 'vitest';
import { createApp } from '../../src/http/app.ts';
import type { BatonService } from '../../src/service/create-service.ts';
import {
  HANDOFF_TURN,
  makeService,
  principal,
  testClock,
  uniqueId,
  type TestClock,
} from '../service/harness.ts';
import { describeBackends } from '../storage/backends.ts';

const SECOND = 1_000;

/**
 * Six conversations on one day: three Spanish-speaking (`es-MX`, `es`, `ES`), two English, one with
 * no language. Segments: `smb` (given as `segment`), `enterprise` (given as `tier`), or none.
 *   es-MX smb:        handoff (general), claimed after 300 s, resolved, warranted
 *   es    smb:        handoff (billing, by the agent), left after 200 s unclaimed
 *   ES    enterprise: no handoff
 *   en    enterprise: handoff (general), claimed after 20 s, resolved, not warranted
 *   en    smb:        no handoff
 *   (none):           handoff (general), claimed after 60 s, still open
 */
async function buildDay(service: BatonService, clock: TestClock) {
  const agent = await principal(service, 'agent', uniqueId('bot'));
  const operator = await principal(service, 'operator', uniqueId('op'));
  const open = async (customer: Record<string, unknown>) => {
    const conversationId = uniqueId('c');
    await service.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'hello' }, customer });
    clock.advance(SECOND);
    return conversationId;
  };
  const handOff = async (conversationId: string) =>
    (await service.postTurn(agent, { conversationId, turn: HANDOFF_TURN })).handoff!.id;

  const first = await handOff(await open({ language: 'es-MX', segment: 'smb' }));
  clock.advance(300 * SECOND);
  await service.claim(operator, first);
  await service.resolve(operator, first, { resolved: true, warranted: true });

  const second = await open({ language: 'es', segment: 'smb' });
  const left = (
    await service.requestHandoff(agent, { conversationId: second, reason: 'refund', queue: 'billing' })
  ).handoff.id;
  clock.advance(200 * SECOND);
  await service.abandon(agent, left, { reason: 'left' });

  await open({ language: 'ES', tier: 'enterprise' });

  const fourth = await handOff(await open({ language: 'en', tier: 'enterprise' }));
  clock.advance(20 * SECOND);
  await service.claim(operator, fourth);
  await service.resolve(operator, fourth, { resolved: false, warranted: false });

  await open({ language: 'en', segment: 'smb' });

  const sixth = await handOff(await open({}));
  clock.advance(60 * SECOND);
  await service.claim(operator, sixth);
  return operator;
}

describeBackends('metrics by group', (use) => {
  it('breaks handoff rate, time to a person, abandonment and outcome down by language and segment', async () => {
    const clock = testClock('2026-05-04T08:00:00.000Z');
    const { service } = await makeService(use(), { now: clock.now });
    const lead = await buildDay(service, clock);
    const range = { from: '2026-05-04T00:00:00.000Z', to: '2026-05-05T00:00:00.000Z' };

    const byLanguage = await service.metrics(lead, { ...range, groupBy: 'language' });
    expect(byLanguage.groupBy).toBe('language');
    expect(byLanguage.groups).toEqual([
      {
        key: 'es',
        conversations: 3,
        conversationsWithHandoff: 2,
        handoffRate: 0.6667,
        handoffs: 2,
        toClaim: { count: 1, p50: 300, p90: 300 },
        abandonment: { abandoned: 1, expired: 0, rate: 0.5 },
        outcomes: { withOutcome: 1, warranted: 1, warrantedRate: 1, resolved: 1, resolvedRate: 1 },
      },
      {
        key: 'en',
        conversations: 2,
        conversationsWithHandoff: 1,
        handoffRate: 0.5,
        handoffs: 1,
        toClaim: { count: 1, p50: 20, p90: 20 },
        abandonment: { abandoned: 0, expired: 0, rate: 0 },
        outcomes: { withOutcome: 1, warranted: 0, warrantedRate: 0, resolved: 0, resolvedRate: 0 },
      },
      {
        key: null,
        conversations: 1,
        conversationsWithHandoff: 1,
        handoffRate: 1,
        handoffs: 1,
        toClaim: { count: 1, p50: 60, p90: 60 },
        abandonment: { abandoned: 0, expired: 0, rate: 0 },
        outcomes: { withOutcome: 0, warranted: 0, warrantedRate: null, resolved: 0, resolvedRate: null },
      },
    ]);
    // The whole still adds up: the groups partition the conversations and the escalations.
    expect(byLanguage.conversations).toBe(6);
    expect(byLanguage.handoffs).toBe(4);

    const bySegment = await service.metrics(lead, { ...range, groupBy: 'segment' });
    expect(bySegment.groups!.map((group) => [group.key, group.conversations, group.handoffs])).toEqual([
      ['smb', 3, 2],
      ['enterprise', 2, 1],
      [null, 1, 1],
    ]);

    const byQueue = await service.metrics(lead, { ...range, groupBy: 'queue' });
    expect(byQueue.groups!.map((group) => [group.key, group.handoffs, group.handoffRate])).toEqual([
      ['general', 3, 0.5],
      ['billing', 1, 0.1667],
    ]);
    // Without groupBy, nothing changes.
    expect((await service.metrics(lead, range)).groups).toBeUndefined();
  });

  it('refuses an unknown groupBy with a 400 problem naming the field', async () => {
    const { service } = await makeService(use());
    const app = createApp(service, { logError: () => {} });
    const key = (await service.createKey({ scope: 'operator', name: 'Lead' })).key;
    const get = async (query: string) => {
      const response = await app.request(`/v1/metrics${query}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const bad = await get('?groupBy=colour');
    expect(bad.status).toBe(400);
    expect(bad.body['code']).toBe('invalid_request');
    expect(bad.body['errors']).toEqual([expect.objectContaining({ path: 'query.groupBy' })]);
    const good = await get('?groupBy=trigger');
    expect(good.status).toBe(200);
    expect(good.body['groupBy']).toBe('trigger');
  });
});
