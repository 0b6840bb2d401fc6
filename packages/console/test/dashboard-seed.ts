/**
 * A day of handoffs for the dashboard's tests (and its README screenshot), made through the real
 * service with a clock the test moves: several triggers, waits, replies, outcomes (some late, some
 * with a customer who had to repeat), a transfer, a customer who left, one still waiting, ratings,
 * and a conversation that ended badly without a handoff (a miss). Returns what happened, as the
 * seed saw it, and `expectedMetrics` turns that into the figures the metrics API should report.
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
  late?: boolean;
  customerRepeated?: boolean;
  /** The customer's 1–5 rating of the conversation, sent after the end. */
  rating?: number;
}

const STORIES: Story[] = [
  {
    customer: 'I want to talk to a person please',
    waitSeconds: 40,
    replySeconds: 20,
    end: 'resolved',
    warranted: true,
    rating: 5,
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
    customerRepeated: true,
    rating: 3,
  },
  {
    customer: 'This is absolutely useless, worst service ever!!!',
    waitSeconds: 130,
    replySeconds: 45,
    end: 'resolved',
    warranted: false,
    rating: 2,
  },
  {
    customer: 'There are payments on my card I did not make, please block it',
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
    late: true,
  },
  {
    customer: 'Talk to a human, now',
    waitSeconds: 160,
    replySeconds: 50,
    end: 'resolved',
    warranted: true,
    customerRepeated: true,
    rating: 4,
  },
  {
    customer: 'Is there a person I can talk to?',
    queue: 'billing',
    waitSeconds: 50,
    replySeconds: 25,
    end: 'resolved',
    warranted: true,
  },
  { customer: 'This is ridiculous, you are useless!!', waitSeconds: 240, replySeconds: 0, end: 'abandoned' },
  {
    customer: 'Can you check the invoice for my March order?',
    agentAsks: 'Invoice correction needs a person',
    queue: 'billing',
    waitSeconds: 20,
    replySeconds: 15,
    end: 'resolved',
    warranted: true,
    late: true,
  },
  { customer: 'I need to speak with a manager', waitSeconds: 0, replySeconds: 0, end: 'waiting' },
];

/** One escalation as the seed made it: epoch ms, null where it did not happen. */
export interface SeededEscalation {
  trigger: string;
  /** The queue it was asked for (a transfer moves it on, but it counts where it started). */
  queue: string;
  requestedAt: number;
  firstClaimedAt: number | null;
  firstReplyAt: number | null;
  endedAt: number | null;
  end: Story['end'];
  outcome: { resolved: boolean; warranted: boolean; late: boolean; customerRepeated: boolean } | null;
}

export interface SeededDay {
  escalations: SeededEscalation[];
  /** Handoff rows, a transfer making a second one. */
  handoffRows: number;
  conversations: number;
  ratings: number[];
  /** Conversations that ended badly without a handoff. */
  misses: number;
  /** The triggers that fired (offered, not handed off) in each of those conversations. */
  missFirings: string[][];
}

/** Plays the stories over the last day, an hour and a half apart, then one miss. */
export async function seedDay(
  service: Service,
  clock: SeedClock,
  principals: { agent: Principal; operator: Principal },
): Promise<SeededDay> {
  const start = clock.at - 20 * 3600_000;
  const day: SeededDay = {
    escalations: [],
    handoffRows: 0,
    conversations: 0,
    ratings: [],
    misses: 0,
    missFirings: [],
  };
  for (const [index, story] of STORIES.entries()) {
    clock.at = start + index * 90 * 60_000;
    const conversationId = `seed-${index}`;
    day.conversations += 1;
    let result = await service.postTurn(principals.agent, {
      conversationId,
      turn: { role: 'customer', text: story.customer },
      customer: { name: ['Ana', 'Bo', 'Cy', 'Di', 'Ed', 'Flo', 'Gus'][index % 7]! },
    });
    let handoff = result.handoff;
    if (!handoff && story.agentAsks) {
      handoff = (
        await service.requestHandoff(principals.agent, {
          conversationId,
          reason: story.agentAsks,
          ...(story.queue ? { queue: story.queue } : {}),
        })
      ).handoff;
    }
    if (!handoff) throw new Error(`seed story ${index} did not hand off: ${result.decision.action}`);
    day.handoffRows += 1;
    const escalation: SeededEscalation = {
      trigger: handoff.trigger,
      queue: handoff.queue,
      requestedAt: clock.at,
      firstClaimedAt: null,
      firstReplyAt: null,
      endedAt: null,
      end: story.end,
      outcome: null,
    };
    day.escalations.push(escalation);
    let handoffId = handoff.id;
    if (story.queue && handoff.queue !== story.queue) {
      // Claimed at once and moved on: the escalation's first claim is at its request.
      await service.claim(principals.operator, handoffId);
      escalation.firstClaimedAt = clock.at;
      const moved = await service.transfer(principals.operator, handoffId, {
        queue: story.queue,
        note: 'Billing question.',
      });
      handoffId =
        (await service.listHandoffs(principals.operator, { status: 'queued', queue: story.queue })).find(
          (queued) => queued.conversationId === conversationId,
        )?.id ?? moved.id;
      day.handoffRows += 1;
    }
    clock.at += story.waitSeconds * 1000;
    if (story.end === 'waiting') continue;
    if (story.end === 'abandoned') {
      await service.abandon(principals.agent, handoffId, { reason: 'The customer left.' });
      escalation.endedAt = clock.at;
      continue;
    }
    await service.claim(principals.operator, handoffId);
    escalation.firstClaimedAt ??= clock.at;
    clock.at += story.replySeconds * 1000;
    await service.reply(principals.operator, handoffId, { text: "Hi, I'm here and I've read everything." });
    escalation.firstReplyAt = clock.at;
    clock.at += 4 * 60_000;
    result = await service.postTurn(principals.agent, {
      conversationId,
      turn: { role: 'customer', text: 'Thank you!' },
    });
    const warranted = story.warranted ?? true;
    await service.resolve(principals.operator, handoffId, {
      resolved: story.resolved ?? true,
      warranted,
      rightReason: warranted,
      agentCouldHaveHandled: !warranted,
      customerRepeated: story.customerRepeated ?? false,
      late: story.late ?? false,
    });
    escalation.endedAt = clock.at;
    escalation.outcome = {
      resolved: story.resolved ?? true,
      warranted,
      late: story.late ?? false,
      customerRepeated: story.customerRepeated ?? false,
    };
    if (story.rating) {
      await service.rateConversation(principals.agent, conversationId, { rating: story.rating });
      day.ratings.push(story.rating);
    }
  }
  // A conversation the agent kept to itself although a trigger offered a person, which ended
  // badly: a miss, for the day and for that trigger.
  clock.at += 10 * 60_000;
  const missed = await service.postTurn(principals.agent, {
    conversationId: 'seed-miss',
    turn: { role: 'customer', text: 'Ugh, this is frustrating, nothing works' },
  });
  if (missed.handoff) throw new Error('the seed miss handed off');
  day.conversations += 1;
  await service.recordConversationOutcome(principals.agent, 'seed-miss', { resolved: false });
  day.misses += 1;
  day.missFirings.push([...new Set(missed.decision.firings.map((firing) => firing.trigger))]);
  return day;
}

/** PostgreSQL's `percentile_cont` (linear between the nearest ranks), rounded as the API rounds. */
export function continuousPercentile(values: readonly number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  const value = sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
  return Math.round(value * 1000) / 1000;
}

const seconds = (later: number | null, earlier: number) => (later === null ? [] : [(later - earlier) / 1000]);
const spread = (values: number[]) => ({
  count: values.length,
  p50: continuousPercentile(values, 0.5),
  p90: continuousPercentile(values, 0.9),
});
const share = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

/** One yes/no question over the judged escalations: how many answered, how many said yes, the share. */
function answered(
  judged: readonly SeededEscalation[],
  yes: (outcome: NonNullable<SeededEscalation['outcome']>) => boolean,
) {
  const count = judged.filter((escalation) => yes(escalation.outcome!)).length;
  return { answered: judged.length, yes: count, rate: share(count, judged.length) };
}

/**
 * The figures the metrics API should give for the seeded day, for one queue or all, counted from
 * what the seed did (not from the API's SQL).
 */
export function expectedMetrics(day: SeededDay, queue?: string) {
  const escalations = day.escalations.filter((escalation) => !queue || escalation.queue === queue);
  const judged = escalations.filter((escalation) => escalation.outcome !== null);
  const claimed = escalations.filter((escalation) => escalation.firstClaimedAt !== null);
  const triggers = [...new Set(escalations.map((escalation) => escalation.trigger))];
  const ratingSum = day.ratings.reduce((sum, rating) => sum + rating, 0);
  return {
    handoffs: escalations.length,
    resolved: escalations.filter((escalation) => escalation.end === 'resolved').length,
    abandoned: escalations.filter((escalation) => escalation.end === 'abandoned').length,
    withOutcome: judged.length,
    warranted: judged.filter((escalation) => escalation.outcome!.warranted).length,
    late: judged.filter((escalation) => escalation.outcome!.late).length,
    repeats: {
      claimed: claimed.length,
      withRepeats: judged.filter((escalation) => escalation.outcome!.customerRepeated).length,
    },
    /** Every yes/no answer the seed gave: rightReason = warranted, agentCouldHaveHandled = not warranted. */
    answers: {
      resolved: answered(judged, (outcome) => outcome.resolved),
      warranted: answered(judged, (outcome) => outcome.warranted),
      rightReason: answered(judged, (outcome) => outcome.warranted),
      agentCouldHaveHandled: answered(judged, (outcome) => !outcome.warranted),
      customerRepeated: answered(judged, (outcome) => outcome.customerRepeated),
    },
    times: {
      toClaim: spread(escalations.flatMap((e) => seconds(e.firstClaimedAt, e.requestedAt))),
      toFirstReply: spread(escalations.flatMap((e) => seconds(e.firstReplyAt, e.requestedAt))),
      toResolve: spread(
        escalations.flatMap((e) => (e.end === 'resolved' ? seconds(e.endedAt, e.requestedAt) : [])),
      ),
    },
    byTrigger: triggers.map((trigger) => {
      const own = judged.filter((escalation) => escalation.trigger === trigger);
      const warranted = own.filter((escalation) => escalation.outcome!.warranted).length;
      return {
        trigger,
        handoffs: escalations.filter((escalation) => escalation.trigger === trigger).length,
        withOutcome: own.length,
        warranted,
        warrantedRate: share(warranted, own.length),
        late: own.filter((escalation) => escalation.outcome!.late).length,
      };
    }),
    /** Per trigger, the miss conversations in which it fired (a conversation has no queue). */
    missesByTrigger: Object.fromEntries(
      [...new Set(day.missFirings.flat())].map((trigger) => [
        trigger,
        day.missFirings.filter((fired) => fired.includes(trigger)).length,
      ]),
    ),
    ratings: {
      count: day.ratings.length,
      mean: day.ratings.length === 0 ? null : Math.round((ratingSum / day.ratings.length) * 1000) / 1000,
    },
  };
}
