import { describe, expect, it } from 'vitest';
import { erlangAMetrics, erlangB, erlangC, erlangCMetrics, operatorsNeeded } from '../src/staffing/index.ts';

/**
 * Reference values: the worked example of pyworkforce (rodrigo-arenas/pyworkforce, README, "Erlang C"
 * and "Erlang A (modeling abandonment)"), the call-centre example also used by callcentrehelper.com:
 * 100 contacts per 30 minutes, 3-minute handle time, target 80% answered within 20 s. Erlang C: 14
 * servers, service level 0.8883500191794669, wait probability 0.1741319335950498, occupancy 0.714.
 * Erlang A with a 5-minute mean patience: 13 servers, service level 0.858…, abandonment 0.025…, wait
 * probability 0.226…, occupancy 0.750…, average speed of answer 0.125… minutes.
 */
const example = { arrivalRate: 100 / 1800, meanHandleSeconds: 180 };

/** Erlang C by the textbook closed form, summed in log space: independent of the recurrence. */
function erlangCByLogSum(servers: number, load: number): number {
  const logTerms: number[] = [];
  let logTerm = 0; // log(a^0/0!)
  for (let k = 0; k < servers; k += 1) {
    logTerms.push(logTerm);
    logTerm += Math.log(load) - Math.log(k + 1);
  }
  const logLast = logTerm + Math.log(servers / (servers - load));
  const top = Math.max(logLast, ...logTerms);
  const below = logTerms.reduce((sum, value) => sum + Math.exp(value - top), 0);
  const last = Math.exp(logLast - top);
  return last / (below + last);
}

describe('Erlang C', () => {
  it('matches the published worked example', () => {
    const result = erlangCMetrics(example, 14, 20);
    expect(result.offeredLoad).toBeCloseTo(10, 12);
    expect(result.serviceLevel).toBeCloseTo(0.8883500191794669, 12);
    expect(result.waitProbability).toBeCloseTo(0.1741319335950498, 12);
    expect(result.occupancy).toBeCloseTo(0.7142857142857143, 12);
    // ASA = C·AHT/(N − a) = 0.17413 × 180 / 4.
    expect(result.averageSpeedOfAnswer).toBeCloseTo((0.1741319335950498 * 180) / 4, 9);
  });

  it('sizes the example at 14 servers, and 15 when occupancy may not pass 0.7', () => {
    expect(operatorsNeeded(example, { serviceLevel: 0.8, answerSeconds: 20 }).servers).toBe(14);
    expect(erlangCMetrics(example, 13, 20).serviceLevel).toBeLessThan(0.8);
    expect(
      operatorsNeeded(example, { serviceLevel: 0.8, answerSeconds: 20, maxOccupancy: 0.7 }).servers,
    ).toBe(15);
  });

  it('agrees with small cases worked by hand', () => {
    // N = 2, a = 1: B = 0.2, C = 2·0.2 / (2 − 0.8) = 1/3. N = 1: C = ρ.
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 15);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 15);
    expect(erlangC(1, 0.6)).toBeCloseTo(0.6, 15);
  });

  it('stays exact for thousands of servers, where a^N and N! overflow', () => {
    for (const [servers, load] of [
      [200, 180],
      [1_000, 950],
      [5_000, 4_900],
    ] as const) {
      const value = erlangC(servers, load);
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeCloseTo(erlangCByLogSum(servers, load), 10);
    }
  });

  it('reports an unstable queue honestly', () => {
    const result = erlangCMetrics(example, 10, 20);
    expect(result.waitProbability).toBe(1);
    expect(result.serviceLevel).toBe(0);
    expect(result.averageSpeedOfAnswer).toBe(Number.POSITIVE_INFINITY);
  });

  it('turns servers into operators by concurrency', () => {
    const forecast = operatorsNeeded(
      { ...example, concurrency: 3 },
      { serviceLevel: 0.8, answerSeconds: 20 },
    );
    expect(forecast.servers).toBe(14);
    expect(forecast.operators).toBe(5);
  });

  it('refuses impossible targets and inputs', () => {
    expect(() => operatorsNeeded(example, { serviceLevel: 1, answerSeconds: 20 })).toThrow(RangeError);
    expect(() => erlangCMetrics({ arrivalRate: -1, meanHandleSeconds: 1 }, 1, 1)).toThrow(RangeError);
    expect(() =>
      operatorsNeeded({ ...example, concurrency: 0 }, { serviceLevel: 0.8, answerSeconds: 20 }),
    ).toThrow(RangeError);
  });

  it('needs nobody when nothing arrives', () => {
    expect(
      operatorsNeeded({ arrivalRate: 0, meanHandleSeconds: 300 }, { serviceLevel: 0.8, answerSeconds: 60 }),
    ).toMatchObject({
      operators: 0,
      serviceLevel: 1,
    });
  });
});

describe('Erlang A', () => {
  const impatient = { ...example, meanPatienceSeconds: 300 };

  it('matches the published worked example', () => {
    const result = erlangAMetrics(impatient, 13, 20);
    expect(result.serviceLevel).toBeCloseTo(0.858, 3);
    expect(result.abandonProbability).toBeCloseTo(0.025, 3);
    expect(result.waitProbability).toBeCloseTo(0.226, 3);
    expect(result.occupancy).toBeCloseTo(0.75, 3);
    expect(result.averageSpeedOfAnswer / 60).toBeCloseTo(0.125, 3);
    const forecast = operatorsNeeded(impatient, {
      serviceLevel: 0.8,
      answerSeconds: 20,
      maxAbandonment: 0.05,
    });
    expect(forecast).toMatchObject({ model: 'erlang-a', servers: 13 });
  });

  it('becomes Erlang C as patience grows without bound', () => {
    const patient = erlangAMetrics({ ...example, meanPatienceSeconds: 1e9 }, 14, 20);
    const c = erlangCMetrics(example, 14, 20);
    expect(patient.serviceLevel).toBeCloseTo(c.serviceLevel, 6);
    expect(patient.waitProbability).toBeCloseTo(c.waitProbability, 6);
    expect(patient.averageSpeedOfAnswer).toBeCloseTo(c.averageSpeedOfAnswer, 3);
  });

  it('is exact at θ = μ for thousands of servers, where the queue is an infinite-server Poisson(a)', () => {
    // With patience equal to the handle time every customer leaves the system at rate μ, waiting or
    // not, so the number present is Poisson(a): P(wait) = P(X ≥ N), P(abandon) = E[(X − N)+]/a.
    const load = 3_000;
    const servers = 3_020;
    const result = erlangAMetrics(
      { arrivalRate: 10, meanHandleSeconds: 300, meanPatienceSeconds: 300 },
      servers,
      30,
    );
    let logPmf = -load;
    let atLeast = 0;
    let excess = 0;
    for (let x = 0; x < load * 2; x += 1) {
      if (x > 0) logPmf += Math.log(load) - Math.log(x);
      const pmf = Math.exp(logPmf);
      if (x >= servers) {
        atLeast += pmf;
        excess += (x - servers) * pmf;
      }
    }
    expect(result.waitProbability).toBeCloseTo(atLeast, 9);
    expect(result.abandonProbability).toBeCloseTo(excess / load, 9);
  });

  it('is stable when overloaded, where Erlang C has no answer', () => {
    const result = erlangAMetrics(impatient, 8, 20);
    expect(result.abandonProbability).toBeGreaterThan(0.1);
    expect(result.abandonProbability).toBeLessThan(1);
    expect(result.serviceLevel).toBeGreaterThan(0);
  });

  it('needs fewer servers than Erlang C for the same target', () => {
    const withPatience = operatorsNeeded(
      { ...example, meanPatienceSeconds: 60 },
      { serviceLevel: 0.8, answerSeconds: 20 },
    );
    const without = operatorsNeeded(example, { serviceLevel: 0.8, answerSeconds: 20 });
    expect(withPatience.servers!).toBeLessThanOrEqual(without.servers!);
    expect(withPatience.abandonProbability).toBeGreaterThan(0);
  });

  it('may staff below the offered load when customers leave, and a cap on abandonment prevents it', () => {
    // Heavy load, short patience: serving 80% within 60 s needs fewer servers than arrivals bring
    // Erlangs, because a fifth leave; capping abandonment at 5% needs more than a.
    const heavy = { arrivalRate: 0.5, meanHandleSeconds: 400, meanPatienceSeconds: 120 };
    const loose = operatorsNeeded(heavy, { serviceLevel: 0.8, answerSeconds: 60 });
    expect(loose.servers!).toBeLessThan(200);
    expect(loose.serviceLevel!).toBeGreaterThanOrEqual(0.8);
    expect(erlangAMetrics(heavy, loose.servers! - 1, 60).serviceLevel).toBeLessThan(0.8);
    const capped = operatorsNeeded(heavy, { serviceLevel: 0.8, answerSeconds: 60, maxAbandonment: 0.05 });
    expect(capped.abandonProbability!).toBeLessThanOrEqual(0.05);
    expect(erlangAMetrics(heavy, capped.servers! - 1, 60).abandonProbability).toBeGreaterThan(0.05);
  });

  it('improves with every server added', () => {
    let previous = -1;
    for (let servers = 5; servers <= 20; servers += 1) {
      const level = erlangAMetrics(impatient, servers, 20).serviceLevel;
      expect(level).toBeGreaterThan(previous);
      previous = level;
    }
  });
});
