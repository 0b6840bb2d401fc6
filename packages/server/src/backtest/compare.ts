/**
 * Compares two policies over the same recorded conversations, streaming: it holds counts, per
 * trigger tallies and the first `maxFlips` flips, never the conversations, so a file of any size
 * compares in bounded memory.
 *
 * Figures (see the engine's calibration/trigger-metrics.ts for per-trigger precision and recall):
 * - escalated: conversations with any decision other than `continue` (an offer counts);
 * - a flip: a conversation escalated under one policy and not the other, with the turn, trigger
 *   and action that escalated it;
 * - shadow impact: for each shadow trigger, what enforcing it would have changed. Before a
 *   conversation's first escalation no trigger affects another, so enforcing a shadow trigger
 *   escalates exactly the conversations it fired in that were not escalated, and escalates
 *   earlier those where it fired before the first escalation: both are counted exactly.
 */
import type { CompiledPolicy } from '@baton/engine';
import {
  addOutcome,
  emptyConfusion,
  f1Of,
  precisionOf,
  recallOf,
  TriggerTallies,
  type Confusion,
  type TriggerMetrics,
} from '@baton/engine/calibration';
import type { ReplayConversation } from '../replay/replay-format.ts';
import type { ReplayResult } from '../replay/replay.ts';

export type Side = 'a' | 'b';

export interface Flip {
  id: string;
  /** The policy under which the conversation was escalated (it was not under the other). */
  escalatedUnder: Side;
  turn: number;
  trigger: string | null;
  action: string;
  shouldEscalate: boolean | null;
}

export interface ShadowImpact {
  trigger: string;
  action: string;
  firings: number;
  /** Conversations it fired in. */
  conversations: number;
  /** Conversations no enforced trigger escalated that it would have, and how many warranted it. */
  added: { conversations: number; warranted: number; unlabelled: number };
  /** Conversations it would have escalated earlier, and by how many turns in all. */
  earlier: { conversations: number; turns: number };
}

export interface PolicyOutcome {
  version: string;
  source: string;
  escalated: number;
  confusion: Confusion;
  precision: number;
  recall: number;
  f1: number;
  triggers: TriggerMetrics[];
  shadow: ShadowImpact[];
}

export interface ComparisonReport {
  conversations: number;
  turns: number;
  labelled: number;
  warranted: number;
  skippedLines: number;
  a: PolicyOutcome;
  b: PolicyOutcome;
  volumeChange: { conversations: number; share: number; relative: number | null };
  flips: {
    /** Escalated under B only. */
    toEscalated: number;
    /** Escalated under A only. */
    toContinue: number;
    /** Among the flips, how many went the right way (escalated where warranted, or not where not). */
    improved: number;
    worsened: number;
    /** Escalated under both, at an earlier (or later) turn under B. */
    earlierUnderB: number;
    laterUnderB: number;
    listed: Flip[];
    truncated: boolean;
  };
}

class SideTally {
  escalated = 0;
  readonly confusion = emptyConfusion();
  readonly triggers = new TriggerTallies();
  readonly shadow = new Map<string, ShadowImpact>();

  constructor(
    readonly policy: CompiledPolicy,
    readonly source: string,
  ) {}

  add(result: ReplayResult, warranted: boolean | undefined): void {
    const first = result.firstEscalation;
    if (first) this.escalated += 1;
    if (warranted !== undefined) addOutcome(this.confusion, first !== null, warranted);
    const firings = result.decisions.flatMap((decision) =>
      decision.firings.map((firing) => ({ ...firing, turn: decision.turn })),
    );
    this.triggers.add(firings, warranted);
    const seen = new Set<string>();
    for (const firing of firings) {
      if (!firing.shadow || firing.action === 'flag') continue;
      let impact = this.shadow.get(firing.trigger);
      if (!impact) {
        impact = {
          trigger: firing.trigger,
          action: firing.action,
          firings: 0,
          conversations: 0,
          added: { conversations: 0, warranted: 0, unlabelled: 0 },
          earlier: { conversations: 0, turns: 0 },
        };
        this.shadow.set(firing.trigger, impact);
      }
      impact.firings += 1;
      if (seen.has(firing.trigger)) continue;
      // Firings come in turn order: this is the shadow trigger's first firing here.
      seen.add(firing.trigger);
      impact.conversations += 1;
      if (!first) {
        impact.added.conversations += 1;
        if (warranted === undefined) impact.added.unlabelled += 1;
        else if (warranted) impact.added.warranted += 1;
      } else if (firing.turn < first.turn) {
        impact.earlier.conversations += 1;
        impact.earlier.turns += first.turn - firing.turn;
      }
    }
  }

  outcome(): PolicyOutcome {
    return {
      version: this.policy.version,
      source: this.source,
      escalated: this.escalated,
      confusion: this.confusion,
      precision: precisionOf(this.confusion),
      recall: recallOf(this.confusion),
      f1: f1Of(this.confusion),
      triggers: this.triggers.metrics(),
      shadow: [...this.shadow.values()].sort((left, right) => right.firings - left.firings),
    };
  }
}

/** Running comparison of policy A against policy B. */
export class PolicyComparison {
  readonly #a: SideTally;
  readonly #b: SideTally;
  readonly #flips: Flip[] = [];
  readonly #counts = { conversations: 0, turns: 0, labelled: 0, warranted: 0, skippedLines: 0 };
  readonly #flipCounts = {
    toEscalated: 0,
    toContinue: 0,
    improved: 0,
    worsened: 0,
    earlierUnderB: 0,
    laterUnderB: 0,
  };

  constructor(
    a: { policy: CompiledPolicy; source: string },
    b: { policy: CompiledPolicy; source: string },
    private readonly maxFlips = 200,
  ) {
    this.#a = new SideTally(a.policy, a.source);
    this.#b = new SideTally(b.policy, b.source);
  }

  get policies(): { a: CompiledPolicy; b: CompiledPolicy } {
    return { a: this.#a.policy, b: this.#b.policy };
  }

  /** Counts a malformed line that was skipped. */
  skipLine(): void {
    this.#counts.skippedLines += 1;
  }

  /** Adds one conversation, replayed under A and under B. */
  add(conversation: ReplayConversation, resultA: ReplayResult, resultB: ReplayResult): void {
    const warranted = conversation.outcome?.shouldEscalate;
    this.#counts.conversations += 1;
    this.#counts.turns += conversation.turns.length;
    if (warranted !== undefined) {
      this.#counts.labelled += 1;
      if (warranted) this.#counts.warranted += 1;
    }
    this.#a.add(resultA, warranted);
    this.#b.add(resultB, warranted);
    const firstA = resultA.firstEscalation;
    const firstB = resultB.firstEscalation;
    if (firstA && firstB) {
      if (firstB.turn < firstA.turn) this.#flipCounts.earlierUnderB += 1;
      else if (firstB.turn > firstA.turn) this.#flipCounts.laterUnderB += 1;
      return;
    }
    if (!firstA && !firstB) return;
    const side: Side = firstB ? 'b' : 'a';
    const first = (firstB ?? firstA)!;
    if (side === 'b') this.#flipCounts.toEscalated += 1;
    else this.#flipCounts.toContinue += 1;
    if (warranted !== undefined) {
      // B escalates where warranted, or stops escalating where not: the flip goes the right way.
      if ((side === 'b') === warranted) this.#flipCounts.improved += 1;
      else this.#flipCounts.worsened += 1;
    }
    if (this.#flips.length < this.maxFlips) {
      this.#flips.push({
        id: conversation.id,
        escalatedUnder: side,
        turn: first.turn,
        trigger: first.trigger,
        action: first.action,
        shouldEscalate: warranted ?? null,
      });
    }
  }

  /** The report so far. */
  report(): ComparisonReport {
    const a = this.#a.outcome();
    const b = this.#b.outcome();
    const conversations = this.#counts.conversations;
    const change = b.escalated - a.escalated;
    const flips = this.#flipCounts;
    return {
      ...this.#counts,
      a,
      b,
      volumeChange: {
        conversations: change,
        share: conversations === 0 ? 0 : change / conversations,
        relative: a.escalated === 0 ? null : change / a.escalated,
      },
      flips: {
        ...flips,
        listed: [...this.#flips],
        truncated: flips.toEscalated + flips.toContinue > this.#flips.length,
      },
    };
  }
}
