/**
 * How many operators a queue needs for a service-level target, from Erlang C or (with a patience)
 * Erlang A.
 *
 * Concurrency: an operator holds up to `concurrency` conversations at once. Each of those slots is
 * modelled as one server of the queue, so servers = operators × concurrency, and the handle time is
 * the time one conversation holds one slot (claimed → resolved or returned, as measured, which
 * already includes the slowdown of working on several at once). The operators needed are
 * ⌈servers needed ÷ concurrency⌉. This is exact when an operator's slots are independent; it is
 * optimistic when a busy operator answers new conversations slower than an idle one.
 */
import { erlangAMetrics } from './erlang-a.ts';
import { erlangCMetrics, type QueueLoad } from './erlang-c.ts';

export interface StaffingTarget {
  /** The share of arrivals to answer within `answerSeconds`, e.g. 0.8. Must be below 1. */
  serviceLevel: number;
  /** The answer time, seconds: e.g. 60 for "80% claimed within 60 s". */
  answerSeconds: number;
  /** The busiest the servers may be (a/N), e.g. 0.85; default 1 (no cap). */
  maxOccupancy?: number;
  /** With a patience: the largest share of arrivals that may leave before a claim (default no cap). */
  maxAbandonment?: number;
}

export interface StaffingInput extends QueueLoad {
  /** Conversations one operator holds at once (≥ 1; default 1). */
  concurrency?: number;
  /** Mean patience of a waiting customer, seconds; given, the model is Erlang A, else Erlang C. */
  meanPatienceSeconds?: number | null;
}

export interface StaffingForecast {
  model: 'erlang-c' | 'erlang-a';
  /** Operators needed (⌈servers ÷ concurrency⌉); null when no number up to the search limit meets the target. */
  operators: number | null;
  /** Servers (conversation slots) needed; null as above. */
  servers: number | null;
  offeredLoad: number;
  /** The predicted figures at `servers` (null when unreachable). */
  serviceLevel: number | null;
  waitProbability: number | null;
  averageSpeedOfAnswer: number | null;
  occupancy: number | null;
  /** Erlang A only; null for Erlang C. */
  abandonProbability: number | null;
}

/** The figures one model gives at one number of servers. */
export interface StaffingFigures {
  serviceLevel: number;
  waitProbability: number;
  averageSpeedOfAnswer: number;
  occupancy: number;
  abandonProbability: number | null;
}

function checkTarget(target: StaffingTarget): void {
  if (!(target.serviceLevel > 0 && target.serviceLevel < 1)) {
    throw new RangeError(`serviceLevel must be in (0, 1), got ${target.serviceLevel}`);
  }
  if (!(target.answerSeconds >= 0) || !Number.isFinite(target.answerSeconds)) {
    throw new RangeError(`answerSeconds must be a finite number ≥ 0, got ${target.answerSeconds}`);
  }
  const occupancy = target.maxOccupancy ?? 1;
  if (!(occupancy > 0 && occupancy <= 1)) {
    throw new RangeError(`maxOccupancy must be in (0, 1], got ${occupancy}`);
  }
}

/** The figures at `servers` servers, by Erlang A when a patience is given, else Erlang C. */
export function staffingFigures(
  input: StaffingInput,
  servers: number,
  answerSeconds: number,
): StaffingFigures {
  const patience = input.meanPatienceSeconds ?? null;
  if (patience !== null) {
    const result = erlangAMetrics({ ...input, meanPatienceSeconds: patience }, servers, answerSeconds);
    return { ...result };
  }
  const result = erlangCMetrics(input, servers, answerSeconds);
  return { ...result, abandonProbability: null };
}

/** The fewest operators that meet the target (and the figures they give). */
export function operatorsNeeded(input: StaffingInput, target: StaffingTarget): StaffingForecast {
  checkTarget(target);
  const concurrency = input.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be an integer ≥ 1, got ${concurrency}`);
  }
  const model = input.meanPatienceSeconds == null ? 'erlang-c' : 'erlang-a';
  const load = input.arrivalRate * input.meanHandleSeconds;
  const empty = {
    model,
    offeredLoad: load,
    abandonProbability: null,
  } as const;
  if (load === 0) {
    return {
      ...empty,
      operators: 0,
      servers: 0,
      serviceLevel: 1,
      waitProbability: 0,
      averageSpeedOfAnswer: 0,
      occupancy: 0,
      abandonProbability: model === 'erlang-a' ? 0 : null,
    };
  }
  const maxOccupancy = target.maxOccupancy ?? 1;
  // Erlang C needs N > a, and its occupancy a/N must stay under the cap. Erlang A is stable at any
  // N, but it serves at most N/a of the arrivals, so N ≥ a × target is necessary.
  const lowest =
    model === 'erlang-c'
      ? Math.max(Math.floor(load) + 1, Math.ceil(load / maxOccupancy))
      : Math.max(1, Math.floor(load * target.serviceLevel));
  // Square-root staffing puts the answer near a + β√a with β of a few units; this bound is generous.
  const highest = Math.max(lowest, Math.ceil(load + 40 * Math.sqrt(load) + 100));
  const meets = (servers: number): StaffingFigures | null => {
    const figures = staffingFigures(input, servers, target.answerSeconds);
    const abandonOk =
      target.maxAbandonment === undefined ||
      figures.abandonProbability === null ||
      figures.abandonProbability <= target.maxAbandonment;
    return figures.serviceLevel >= target.serviceLevel && abandonOk && figures.occupancy <= maxOccupancy
      ? figures
      : null;
  };
  // Service level rises and occupancy and abandonment fall as servers are added, so the servers
  // that meet the target are a range [answer, ∞): bisect for its start.
  if (meets(highest) !== null) {
    let low = lowest;
    let high = highest;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (meets(middle) === null) low = middle + 1;
      else high = middle;
    }
    return {
      model,
      offeredLoad: load,
      servers: low,
      operators: Math.ceil(low / concurrency),
      ...meets(low)!,
    };
  }
  return {
    ...empty,
    operators: null,
    servers: null,
    serviceLevel: null,
    waitProbability: null,
    averageSpeedOfAnswer: null,
    occupancy: null,
  };
}
