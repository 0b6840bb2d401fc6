/**
 * The brief: what an operator reads first when a conversation is handed to them. Versioned and
 * JSON-serialisable; every text in it has been through PII masking.
 */
import type { Action, CustomerAttributes, Firing, Priority, SignalName, Turn } from '../types.ts';
import type { MaskingRule } from './masking.ts';

export const BRIEF_SCHEMA_VERSION = 1;

export const FACT_TYPES = [
  'order_id',
  'ticket_id',
  'invoice_id',
  'account_id',
  'tracking_id',
  'username',
  'card_number',
  'email',
  'phone',
  'amount',
  'date',
  'time',
  'address',
  'place',
  'product',
  'quantity',
  'person_name',
  'company',
  'tool_result',
] as const;
export type FactType = (typeof FACT_TYPES)[number];

/** One thing the customer said (or a tool returned), with where it was said. */
export interface Fact {
  type: FactType;
  /** Normalised value: ISO date, "EUR 120", lowercased email, digits of a phone, ... */
  value: string;
  /** Index of the turn in the conversation. */
  turn: number;
  /** The words as written (masked when they hold personal data). */
  text: string;
  /** Character offset of `text` in the turn's text (before masking). */
  index: number;
  masked?: boolean;
  /** A later turn corrected or completed this value; the newer fact carries the one to use. */
  superseded?: boolean;
  /** On a superseded fact: the value that replaced it and the turn that said so. */
  correctedBy?: { value: string; turn: number };
  /** On a correcting fact: the value it replaced and the turn that had said it. */
  corrects?: { value: string; turn: number };
  /** Who said it, when not the customer: an amount the agent stated ("a refund of $640"). */
  role?: 'agent' | 'operator';
  /** For places: a city, a country or a postcode, with the ISO 3166-1 alpha-2 country when known. */
  place?: PlaceDetail;
  /** For amounts: the number and ISO currency, when known. */
  amount?: { value: number; currency?: string };
  /** For person_name: the customer's own name ("my name is ..."), not someone they mention. */
  self?: boolean;
}

export interface PlaceDetail {
  kind: 'city' | 'country' | 'postcode';
  country?: string;
}

export interface BriefCustomer {
  id?: string;
  name?: string;
  email?: string;
  phone?: string;
  tier?: string;
  language?: string;
  verified?: boolean;
}

/** One thing the agent tried or promised: a tool call, a reply, or a commitment made to the customer. */
export interface Attempt {
  turn: number;
  kind: 'tool_call' | 'reply' | 'promise';
  tool?: string;
  ok?: boolean;
  error?: string;
  /** A short quote: the reply, or the tool's result. */
  quote: string;
}

export interface Reason {
  trigger: string;
  signal: SignalName;
  action: Action;
  priority: Priority;
  queue: string;
  evidence: string[];
}

export type SentimentTrend = 'improving' | 'steady' | 'worsening' | 'unknown';

export interface BriefSentiment {
  scores: { turn: number; frustration: number }[];
  latest: number | null;
  /** From the first measured turn to the latest: the same two numbers `text` names. */
  trend: SentimentTrend;
  /** The most frustrated turn. */
  peak: { turn: number; frustration: number } | null;
  /** The turn that moved frustration most in the direction of the trend; null when steady. */
  movedAt: number | null;
  /** The sentiment in one sentence, as the Markdown, the console and the summary state it. */
  text: string;
}

export interface Brief {
  schemaVersion: typeof BRIEF_SCHEMA_VERSION;
  conversationId: string;
  /** Number of turns the brief was built from; turns at or after this index came after the handoff. */
  turnCount: number;
  customer: BriefCustomer;
  /** The customer's goal in one sentence, quoted from their own words. */
  ask: { text: string; turn: number } | null;
  /** At most 60 words. */
  summary: string;
  facts: Fact[];
  attempts: Attempt[];
  reasons: Reason[];
  /** Highest priority among the reasons (normal when none). */
  priority: Priority;
  sentiment: BriefSentiment;
  openQuestions: { turn: number; text: string }[];
  suggestedNextStep: string;
  priorHandoffs: number;
  waitingSince: string | null;
  waitedSeconds: number | null;
  /**
   * A language model's ask and summary, added by the server after the handoff when one is
   * configured; `source: 'extractive'` records why the model's answer was not used.
   */
  llm?:
    | { source: 'llm'; ask: string; summary: string; model: string; latencyMs: number }
    | { source: 'extractive'; reason: string; latencyMs: number };
}

export interface BriefInput {
  conversationId: string;
  customer?: CustomerAttributes;
  turns: Turn[];
  firings: Firing[];
  /** Frustration score (0..1) per turn index, as computed by the engine; null where not measured. */
  frustration?: (number | null)[];
  /** Handoffs recorded for this customer before this one; the brief takes the larger of it and `customer.priorHandoffs`. */
  priorHandoffs?: number;
  waitingSince?: string;
  /** ISO time the brief is built at; the engine never reads the clock. */
  now: string;
}

export interface BriefOptions {
  maskingRules?: readonly MaskingRule[];
  /** Read 05/07/2024 as 5 July (default) or, when false, May 7. */
  dayFirst?: boolean;
  /** Maximum words in the summary (default 60). */
  summaryWords?: number;
}
