/**
 * Routing by a detected language, on PGlite and on PostgreSQL: a Spanish-speaking customer who
 * gives no language is routed to the Spanish queue and offered to its Spanish-speaking operator; the
 * brief and metrics by language carry the detected language; a language given wins over Spanish
 * text; an agent's English turns never count.
 */
import { afterEach, expect, it } from 'vitest';
import type { BatonService } from '../../src/service/create-service.ts';
import { describeBackends } from '../storage/backends.ts';
import { expectCode, makeService, principal, testClock, uniqueId } from './harness.ts';

const opened: BatonService[] = [];
afterEach(async () => {
  for (const service of opened.splice(0)) await service.close();
});

const SPANISH = ['hola', 'No puedo entrar en mi cuenta desde ayer y tengo que pagar la factura de este mes'];

describeBackends('routing by a detected language', (use) => {
  it('routes a Spanish-speaking customer who gave no language to the Spanish queue and operator', async () => {
    const support = uniqueId('support');
    const spanish = uniqueId('es');
    const clock = testClock('2026-05-04T08:00:00.000Z');
    const { service } = await makeService(use(), { queues: [support, spanish], now: clock.now });
    opened.push(service);
    const admin = await principal(service, 'admin');
    await service.putQueueConfig(admin, {
      version: uniqueId('v'),
      queues: {
        [support]: { routes: [{ language: 'es', queue: spanish }] },
        [spanish]: { languages: ['es'], mode: 'offer' },
      },
    });
    const agent = await principal(service, 'agent');
    const english = await principal(service, 'operator', uniqueId('en'));
    await service.setPresence(english, { status: 'online', queues: [spanish], languages: ['en'] });
    const hablante = await principal(service, 'operator', uniqueId('es'));
    await service.setPresence(hablante, { status: 'online', queues: [spanish], languages: ['es', 'en'] });

    const conversationId = uniqueId('conv');
    for (const text of SPANISH) {
      await service.postTurn(agent, { conversationId, turn: { role: 'customer', text } });
      // The agent answers in English: its words are not the customer's language.
      await service.postTurn(agent, {
        conversationId,
        turn: {
          role: 'agent',
          text: 'I am sorry to hear that, let me check your account for you right away',
        },
      });
    }
    const { handoff } = await service.requestHandoff(agent, {
      conversationId,
      reason: 'needs a person',
      queue: support,
    });
    expect(handoff.queue).toBe(spanish);
    expect(handoff.routing).toMatchObject({ language: 'es' });
    expect((handoff.brief as { customer?: { language?: string } }).customer?.language).toBe('es');

    // The operator who lists no Spanish may not take it; the routing round offers it to the one who does.
    await expectCode(service.claim(english, handoff.id), 'wrong_language');
    await service.routeNow();
    const offered = await service.getHandoff(admin, handoff.id);
    expect(offered.routing).toMatchObject({ offeredTo: hablante.name });
    expect(await service.acceptOffer(hablante, handoff.id)).toMatchObject({ status: 'claimed' });

    // Metrics by language count the conversation as Spanish.
    const byLanguage = await service.metrics(admin, {
      from: '2026-05-04T00:00:00.000Z',
      to: '2026-05-05T00:00:00.000Z',
      groupBy: 'language',
    });
    expect(byLanguage.groups?.find((group) => group.key === 'es')).toMatchObject({
      conversations: 1,
      handoffs: 1,
    });
  });

  it('keeps a language given on the turn over Spanish text, and leaves a short conversation unrouted', async () => {
    const support = uniqueId('support');
    const spanish = uniqueId('es');
    const { service } = await makeService(use(), { queues: [support, spanish] });
    opened.push(service);
    const admin = await principal(service, 'admin');
    await service.putQueueConfig(admin, {
      version: uniqueId('v'),
      queues: { [support]: { routes: [{ language: 'es', queue: spanish }] } },
    });
    const agent = await principal(service, 'agent');

    const given = uniqueId('conv');
    await service.postTurn(agent, {
      conversationId: given,
      turn: { role: 'customer', text: SPANISH[1]! },
      customer: { language: 'en' },
    });
    const first = await service.requestHandoff(agent, { conversationId: given, reason: 'x', queue: support });
    expect(first.handoff.queue).toBe(support);
    expect(first.handoff.routing).toMatchObject({ language: 'en' });

    const short = uniqueId('conv');
    await service.postTurn(agent, { conversationId: short, turn: { role: 'customer', text: 'ok' } });
    const second = await service.requestHandoff(agent, {
      conversationId: short,
      reason: 'x',
      queue: support,
    });
    expect(second.handoff.queue).toBe(support);
    expect(second.handoff.routing).toMatchObject({ language: null });
  });
});
