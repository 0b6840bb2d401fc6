/**
 * A hand-built day of conversations with known answers, for the metrics and export tests. Every
 * time is set by the test clock, so the expected figures below are worked out by hand from it.
 */
import type { BatonService } from '../../src/service/create-service.ts';
import type { Principal } from '../../src/service/types.ts';
import { HANDOFF_TURN, principal, uniqueId, type TestClock } from '../service/harness.ts';

const SECOND = 1_000;

export interface History {
  /** The day the history happened on: `[from, to)`. */
  from: string;
  to: string;
  conversations: Record<string, string>;
  agent: Principal;
  operator: Principal;
}

/**
 * Nine conversations, seven escalations (one transferred, one asked again after a return), one
 * miss, three ratings; see the comments for each one's times.
 */
export async function buildHistory(service: BatonService, clock: TestClock): Promise<History> {
  const from = clock.now().toISOString();
  const agent = await principal(service, 'agent', 'history-bot');
  const operator = await principal(service, 'operator', 'Ada');
  const other = await principal(service, 'operator', 'Grace');
  const ids: Record<string, string> = {};
  const customerId = uniqueId('customer');
  const open = async (name: string, text: string, customer: Record<string, unknown> = {}) => {
    ids[name] = uniqueId(name);
    await service.postTurn(agent, { conversationId: ids[name]!, turn: { role: 'customer', text }, customer });
    return ids[name]!;
  };
  const handOff = async (conversationId: string) => {
    clock.advance(SECOND);
    const result = await service.postTurn(agent, { conversationId, turn: HANDOFF_TURN });
    return result.handoff!.id;
  };

  // c1: claimed after 60 s, first reply 90 s, resolved (warranted) at 180 s; the operator asks for
  // the order number the customer already gave (a repeat). Rated 4. Its customer comes back an hour later.
  const c1 = await open('c1', 'Hi, my order 4471-983 never arrived.', { id: customerId });
  const h1 = await handOff(c1);
  clock.advance(60 * SECOND);
  await service.claim(operator, h1);
  clock.advance(30 * SECOND);
  await service.reply(operator, h1, { text: "Hi, what's your order number?" });
  clock.advance(90 * SECOND);
  await service.resolve(operator, h1, { resolved: true, warranted: true });
  await service.rateConversation(agent, c1, { rating: 4 });

  // c2: claimed after 120 s, reply at 180 s, resolved at 300 s, not warranted.
  const c2 = await open('c2', 'Where is my parcel?');
  const h2 = await handOff(c2);
  clock.advance(120 * SECOND);
  await service.claim(operator, h2);
  clock.advance(60 * SECOND);
  await service.reply(operator, h2, { text: 'Let me look at it.' });
  clock.advance(120 * SECOND);
  await service.resolve(operator, h2, { resolved: true, warranted: false });

  // c3: the agent asks for a person in the billing queue (trigger agent_requested); claimed after
  // 300 s, reply at 400 s, resolved at 600 s, warranted but late.
  const c3 = await open('c3', 'I was charged twice.');
  clock.advance(SECOND);
  const h3 = (
    await service.requestHandoff(agent, { conversationId: c3, reason: 'billing dispute', queue: 'billing' })
  ).handoff.id;
  clock.advance(300 * SECOND);
  await service.claim(operator, h3);
  clock.advance(100 * SECOND);
  await service.reply(operator, h3, { text: 'I see two charges, refunding one.' });
  clock.advance(200 * SECOND);
  await service.resolve(operator, h3, { resolved: true, warranted: true, late: true });

  // c4: left while waiting, after 30 s.
  const c4 = await open('c4', 'Can someone help me?');
  const h4 = await handOff(c4);
  clock.advance(30 * SECOND);
  await service.abandon(agent, h4, { reason: 'left' });

  // c5: no handoff although the agent was unsure twice (low-confidence offers); ended badly: a miss. Rated 1.
  const c5 = await open('c5', 'My account is locked.');
  for (let turn = 0; turn < 2; turn++) {
    clock.advance(SECOND);
    await service.postTurn(agent, {
      conversationId: c5,
      turn: { role: 'agent', text: 'Please try resetting it.', confidence: 0.1 },
    });
  }
  await service.recordConversationOutcome(agent, c5, { shouldHaveEscalated: true, resolved: false });
  await service.rateConversation(agent, c5, { rating: 1, comment: 'useless' });

  // c6: no handoff, ended well: rated 5.
  const c6 = await open('c6', 'What are your opening hours?');
  await service.rateConversation(agent, c6, { rating: 5 });

  // c7: claimed after 240 s, transferred to billing 10 s later, claimed there 50 s later, resolved
  // (warranted) 100 s after that: one escalation, resolved at 400 s.
  const c7 = await open('c7', 'I need to change my plan.');
  const h7 = await handOff(c7);
  clock.advance(240 * SECOND);
  await service.claim(operator, h7);
  clock.advance(10 * SECOND);
  const h7b = (await service.transfer(operator, h7, { queue: 'billing', note: 'plan change' })).id;
  clock.advance(50 * SECOND);
  await service.claim(other, h7b);
  clock.advance(100 * SECOND);
  await service.resolve(other, h7b, { resolved: true, warranted: true });

  // c8: claimed after 60 s, returned to the agent; the customer asks for a person again (a new,
  // still-queued escalation).
  const c8 = await open('c8', 'My router keeps rebooting.');
  const h8 = await handOff(c8);
  clock.advance(60 * SECOND);
  await service.claim(operator, h8);
  clock.advance(60 * SECOND);
  await service.returnToAgent(operator, h8, { note: 'Walk them through a reset.' });
  clock.advance(60 * SECOND);
  await service.requestHandoff(agent, { conversationId: c8, reason: 'customer insists' });

  // c9: c1's customer, back within the hour.
  clock.advance(3_600 * SECOND);
  await open('c9', 'Me again about my order.', { id: customerId });

  clock.advance(60 * SECOND);
  return { from, to: clock.now().toISOString(), conversations: ids, agent, operator };
}
