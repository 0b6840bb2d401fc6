/**
 * A day of handoffs for the dashboard's browser test (and its README screenshot), made through the
 * real service with a clock the test moves: several triggers, waits, replies, outcomes, a customer
 * who left and one still waiting. Returns what the dashboard should count.
 */
import type { Principal, Service } from '../../server/src/service/types.ts';

export interface SeedClock {
  /** Epoch ms the service reads as "now". */
  at: number;
}

interface Story {
  /** What the customer says (the trigger comes from the engine), or the agent's own request. */
  customer: string;
  agentAsks?: string;
  queue?: string;
  waitSeconds: number;
  replySeconds: number;
  end: 'resolved' | 'abandoned' | 'waiting';
  warranted?: boolean;
  resolved?: boolean;
}

const STORIES: Story[] = [
  {
    customer: 'I want to talk to a person please',
    waitSeconds: 40,
    replySeconds: 20,
    end: 'resolved',
    warranted: true,
  },
  {
    customer: 'Can I speak to a human agent?',
    waitSeconds: 95,
    replySeconds: 35,
    end: 'resolved',
    warranted: true,
  },
  {
    customer: 'Someone used my card without my permission, this is fraud',
    waitSeconds: 25,
    replySeconds: 15,
    end: 'resolved',
    warranted: true,
  },
  {
    customer: 'get me a real person now',
    waitSeconds: 210,
    replySeconds: 60,
    end: 'resolved',
    warranted: true,
    resolved: false,
  },
  {
    customer: 'This is absolutely useless, worst service ever!!!',
    waitSeconds: 130,
    replySeconds: 45,
    end: 'resolved',
    warranted: false,
  },
  {
    customer: 'My card was stolen, please block it',
    waitSeconds: 30,
    replySeconds: 10,
    end: 'resolved',
    warranted: true,
  },
  { customer: 'I want to talk to someone', waitSeconds: 300, replySeconds: 0, end: 'abandoned' },
  {
    customer: 'My parcel is late',
    agentAsks: 'Carrier claim needs a person',
    waitSeconds: 75,
    replySeconds: 40,
    end: 'resolved',
    warranted: false,
  },
  {
    customer: 'I will take legal action if this is not fixed, my lawyer is ready',
    waitSeconds: 60,
    replySeconds: 30,
    end: 'resolved',
    warranted: true,
  },
  { customer: 'Talk to a human, now', waitSeconds: 160, replySeconds: 50, end: 'resolved', warranted: true },
  {
    customer: 'Is there a person I can talk to?',
    queue: 'billing',
    waitSeconds: 50,
    replySeconds: 25,
    end: 'resolved',
    warranted: true,
  },
  { customer: 'This is ridiculous, you are useless!!', waitSeconds: 240, replySeconds: 0, end: 'abandoned' },
  { customer: 'I need to speak with a manager', waitSeconds: 0, replySeconds: 0, end: 'waiting' },
];

export interface SeedSummary {
  total: number;
  resolved: number;
  abandoned: number;
  waiting: number;
}

/** Plays the stories over the last day, an hour and a half apart. */
export async function seedDay(
  service: Service,
  clock: SeedClock,
  principals: { agent: Principal; operator: Principal },
): Promise<SeedSummary> {
  const start = clock.at - 20 * 3600_000;
  const summary: SeedSummary = { total: 0, resolved: 0, abandoned: 0, waiting: 0 };
  for (const [index, story] of STORIES.entries()) {
    clock.at = start + index * 90 * 60_000;
    const conversationId = `seed-${index}`;
    let result = await service.postTurn(principals.agent, {
      conversationId,
      turn: { role: 'customer', text: story.customer },
      customer: { name: ['Ana', 'Bo', 'Cy', 'Di', 'Ed', 'Flo', 'Gus'][index % 7]! },
    });
    let handoffId = result.handoff?.id;
    if (!handoffId && story.agentAsks) {
      const asked = await service.requestHandoff(principals.agent, {
        conversationId,
        reason: story.agentAsks,
        ...(story.queue ? { queue: story.queue } : {}),
      });
      handoffId = asked.handoff.id;
    }
    if (!handoffId) throw new Error(`seed story ${index} did not hand off: ${result.decision.action}`);
    summary.total += 1;
    if (story.queue && result.handoff && result.handoff.queue !== story.queue) {
      await service.claim(principals.operator, handoffId);
      const moved = await service.transfer(principals.operator, handoffId, {
        queue: story.queue,
        note: 'Billing question.',
      });
      handoffId =
        (await service.listHandoffs(principals.operator, { status: 'queued', queue: story.queue })).find(
          (handoff) => handoff.conversationId === conversationId,
        )?.id ?? moved.id;
      summary.total += 1;
    }
    clock.at += story.waitSeconds * 1000;
    if (story.end === 'waiting') {
      summary.waiting += 1;
      continue;
    }
    if (story.end === 'abandoned') {
      await service.abandon(principals.agent, handoffId, { reason: 'The customer left.' });
      summary.abandoned += 1;
      continue;
    }
    await service.claim(principals.operator, handoffId);
    clock.at += story.replySeconds * 1000;
    await service.reply(principals.operator, handoffId, { text: "Hi, I'm here and I've read everything." });
    clock.at += 4 * 60_000;
    result = await service.postTurn(principals.agent, {
      conversationId,
      turn: { role: 'customer', text: 'Thank you!' },
    });
    await service.resolve(principals.operator, handoffId, {
      resolved: story.resolved ?? true,
      warranted: story.warranted ?? true,
      rightReason: story.warranted ?? true,
      agentCouldHaveHandled: !(story.warranted ?? true),
      customerRepeated: false,
    });
    summary.resolved += 1;
  }
  return summary;
}
