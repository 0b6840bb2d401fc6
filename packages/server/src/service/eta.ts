/**
 * An honest ETA for a waiting customer: how many are ahead of them beyond the free places, times
 * how long operators recently took per conversation, divided by the places operators online for
 * the queue hold at once. A range (from the quicker and slower quartile of recent handle times)
 * with a confidence from how many conversations it rests on; no estimate without data or without
 * anyone online, rather than a guess.
 */

/** Below this many recent handled conversations there is no estimate. */
export const MIN_SAMPLES = 3;

export interface QueueLoad {
  /** Recent handle times (claim to end), seconds. */
  handleSeconds: readonly number[];
  /** Places operators online for the queue hold at once (capacity each; 1 without a limit). */
  slots: number;
  /** Places free now. */
  freeSlots: number;
  /** Seconds a free operator takes to pick a handoff up (an offer's timeout, or a minute). */
  pickupSeconds: number;
}

export interface Eta {
  /** 1 is next. */
  position: number;
  /** Seconds, or null when there is no estimate. */
  lowSeconds: number | null;
  highSeconds: number | null;
  confidence: 'low' | 'medium' | 'high' | null;
  /** Why there is no estimate, or what it rests on. */
  basis: 'nobody_online' | 'no_data' | 'free_operator' | 'handle_time';
  samples: number;
  operatorsSlots: number;
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  const above = Math.ceil(at);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (at - below);
}

/** The ETA of the handoff at `position` in a queue under `load`. */
export function estimateEta(position: number, load: QueueLoad): Eta {
  const samples = load.handleSeconds.length;
  const base = { position, samples, operatorsSlots: load.slots };
  if (load.slots <= 0)
    return { ...base, lowSeconds: null, highSeconds: null, confidence: null, basis: 'nobody_online' };
  const ahead = Math.max(0, position - load.freeSlots);
  if (ahead === 0) {
    return {
      ...base,
      lowSeconds: 0,
      highSeconds: load.pickupSeconds,
      confidence: samples >= MIN_SAMPLES ? 'medium' : 'low',
      basis: 'free_operator',
    };
  }
  if (samples < MIN_SAMPLES)
    return { ...base, lowSeconds: null, highSeconds: null, confidence: null, basis: 'no_data' };
  const sorted = [...load.handleSeconds].sort((a, b) => a - b);
  const low = (ahead * quantile(sorted, 0.25)) / load.slots;
  const high = (ahead * quantile(sorted, 0.75)) / load.slots + load.pickupSeconds;
  return {
    ...base,
    lowSeconds: Math.round(low),
    highSeconds: Math.round(Math.max(high, low)),
    confidence: samples >= 30 ? 'high' : samples >= 10 ? 'medium' : 'low',
    basis: 'handle_time',
  };
}

/** Whether two ETAs would tell the customer something different (minutes, position or basis). */
export function etaChanged(before: Eta | null, after: Eta): boolean {
  if (!before) return true;
  const minutes = (seconds: number | null) => (seconds === null ? null : Math.ceil(seconds / 60));
  return (
    before.position !== after.position ||
    before.basis !== after.basis ||
    minutes(before.lowSeconds) !== minutes(after.lowSeconds) ||
    minutes(before.highSeconds) !== minutes(after.highSeconds)
  );
}

function describe(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

/** The ETA as the customer reads it ("between 4 and 9 minutes"; "no estimate yet"). */
export function describeEta(eta: Eta): string {
  if (eta.lowSeconds === null || eta.highSeconds === null) {
    return eta.basis === 'nobody_online'
      ? 'nobody from the team is online right now'
      : 'there is no estimate yet';
  }
  if (eta.basis === 'free_operator') return 'a person should join in a moment';
  const low = describe(eta.lowSeconds);
  const high = describe(eta.highSeconds);
  if (low === high) return `about ${high}`;
  if (eta.lowSeconds < 60) return `up to ${high}`;
  return `between ${low.replace(/ minutes?$/, '')} and ${high}`;
}
