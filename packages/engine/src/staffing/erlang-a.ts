/**
 * Erlang A (Palm's M/M/N+M queue): Erlang C plus impatience. Each waiting arrival leaves after an
 * exponential patience of mean 1/θ unless a server takes it first, so the queue is stable at any
 * load. The formulation is Garnett, Mandelbaum and Reiman, "Designing a call center with impatient
 * customers", M&SOM 4(3), 2002: a birth–death chain with birth rate λ, death rate n·μ up to N
 * servers and N·μ + (n − N)·θ above.
 *
 * Computed exactly on that chain, in ratios to the state "all N servers busy, nobody waiting":
 * below it, the ratios sum to 1/B(N, a) (Erlang B, by its stable recurrence); above it, the terms
 * λ / (Nμ + jθ) multiply out until they vanish. The service level (answered within t, among all
 * arrivals) follows each waiting arrival through the queue ahead of it — it moves up when a server
 * frees (rate Nμ) or someone ahead leaves (θ each), and it may leave itself (θ) — by uniformisation:
 * a Poisson-weighted sum of the steps of the jump chain, with the weights in log space. No a^N, no
 * N!, no incomplete gamma function: stable for thousands of servers.
 */
import { erlangB, type QueueLoad } from './erlang-c.ts';

export interface ImpatientLoad extends QueueLoad {
  /** 1/θ: how long a waiting arrival waits before leaving, on average, in seconds (> 0). */
  meanPatienceSeconds: number;
}

export interface ErlangAResult {
  servers: number;
  offeredLoad: number;
  /** P(an arrival finds every server busy and waits). */
  waitProbability: number;
  /** P(an arrival leaves before a server takes it). */
  abandonProbability: number;
  /** P(an arrival is taken by a server within `answerSeconds`), over all arrivals (those who leave count as missed). */
  serviceLevel: number;
  /** Mean wait over all arrivals, seconds (served and abandoned alike; E[queue]/λ by Little's law). */
  averageSpeedOfAnswer: number;
  /** Carried load / N: the share of time servers are busy. */
  occupancy: number;
}

/** Tail terms smaller than this share of the running sum end the chain. */
const TAIL_EPSILON = 1e-15;
/** A chain longer than this is a sign of absurd inputs, not something to compute. */
const MAX_TAIL_STATES = 2_000_000;

function check(load: ImpatientLoad, servers: number): void {
  if (!(load.arrivalRate >= 0) || !Number.isFinite(load.arrivalRate)) {
    throw new RangeError(`arrivalRate must be a finite number ≥ 0, got ${load.arrivalRate}`);
  }
  if (!(load.meanHandleSeconds > 0) || !Number.isFinite(load.meanHandleSeconds)) {
    throw new RangeError(`meanHandleSeconds must be a finite number > 0, got ${load.meanHandleSeconds}`);
  }
  if (!(load.meanPatienceSeconds > 0) || !Number.isFinite(load.meanPatienceSeconds)) {
    throw new RangeError(`meanPatienceSeconds must be a finite number > 0, got ${load.meanPatienceSeconds}`);
  }
  if (!Number.isInteger(servers) || servers < 0) {
    throw new RangeError(`servers must be an integer ≥ 0, got ${servers}`);
  }
}

/**
 * P(served within t | the arrival found `ahead[k]`-weighted k others waiting), summed over k:
 * the mass the jump chain moves into "served" within time t.
 */
function servedWithin(
  waitingWeights: readonly number[],
  serviceRate: number,
  abandonRate: number,
  seconds: number,
): number {
  const states = waitingWeights.length;
  if (states === 0 || seconds <= 0) return 0;
  // State k: k others ahead. It moves to k−1 (or into service from 0) at Nμ + kθ, and leaves at θ.
  const uniform = serviceRate + states * abandonRate;
  const mean = uniform * seconds;
  let mass = Float64Array.from(waitingWeights);
  let next = new Float64Array(states);
  let served = 0;
  let result = 0;
  let logWeight = -mean; // log of Poisson(mean; 0)
  let weightSeen = 0;
  const lastStep = Math.ceil(mean + 12 * Math.sqrt(mean) + 30);
  for (let step = 0; step <= lastStep; step += 1) {
    if (step > 0) {
      // One jump of the uniformised chain.
      next.fill(0);
      for (let k = 0; k < states; k += 1) {
        const here = mass[k]!;
        if (here === 0) continue;
        const advance = (serviceRate + k * abandonRate) / uniform;
        const leave = abandonRate / uniform;
        if (k === 0) served += here * advance;
        else next[k - 1]! += here * advance;
        next[k]! += here * (1 - advance - leave);
      }
      [mass, next] = [next, mass];
      logWeight += Math.log(mean) - Math.log(step);
    }
    const weight = Math.exp(logWeight);
    weightSeen += weight;
    result += weight * served;
    if (weightSeen > 1 - 1e-13 && step > mean) break;
  }
  return result;
}

/** Erlang A's figures for `servers` servers and an answer-time target of `answerSeconds`. */
export function erlangAMetrics(load: ImpatientLoad, servers: number, answerSeconds: number): ErlangAResult {
  check(load, servers);
  const lambda = load.arrivalRate;
  const mu = 1 / load.meanHandleSeconds;
  const theta = 1 / load.meanPatienceSeconds;
  const a = lambda / mu;
  if (lambda === 0) {
    return {
      servers,
      offeredLoad: 0,
      waitProbability: 0,
      abandonProbability: 0,
      serviceLevel: 1,
      averageSpeedOfAnswer: 0,
      occupancy: 0,
    };
  }
  // Ratios to π_N. Below N: Σ_{n≤N} π_n/π_N = 1/B(N, a). Above: t_j = Π_{i≤j} λ/(Nμ + iθ).
  const belowAndAt = servers === 0 ? 1 : 1 / erlangB(servers, a);
  const serviceRate = servers * mu;
  const tail: number[] = [1]; // tail[k] = π_{N+k}/π_N
  let tailSum = 0; // Σ_{k≥1}
  let queueSum = 0; // Σ k·tail[k]
  for (let k = 1; k <= MAX_TAIL_STATES; k += 1) {
    const term = (tail[k - 1]! * lambda) / (serviceRate + k * theta);
    tail.push(term);
    tailSum += term;
    queueSum += k * term;
    const decreasing = lambda < serviceRate + (k + 1) * theta;
    if (decreasing && term < TAIL_EPSILON * (belowAndAt + tailSum)) break;
  }
  const total = belowAndAt + tailSum;
  const waitProbability = (1 + tailSum) / total;
  const meanQueue = queueSum / total;
  const abandonProbability = (theta * meanQueue) / lambda;
  // PASTA: an arrival finds k waiting with probability tail[k]/total, k = 0..
  const waitingWeights = tail.map((term) => term / total);
  const served = servedWithin(waitingWeights, serviceRate, theta, answerSeconds);
  return {
    servers,
    offeredLoad: a,
    waitProbability,
    abandonProbability,
    serviceLevel: Math.min(1, 1 - waitProbability + served),
    averageSpeedOfAnswer: meanQueue / lambda,
    occupancy: servers === 0 ? 1 : Math.min(1, (a * (1 - abandonProbability)) / servers),
  };
}
