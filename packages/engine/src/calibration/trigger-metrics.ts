/**
 * Precision and recall per trigger, at the conversation level.
 *
 * - A trigger *fires in* a conversation when it has at least one firing there (enforced or shadow,
 *   counted apart), before or after the first escalation.
 * - Precision of a trigger: of the labelled conversations it fired in, the share whose outcome says a
 *   person was warranted (`shouldEscalate: true`). It answers "when this fires, is it right?".
 * - Recall of a trigger: of all labelled conversations that warranted a person, the share it fired
 *   in. It answers "how much of the need does this trigger catch on its own?"; triggers overlap, so
 *   recalls do not add up to the policy's recall.
 * Firings on unlabelled conversations are counted in `firings` but in neither figure.
 */

export interface TriggerTally {
  /** Firings (turns), on any conversation. */
  firings: number;
  /** Labelled conversations the trigger fired in. */
  conversations: number;
  /** Of those, the ones that warranted a person. */
  warranted: number;
}

export interface TriggerMetrics extends TriggerTally {
  trigger: string;
  shadow: boolean;
  precision: number | null;
  recall: number | null;
}

/** Running per-trigger counts over a stream of replayed conversations. */
export class TriggerTallies {
  readonly #tallies = new Map<string, TriggerTally & { shadow: boolean }>();
  #positives = 0;
  #labelled = 0;

  /** Adds one conversation: its firings (trigger id and shadow flag, one per turn fired) and label. */
  add(firings: readonly { trigger: string; shadow: boolean }[], warranted: boolean | undefined): void {
    if (warranted !== undefined) {
      this.#labelled += 1;
      if (warranted) this.#positives += 1;
    }
    const seen = new Set<string>();
    for (const firing of firings) {
      const key = `${firing.shadow ? 's' : 'e'}:${firing.trigger}`;
      let tally = this.#tallies.get(key);
      if (!tally) {
        tally = { firings: 0, conversations: 0, warranted: 0, shadow: firing.shadow };
        this.#tallies.set(key, tally);
      }
      tally.firings += 1;
      if (warranted === undefined || seen.has(key)) continue;
      seen.add(key);
      tally.conversations += 1;
      if (warranted) tally.warranted += 1;
    }
  }

  /** Labelled conversations that warranted a person. */
  get positives(): number {
    return this.#positives;
  }

  get labelled(): number {
    return this.#labelled;
  }

  /** Every trigger's figures, most firings first; null where a figure has no denominator. */
  metrics(): TriggerMetrics[] {
    return [...this.#tallies.entries()]
      .map(([key, tally]) => ({
        trigger: key.slice(2),
        shadow: tally.shadow,
        firings: tally.firings,
        conversations: tally.conversations,
        warranted: tally.warranted,
        precision: tally.conversations === 0 ? null : tally.warranted / tally.conversations,
        recall: this.#positives === 0 ? null : tally.warranted / this.#positives,
      }))
      .sort((left, right) => right.firings - left.firings || left.trigger.localeCompare(right.trigger));
  }
}
