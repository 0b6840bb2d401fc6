/**
 * The staffing forecast: per queue and hour of the week, the arrival rate, handle time and
 * abandonment measured from history, and the operators Erlang C (or Erlang A, where customers
 * leave) says the target needs, beside those online now. Pure: history and the clock come in.
 */
import { operatorsNeeded, type StaffingForecast } from '@baton/engine';
import { addTally, emptyTally, type HourTally, type StaffingHistory } from './history.ts';
import { HOURS_PER_WEEK, hourOccurrences, hourOfWeekIn } from './hour-of-week.ts';

/** An hour of the week uses its own mean handle time from this many holds up; else the queue's. */
export const MIN_HOURLY_HANDLES = 10;
/** A queue's patience is estimated, and Erlang A used, from this many abandonments up. */
export const MIN_ABANDONMENTS = 5;

export interface StaffingSettings {
  /** Share of handoffs to claim within `answerSeconds` (0 < x < 1). */
  serviceLevel: number;
  answerSeconds: number;
  /** Conversations one operator holds at once. */
  concurrency: number;
  maxOccupancy: number | null;
  maxAbandonment: number | null;
  /** What-if: the handoff rate changed by this many percent (−50 halves it, 20 adds a fifth). */
  handoffRateChange: number;
  timeZone: string;
}

export interface StaffingHour {
  /** 0 = Monday 00:00, 167 = Sunday 23:00, in the report's time zone. */
  hourOfWeek: number;
  /** Escalations requested in this hour of the week over the whole range. */
  arrivals: number;
  /** Arrivals per hour the forecast uses (history's mean, times the what-if change); null when the range never held this hour. */
  arrivalsPerHour: number | null;
  meanHandleSeconds: number | null;
  meanSecondsToClaim: number | null;
  /** Share claimed within the answer time, as it happened. */
  measuredServiceLevel: number | null;
  abandoned: number;
  offeredLoad: number | null;
  /** Operators the target needs; null when there is no data (or no number reaches the target). */
  operatorsNeeded: number | null;
  /** The same without the what-if change. */
  baselineOperatorsNeeded: number | null;
  predictedServiceLevel: number | null;
  waitProbability: number | null;
  averageSpeedOfAnswer: number | null;
  occupancy: number | null;
  abandonProbability: number | null;
}

export interface StaffingQueue {
  queue: string;
  model: 'erlang-c' | 'erlang-a';
  /** Operators online for this queue now (presence); null when the history came from a file. */
  operatorsOnline: number | null;
  /** Conversations per operator this queue was planned with. */
  concurrency: number;
  /** Asked for, the median recorded presence capacity of the queue's operators, or 1. */
  concurrencySource: 'given' | 'presence' | 'default';
  escalations: number;
  abandoned: number;
  meanHandleSeconds: number | null;
  /** Mean patience of a waiting customer (waiting time ÷ abandonments); null under MIN_ABANDONMENTS. */
  meanPatienceSeconds: number | null;
  peak: { hourOfWeek: number; operatorsNeeded: number } | null;
  hours: StaffingHour[];
}

export interface StaffingReport {
  range: { from: string; to: string; timeZone: string };
  target: {
    serviceLevel: number;
    answerSeconds: number;
    concurrency: number;
    maxOccupancy: number | null;
    maxAbandonment: number | null;
    handoffRateChange: number;
  };
  queues: StaffingQueue[];
  /**
   * Operators needed summed over the queues, as if each had its own operators (a shared pool needs
   * no more than this); operators online counted once each.
   */
  total: {
    operatorsOnline: number | null;
    hours: { hourOfWeek: number; operatorsNeeded: number | null; baselineOperatorsNeeded: number | null }[];
  };
}

const round = (value: number, places = 4) => Math.round(value * 10 ** places) / 10 ** places;
const roundOrNull = (value: number | null | undefined, places = 4) =>
  value === null || value === undefined || !Number.isFinite(value) ? null : round(value, places);

/** Sums a queue's UTC-hour tallies into hours of the week. */
function byHourOfWeek(
  hours: Map<number, HourTally>,
  toHourOfWeek: (epochHour: number) => number,
): HourTally[] {
  const week = Array.from({ length: HOURS_PER_WEEK }, emptyTally);
  for (const [epochHour, tally] of hours) addTally(week[toHourOfWeek(epochHour)]!, tally);
  return week;
}

function forecastHour(
  tally: HourTally,
  occurrences: number,
  handleSeconds: number | null,
  patienceSeconds: number | null,
  settings: StaffingSettings,
  concurrency: number,
): StaffingHour {
  const base = {
    arrivals: tally.arrivals,
    meanSecondsToClaim: tally.claimed === 0 ? null : round(tally.claimSeconds / tally.claimed, 1),
    measuredServiceLevel: tally.arrivals === 0 ? null : round(tally.claimedWithinTarget / tally.arrivals),
    abandoned: tally.abandoned,
    meanHandleSeconds: roundOrNull(handleSeconds, 1),
  };
  const none = {
    arrivalsPerHour: null,
    offeredLoad: null,
    operatorsNeeded: null,
    baselineOperatorsNeeded: null,
    predictedServiceLevel: null,
    waitProbability: null,
    averageSpeedOfAnswer: null,
    occupancy: null,
    abandonProbability: null,
  };
  if (occurrences === 0) return { hourOfWeek: 0, ...base, ...none };
  const baselineRate = tally.arrivals / (occurrences * 3600);
  const rate = baselineRate * Math.max(0, 1 + settings.handoffRateChange / 100);
  if (handleSeconds === null || handleSeconds <= 0) {
    return { hourOfWeek: 0, ...base, ...none, arrivalsPerHour: round(rate * 3600, 3) };
  }
  const target = {
    serviceLevel: settings.serviceLevel,
    answerSeconds: settings.answerSeconds,
    ...(settings.maxOccupancy !== null ? { maxOccupancy: settings.maxOccupancy } : {}),
    ...(settings.maxAbandonment !== null ? { maxAbandonment: settings.maxAbandonment } : {}),
  };
  const plan = (arrivalRate: number): StaffingForecast =>
    operatorsNeeded(
      {
        arrivalRate,
        meanHandleSeconds: handleSeconds,
        concurrency,
        meanPatienceSeconds: patienceSeconds,
      },
      target,
    );
  const forecast = plan(rate);
  const baseline = settings.handoffRateChange === 0 ? forecast : plan(baselineRate);
  return {
    hourOfWeek: 0,
    ...base,
    arrivalsPerHour: round(rate * 3600, 3),
    offeredLoad: round(forecast.offeredLoad),
    operatorsNeeded: forecast.operators,
    baselineOperatorsNeeded: baseline.operators,
    predictedServiceLevel: roundOrNull(forecast.serviceLevel),
    waitProbability: roundOrNull(forecast.waitProbability),
    averageSpeedOfAnswer: roundOrNull(forecast.averageSpeedOfAnswer, 1),
    occupancy: roundOrNull(forecast.occupancy),
    abandonProbability: roundOrNull(forecast.abandonProbability),
  };
}

/** The forecast for every queue in `history` (plus `queues` with no history), over `[from, to)`. */
export function forecastStaffing(input: {
  history: StaffingHistory;
  from: string;
  to: string;
  queues: readonly string[];
  settings: StaffingSettings;
  /** Operators online now, per queue and in all (each counted once); absent for file input. */
  online?: { byQueue: ReadonlyMap<string, number>; total: number };
  /** Whether `settings.concurrency` was asked for (else it is the default 1). */
  concurrencyGiven?: boolean;
  /** Per queue, the median recorded presence capacity, used when concurrency was not asked for. */
  presenceCapacity?: ReadonlyMap<string, number>;
}): StaffingReport {
  const { settings } = input;
  const toHourOfWeek = hourOfWeekIn(settings.timeZone);
  const occurrences = hourOccurrences(Date.parse(input.from), Date.parse(input.to), toHourOfWeek);
  const names = [...new Set([...input.queues, ...input.history.keys()])].sort((a, b) => a.localeCompare(b));
  const queues = names.map((queue): StaffingQueue => {
    const week = byHourOfWeek(input.history.get(queue) ?? new Map(), toHourOfWeek);
    const all = emptyTally();
    for (const tally of week) addTally(all, tally);
    const queueHandle = all.handled === 0 ? null : all.handleSeconds / all.handled;
    const patience = all.abandoned >= MIN_ABANDONMENTS ? all.waitSeconds / all.abandoned : null;
    const recorded = input.concurrencyGiven ? undefined : input.presenceCapacity?.get(queue);
    const concurrency = recorded ?? settings.concurrency;
    const concurrencySource = input.concurrencyGiven
      ? 'given'
      : recorded !== undefined
        ? 'presence'
        : 'default';
    const hours = week.map((tally, hourOfWeek) => {
      const handle = tally.handled >= MIN_HOURLY_HANDLES ? tally.handleSeconds / tally.handled : queueHandle;
      return {
        ...forecastHour(tally, occurrences[hourOfWeek]!, handle, patience, settings, concurrency),
        hourOfWeek,
      };
    });
    let peak: StaffingQueue['peak'] = null;
    for (const hour of hours) {
      if (hour.operatorsNeeded !== null && (peak === null || hour.operatorsNeeded > peak.operatorsNeeded)) {
        peak = { hourOfWeek: hour.hourOfWeek, operatorsNeeded: hour.operatorsNeeded };
      }
    }
    return {
      queue,
      model: patience === null ? 'erlang-c' : 'erlang-a',
      operatorsOnline: input.online ? (input.online.byQueue.get(queue) ?? 0) : null,
      concurrency,
      concurrencySource,
      escalations: all.arrivals,
      abandoned: all.abandoned,
      meanHandleSeconds: roundOrNull(queueHandle, 1),
      meanPatienceSeconds: roundOrNull(patience, 1),
      peak,
      hours,
    };
  });
  const sum = (values: (number | null)[]) =>
    values.every((value) => value === null)
      ? null
      : values.reduce<number>((total, value) => total + (value ?? 0), 0);
  return {
    range: { from: input.from, to: input.to, timeZone: settings.timeZone },
    target: {
      serviceLevel: settings.serviceLevel,
      answerSeconds: settings.answerSeconds,
      concurrency: settings.concurrency,
      maxOccupancy: settings.maxOccupancy,
      maxAbandonment: settings.maxAbandonment,
      handoffRateChange: settings.handoffRateChange,
    },
    queues,
    total: {
      operatorsOnline: input.online ? input.online.total : null,
      hours: Array.from({ length: HOURS_PER_WEEK }, (_, hourOfWeek) => ({
        hourOfWeek,
        operatorsNeeded: sum(queues.map((queue) => queue.hours[hourOfWeek]!.operatorsNeeded)),
        baselineOperatorsNeeded: sum(queues.map((queue) => queue.hours[hourOfWeek]!.baselineOperatorsNeeded)),
      })),
    },
  };
}
