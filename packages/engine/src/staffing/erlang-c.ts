/**
 * Erlang C (the M/M/N queue): Poisson arrivals at rate λ, exponential handle times of mean 1/μ,
 * N servers, nobody leaves the queue. Offered load a = λ/μ (in Erlangs). Every figure is computed
 * through the Erlang B recurrence B(n) = a·B(n−1) / (n + a·B(n−1)), which never forms a^N or N!,
 * so it is exact and stable for thousands of servers (the closed form overflows past about 170).
 *
 * Time is in seconds throughout; the caller gives every input (no clock).
 */

/** The queue being sized: arrivals per second and the mean handle time in seconds. */
export interface QueueLoad {
  /** λ: arrivals per second (≥ 0). */
  arrivalRate: number;
  /** 1/μ: mean time one server spends on one arrival, in seconds (> 0). */
  meanHandleSeconds: number;
}

/** What Erlang C predicts for a number of servers. */
export interface ErlangCResult {
  servers: number;
  /** a = λ/μ, in Erlangs. */
  offeredLoad: number;
  /** P(an arrival waits at all) = C(N, a); 1 when the queue is unstable (a ≥ N). */
  waitProbability: number;
  /** P(an arrival is answered within `answerSeconds`); 0 when unstable. */
  serviceLevel: number;
  /** Average speed of answer (mean wait over all arrivals), seconds; Infinity when unstable. */
  averageSpeedOfAnswer: number;
  /** a/N: the share of time servers are busy (capped at 1). */
  occupancy: number;
}

function checkLoad(load: QueueLoad): void {
  if (!(load.arrivalRate >= 0) || !Number.isFinite(load.arrivalRate)) {
    throw new RangeError(`arrivalRate must be a finite number ≥ 0, got ${load.arrivalRate}`);
  }
  if (!(load.meanHandleSeconds > 0) || !Number.isFinite(load.meanHandleSeconds)) {
    throw new RangeError(`meanHandleSeconds must be a finite number > 0, got ${load.meanHandleSeconds}`);
  }
}

function checkServers(servers: number): void {
  if (!Number.isInteger(servers) || servers < 0) {
    throw new RangeError(`servers must be an integer ≥ 0, got ${servers}`);
  }
}

/** The offered load a = λ/μ in Erlangs. */
export function offeredLoad(load: QueueLoad): number {
  checkLoad(load);
  return load.arrivalRate * load.meanHandleSeconds;
}

/** Erlang B: the blocking probability of N servers with no waiting room, by the stable recurrence. */
export function erlangB(servers: number, load: number): number {
  checkServers(servers);
  let blocking = 1;
  for (let n = 1; n <= servers; n += 1) blocking = (load * blocking) / (n + load * blocking);
  return blocking;
}

/** Erlang C: the probability that an arrival waits, C(N, a) = N·B / (N − a·(1 − B)); 1 when a ≥ N. */
export function erlangC(servers: number, load: number): number {
  checkServers(servers);
  if (load <= 0) return 0;
  if (load >= servers) return 1;
  const blocking = erlangB(servers, load);
  return (servers * blocking) / (servers - load * (1 - blocking));
}

/** Erlang C's figures for `servers` servers and an answer-time target of `answerSeconds`. */
export function erlangCMetrics(load: QueueLoad, servers: number, answerSeconds: number): ErlangCResult {
  checkLoad(load);
  checkServers(servers);
  const a = load.arrivalRate * load.meanHandleSeconds;
  if (a === 0) {
    return {
      servers,
      offeredLoad: 0,
      waitProbability: 0,
      serviceLevel: 1,
      averageSpeedOfAnswer: 0,
      occupancy: 0,
    };
  }
  if (a >= servers) {
    return {
      servers,
      offeredLoad: a,
      waitProbability: 1,
      serviceLevel: 0,
      averageSpeedOfAnswer: Number.POSITIVE_INFINITY,
      occupancy: 1,
    };
  }
  const wait = erlangC(servers, a);
  // Given a wait, it is exponential with rate (N − a)·μ.
  const drainRate = (servers - a) / load.meanHandleSeconds;
  return {
    servers,
    offeredLoad: a,
    waitProbability: wait,
    serviceLevel: 1 - wait * Math.exp(-drainRate * answerSeconds),
    averageSpeedOfAnswer: wait / drainRate,
    occupancy: a / servers,
  };
}
