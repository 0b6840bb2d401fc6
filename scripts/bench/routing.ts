/**
 * Routing at 1,000 queued handoffs and 100 operators. Two figures, each beside a baseline in the
 * same run:
 * - one decision (order the queue with aging, pick the best free operator for its head, checking
 *   queue, skills, language and capacity), p50/p99 over many, against a plain sort of the same
 *   queue by priority then time queued (what ordering cost before routing);
 * - a whole offer round on PGlite (lapsed offers, ladder, offers to every free place, ETAs), per
 *   decision, against reading the same queue in the old order.
 * `npm run bench routing`.
 */
import { createService } from '../../packages/server/src/service/create-service.ts';
import {
  orderQueue,
  bestOperator,
  type OperatorState,
  type QueuedHandoff,
} from '../../packages/server/src/service/routing-order.ts';
import { openMemoryDatabase } from '../../packages/server/src/storage/database.ts';

const HANDOFFS = 1_000;
const OPERATORS = 100;
const DECISIONS = 2_000;
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const RANK = { low: 0, normal: 1, high: 2, urgent: 3 } as const;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/** A deterministic pseudo-random sequence (the same queue every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function syntheticQueue(): { handoffs: QueuedHandoff[]; operators: OperatorState[] } {
  const next = random(7);
  const queues = ['general', 'billing', 'fraud', 'es'];
  const handoffs: QueuedHandoff[] = Array.from({ length: HANDOFFS }, (_, index) => {
    const priority = PRIORITIES[Math.floor(next() * 3.2)]!;
    return {
      id: `ho-${index.toString().padStart(5, '0')}`,
      queue: queues[index % 4]!,
      priority,
      priorityRank: RANK[priority],
      queuedAt: 1_700_000_000_000 + Math.floor(next() * 3_600_000),
      language: index % 4 === 3 ? 'es' : null,
      widenedTo: [],
      passedBy: next() < 0.1 ? ['op-3', 'op-7'] : [],
      offeredToKey: null,
    };
  });
  const operators: OperatorState[] = Array.from({ length: OPERATORS }, (_, index) => ({
    keyId: `op-${index}`,
    name: `Operator ${index}`,
    queues: index % 5 === 0 ? [] : [queues[index % 4]!],
    skills: index % 2 === 0 ? ['refunds'] : [],
    languages: index % 3 === 0 ? ['es', 'en'] : ['en'],
    capacity: 3,
    load: Math.floor(next() * 4),
  }));
  return { handoffs, operators };
}

function timeEach(runs: number, work: () => void): number[] {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const before = performance.now();
    work();
    times.push(performance.now() - before);
  }
  return times.sort((a, b) => a - b);
}

function line(label: string, times: number[]): string {
  return `  ${label.padEnd(44)} p50 ${percentile(times, 0.5).toFixed(3)} ms   p99 ${percentile(times, 0.99).toFixed(3)} ms`;
}

async function offerRounds(): Promise<string[]> {
  const database = await openMemoryDatabase();
  let now = new Date('2026-03-02T09:00:00Z').getTime();
  // Presence kept for the whole run (an open stream would keep it alive).
  const service = await createService({
    database,
    now: () => new Date(now),
    queues: ['general'],
    limits: { presenceTtlMs: 24 * 3_600_000 },
  });
  try {
    const agent = (await service.authenticate(
      (await service.createKey({ scope: 'agent', name: 'bench' })).key,
    ))!;
    for (let index = 0; index < HANDOFFS; index++) {
      const conversationId = `bench-${index}`;
      await service.postTurn(agent, { conversationId, turn: { role: 'customer', text: 'hello' } });
      await service.requestHandoff(agent, {
        conversationId,
        reason: 'bench',
        priority: PRIORITIES[index % 4]!,
      });
      now += 100;
    }
    for (let index = 0; index < OPERATORS; index++) {
      const operator = (await service.authenticate(
        (await service.createKey({ scope: 'operator', name: `op-${index}` })).key,
      ))!;
      await service.setPresence(operator, { status: 'online', queues: ['general'], capacity: 3 });
    }
    const admin = (await service.authenticate(
      (await service.createKey({ scope: 'admin', name: 'bench' })).key,
    ))!;
    await service.putQueueConfig(admin, {
      version: 'bench',
      queues: {
        general: {
          mode: 'offer',
          offerTimeoutSeconds: 30,
          slaSeconds: { low: 86_400, normal: 86_400, high: 86_400, urgent: 86_400 },
        },
      },
    });
    await service.routeNow();
    const perDecision: number[] = [];
    const roundTimes: number[] = [];
    const rounds: string[] = [];
    for (let round = 0; round < 5; round++) {
      now += 31_000; // Every standing offer lapses: each round expires and re-offers 300.
      const before = performance.now();
      const result = await service.routeNow();
      const took = performance.now() - before;
      const decisions = result.offersExpired + result.offersMade;
      perDecision.push(took / Math.max(1, decisions));
      roundTimes.push(took);
      rounds.push(`${took.toFixed(0)} ms/${decisions}`);
    }
    const baseline: number[] = [];
    for (let run = 0; run < 20; run++) {
      const before = performance.now();
      await database.query(
        `SELECT * FROM handoffs WHERE status = 'queued' ORDER BY priority_rank DESC, queued_at, id`,
      );
      baseline.push(performance.now() - before);
    }
    perDecision.sort((a, b) => a - b);
    roundTimes.sort((a, b) => a - b);
    baseline.sort((a, b) => a - b);
    const ratio = percentile(roundTimes, 0.5) / percentile(baseline, 0.5);
    return [
      `  offer round on PGlite (${HANDOFFS} queued, ${OPERATORS} operators × 3): rounds ${rounds.join(', ')}`,
      `  per decision (offer made or lapsed)          median ${percentile(perDecision, 0.5).toFixed(3)} ms   worst ${perDecision.at(-1)!.toFixed(3)} ms`,
      `  baseline: read the queue in the old order   median ${percentile(baseline, 0.5).toFixed(3)} ms   (a whole round costs ${ratio.toFixed(1)}× one read)`,
    ];
  } finally {
    await service.close();
    await database.close();
  }
}

export default async function routingBench(): Promise<string> {
  const { handoffs, operators } = syntheticQueue();
  const needs = { skills: ['refunds'], languages: ['es'] };
  // Warm up both paths.
  for (let index = 0; index < 200; index++) {
    orderQueue(handoffs, 600);
    [...handoffs].sort((a, b) => b.priorityRank - a.priorityRank || a.queuedAt - b.queuedAt);
  }
  const decision = timeEach(DECISIONS, () => {
    const head = orderQueue(handoffs, 600)[0]!;
    bestOperator(operators, head, needs);
  });
  const plainSort = timeEach(DECISIONS, () => {
    [...handoffs].sort(
      (a, b) => b.priorityRank - a.priorityRank || a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : 1),
    );
  });
  const ratio = percentile(decision, 0.99) / percentile(plainSort, 0.99);
  return [
    `Routing — ${HANDOFFS} queued handoffs, ${OPERATORS} operators`,
    line('one decision (aged order + best operator)', decision),
    line('baseline: plain sort by priority, time', plainSort),
    `  ratio at p99: ${ratio.toFixed(2)}× the plain sort`,
    ...(await offerRounds()),
  ].join('\n');
}
