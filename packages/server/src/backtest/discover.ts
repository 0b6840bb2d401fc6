/**
 * `baton discover`: candidate triggers from the misses, the conversations whose outcome says a
 * person was warranted (`shouldEscalate: true`) but that the policy never escalated. Pass 1
 * replays every labelled conversation and counts, per conversation, the terms it contains (word
 * n-grams of each role, failed tools with their error, topic and intent labels), misses against
 * every other labelled conversation; pass 2 collects example quotes for the best terms only.
 */
import type { CompiledPolicy } from '@baton/engine';
import { rankTerms, TermCounts, termsOfText, type TermScore } from '@baton/engine/calibration';
import type { ReplayConversation } from '../replay/replay-format.ts';
import { replayConversation } from '../replay/replay.ts';
import { readConversations, type LineSource } from './conversation-lines.ts';

export interface DiscoverOptions {
  /** How many candidates to report. */
  limit: number;
  /** The fewest misses a term must appear in. */
  minCount: number;
  /** Example quotes per candidate. */
  examples: number;
  onBadLine?: (line: number, message: string) => void;
}

export interface Candidate extends TermScore {
  kind: 'phrase' | 'tool_error' | 'label';
  role: string | null;
  /** The words (or tool error, or label) without the role prefix. */
  text: string;
  examples: { id: string; turn: number; quote: string }[];
}

export interface DiscoveryReport {
  policyVersion: string;
  labelled: number;
  unlabelled: number;
  skippedLines: number;
  misses: number;
  rest: number;
  candidates: Candidate[];
}

/** The distinct terms of each turn of a conversation, in turn order. */
export function termsByTurn(conversation: ReplayConversation): string[][] {
  return conversation.turns.map((turn) => {
    const terms = termsOfText(turn.text, turn.role);
    for (const call of turn.toolCalls ?? []) {
      if (call.ok === false)
        terms.push(`tool error: ${call.name}${call.error ? `: ${call.error.slice(0, 80)}` : ''}`);
    }
    for (const label of [...(turn.topics ?? []), ...(turn.intent ? [turn.intent] : [])])
      terms.push(`label: ${label}`);
    return terms;
  });
}

function describe(score: TermScore): Pick<Candidate, 'kind' | 'role' | 'text'> {
  if (score.term.startsWith('tool error: '))
    return { kind: 'tool_error', role: 'agent', text: score.term.slice(12) };
  if (score.term.startsWith('label: ')) return { kind: 'label', role: null, text: score.term.slice(7) };
  const split = score.term.indexOf(': ');
  return { kind: 'phrase', role: score.term.slice(0, split), text: score.term.slice(split + 2) };
}

function isMiss(conversation: ReplayConversation, policy: CompiledPolicy): boolean | null {
  const warranted = conversation.outcome?.shouldEscalate;
  if (typeof warranted !== 'boolean') return null;
  return warranted && replayConversation(conversation, policy).firstEscalation === null;
}

/** Runs both passes over the source. */
export async function discover(
  open: LineSource,
  compiled: CompiledPolicy,
  options: DiscoverOptions,
): Promise<DiscoveryReport> {
  const counts = new TermCounts();
  const report: DiscoveryReport = {
    policyVersion: compiled.version,
    labelled: 0,
    unlabelled: 0,
    skippedLines: 0,
    misses: 0,
    rest: 0,
    candidates: [],
  };
  for await (const item of readConversations(await open())) {
    if (item.kind === 'error') {
      report.skippedLines += 1;
      options.onBadLine?.(item.line, item.message);
      continue;
    }
    const miss = isMiss(item.conversation, compiled);
    if (miss === null) {
      report.unlabelled += 1;
      continue;
    }
    report.labelled += 1;
    if (miss) report.misses += 1;
    else report.rest += 1;
    counts.add(termsByTurn(item.conversation).flat(), miss);
  }
  const scores = rankTerms(counts, { minTarget: options.minCount, limit: options.limit });
  const candidates: Candidate[] = scores.map((score) => ({ ...score, ...describe(score), examples: [] }));
  const wanted = new Map(candidates.map((candidate) => [candidate.term, candidate]));
  if (wanted.size > 0 && options.examples > 0) {
    for await (const item of readConversations(await open())) {
      if (item.kind === 'error' || isMiss(item.conversation, compiled) !== true) continue;
      termsByTurn(item.conversation).forEach((terms, turn) => {
        for (const term of terms) {
          const candidate = wanted.get(term);
          if (!candidate || candidate.examples.length >= options.examples) continue;
          if (candidate.examples.some((example) => example.id === item.conversation.id)) continue;
          candidate.examples.push({
            id: item.conversation.id,
            turn,
            quote: item.conversation.turns[turn]!.text.slice(0, 200),
          });
        }
      });
    }
  }
  report.candidates = candidates;
  return report;
}
