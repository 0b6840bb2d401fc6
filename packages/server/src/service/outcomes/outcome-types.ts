/**
 * The outcomes and metrics, as the service returns them. Terminology: an *escalation* is
 * one handoff as the customer lived it, from the first request to its end, across transfers (a
 * transfer stores a new handoff row that continues the first); its trigger and queue are the first
 * row's, its status and outcome the last row's. A *miss* is a conversation that ended badly without
 * any handoff.
 */

/** What the agent or an operator records about a whole conversation (all optional, merged). */
export interface ConversationOutcomeInput {
  /** Whether the customer's problem was solved. */
  resolved?: boolean;
  /** The customer left without an answer. */
  abandoned?: boolean;
  /** A person should have been brought in (a late handoff is the operator's `late` when resolving). */
  shouldHaveEscalated?: boolean;
  notes?: string;
}

/** The customer's rating: 1 (bad) to 5 (good). */
export interface RatingInput {
  rating: number;
  comment?: string;
}

/** The stored outcome of a conversation: rating plus what was recorded; null means not said. */
export interface ConversationOutcome {
  conversationId: string;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: string | null;
  resolved: boolean | null;
  abandoned: boolean | null;
  shouldHaveEscalated: boolean | null;
  notes: string | null;
  recordedBy: string | null;
  recordedAt: string | null;
  updatedAt: string;
}

export interface MetricsFilter {
  queue?: string;
  /** Break the figures down by this dimension as well (`groups`). */
  groupBy?: MetricsGroupBy;
  /** ISO time, inclusive; default 30 days before `to`. */
  from?: string;
  /** ISO time, exclusive; default now. */
  to?: string;
}

/** p50 and p90 in seconds over `count` escalations; null when there are none. */
export interface Percentiles {
  count: number;
  p50: number | null;
  p90: number | null;
}

export interface TriggerMetrics {
  trigger: string;
  /** Enforced firings on turns in the range (one trigger matching one turn). */
  firings: number;
  /** Firings in shadow mode (recorded, changed no decision). */
  shadowFirings: number;
  /** Escalations it caused, requested in the range. */
  handoffs: number;
  /** Conversations started in the range with an escalation by this trigger / conversations started. */
  handoffRate: number | null;
  /** Resolved escalations with an operator's outcome. */
  withOutcome: number;
  warranted: number;
  /** Precision: warranted / withOutcome. */
  warrantedRate: number | null;
  /** Outcomes that say the handoff should have come earlier. */
  late: number;
  abandoned: number;
  /** Conversations that ended badly without a handoff although this trigger fired (offer or shadow). */
  misses: number;
  /** The operators' answers to the outcome form for this trigger's escalations. */
  answers: OutcomeAnswers;
  cameBack: { resolved: number; within24h: number; rate: number | null };
  askedAgain: { returned: number; afterReturn: number; rate: number | null };
}

/** One yes/no question of the outcome form: outcomes that answered it, how many said yes, and yes / answered. */
export interface OutcomeAnswer {
  answered: number;
  yes: number;
  rate: number | null;
}

/** Every yes/no question of the operators' outcome form. */
export interface OutcomeAnswers {
  resolved: OutcomeAnswer;
  warranted: OutcomeAnswer;
  rightReason: OutcomeAnswer;
  agentCouldHaveHandled: OutcomeAnswer;
  customerRepeated: OutcomeAnswer;
}

export interface Metrics {
  range: { from: string; to: string; queue: string | null };
  /** Conversations started in the range. */
  conversations: number;
  /** Of those, how many had at least one escalation (in the queue, when filtered). */
  conversationsWithHandoff: number;
  handoffRate: number | null;
  /** Escalations requested in the range. */
  handoffs: number;
  byTrigger: TriggerMetrics[];
  times: { toClaim: Percentiles; toFirstReply: Percentiles; toResolve: Percentiles };
  outcomes: {
    withOutcome: number;
    warranted: number;
    warrantedRate: number | null;
    late: number;
    answers: OutcomeAnswers;
  };
  /** Left while waiting (or while an operator had it), and expired unclaimed. */
  abandonment: {
    abandoned: number;
    /** Of those, how many left before anyone claimed the handoff. */
    whileWaiting: number;
    expired: number;
    /** abandoned / handoffs. */
    rate: number | null;
  };
  /** Claimed escalations where the customer had to repeat something (the brief's count, or the operator said so). */
  repeats: { claimed: number; withRepeats: number; rate: number | null; total: number };
  /** Resolved escalations whose customer opened a new conversation within 24 hours. */
  cameBack: { resolved: number; within24h: number; rate: number | null };
  /** Escalations returned to the agent after which the customer asked for a person again. */
  askedAgain: { returned: number; afterReturn: number; rate: number | null };
  /** Conversations started in the range that ended badly without any handoff. */
  misses: number;
  ratings: { count: number; mean: number | null; distribution: Record<'1' | '2' | '3' | '4' | '5', number> };
  /** With `groupBy`: the dimension, and the figures per value of it. */
  groupBy?: MetricsGroupBy;
  groups?: MetricGroup[];
}

/** The dimensions metrics break down by: the customer's language or segment, the queue, the trigger. */
export type MetricsGroupBy = 'language' | 'segment' | 'queue' | 'trigger';

/** The equity figures of one value of a dimension (`key` null: conversations without one). */
export interface MetricGroup {
  key: string | null;
  /** Conversations started in the range (for queue and trigger: all of them, the rate's denominator). */
  conversations: number;
  conversationsWithHandoff: number;
  handoffRate: number | null;
  /** Escalations requested in the range. */
  handoffs: number;
  /** Time to a person: request to first claim, seconds. */
  toClaim: Percentiles;
  /** Left or expired; rate = (abandoned + expired) / handoffs. */
  abandonment: { abandoned: number; expired: number; rate: number | null };
  /** Operators' outcomes: warranted and resolved, over the resolved escalations with an outcome. */
  outcomes: {
    withOutcome: number;
    warranted: number;
    warrantedRate: number | null;
    resolved: number;
    resolvedRate: number | null;
  };
}

export type TimeBucket = 'minute' | '5min' | 'hour' | 'day';

export interface TimeSeriesFilter extends MetricsFilter {
  /** Default by the range's length: up to 30 minutes `minute`, up to 2 hours `5min`, up to two days `hour`, else `day`. */
  bucket?: TimeBucket;
}

/** Escalations per bucket, in total and by trigger; every bucket of the range is present. */
export interface MetricsTimeSeries {
  range: { from: string; to: string; queue: string | null };
  bucket: TimeBucket;
  triggers: string[];
  points: { start: string; handoffs: number; byTrigger: Record<string, number> }[];
}
