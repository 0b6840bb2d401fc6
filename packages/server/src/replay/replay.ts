/**
 * Runs a policy over recorded conversations, one at a time, so a file of any size replays in
 * bounded memory: only one conversation and the running summary are held. An offer is reported
 * and replay carries on: the recorded customer never saw it, so nothing in the recording answers it.
 */
import {
  decide,
  forgetUndeliveredOffer,
  initialState,
  SIGNAL_NAMES,
  type CompiledPolicy,
  type SignalName,
} from '@baton/engine';
import { parseReplayLine, toEngineTurns, type ReplayConversation } from './replay-format.ts';

export interface ReplayDecision {
  turn: number;
  action: string;
  firings: { trigger: string; signal: string; shadow: boolean; action: string; evidence: string[] }[];
  signals?: Partial<Record<SignalName, number>>;
}

export interface ReplayResult {
  id: string;
  decisions: ReplayDecision[];
  firstEscalation: { turn: number; action: string; trigger: string | null } | null;
}

export interface ReplaySummary {
  conversations: number;
  turns: number;
  escalated: number;
  skippedLines: number;
  /** Enforced firings per trigger. */
  firings: Record<string, number>;
  /** Shadow firings per trigger. */
  shadowFirings: Record<string, number>;
  /** Conversations with an expected outcome, and how the policy did on them. */
  labelled: {
    count: number;
    truePositives: number;
    falsePositives: number;
    falseNegatives: number;
    trueNegatives: number;
  };
}

/** Replays one conversation under a policy. */
export function replayConversation(
  conversation: ReplayConversation,
  policy: CompiledPolicy,
  options: { signals?: boolean } = {},
): ReplayResult {
  let state = initialState();
  const decisions: ReplayDecision[] = [];
  let firstEscalation: ReplayResult['firstEscalation'] = null;
  toEngineTurns(conversation).forEach((turn, index) => {
    const result = decide(state, turn, policy);
    // The recording never showed Baton's offer: its next turn answers the agent, not the offer.
    state = forgetUndeliveredOffer(result.state);
    const { decision } = result;
    if (decision.action !== 'continue' && firstEscalation === null) {
      firstEscalation = { turn: index, action: decision.action, trigger: decision.trigger };
    }
    if (options.signals || decision.firings.length > 0 || decision.action !== 'continue') {
      const entry: ReplayDecision = {
        turn: index,
        action: decision.action,
        firings: decision.firings.map((firing) => ({
          trigger: firing.trigger,
          signal: firing.signal,
          shadow: firing.shadow,
          action: firing.action,
          evidence: firing.evidence,
        })),
      };
      if (options.signals) {
        const values: Partial<Record<SignalName, number>> = {};
        for (const name of SIGNAL_NAMES) values[name] = result.signals[name].score;
        entry.signals = values;
      }
      decisions.push(entry);
    }
  });
  return { id: conversation.id, decisions, firstEscalation };
}

export function emptySummary(): ReplaySummary {
  return {
    conversations: 0,
    turns: 0,
    escalated: 0,
    skippedLines: 0,
    firings: {},
    shadowFirings: {},
    labelled: { count: 0, truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 0 },
  };
}

/** Adds one replayed conversation to the running summary. */
export function addToSummary(
  summary: ReplaySummary,
  conversation: ReplayConversation,
  result: ReplayResult,
): void {
  summary.conversations += 1;
  summary.turns += conversation.turns.length;
  const escalated = result.firstEscalation !== null;
  if (escalated) summary.escalated += 1;
  for (const decision of result.decisions) {
    for (const firing of decision.firings) {
      const bucket = firing.shadow ? summary.shadowFirings : summary.firings;
      bucket[firing.trigger] = (bucket[firing.trigger] ?? 0) + 1;
    }
  }
  const expected = conversation.outcome?.shouldEscalate;
  if (typeof expected === 'boolean') {
    const labelled = summary.labelled;
    labelled.count += 1;
    if (expected && escalated) labelled.truePositives += 1;
    else if (!expected && escalated) labelled.falsePositives += 1;
    else if (expected && !escalated) labelled.falseNegatives += 1;
    else labelled.trueNegatives += 1;
  }
}

export type ReplayLineOutcome =
  | { kind: 'result'; line: number; conversation: ReplayConversation; result: ReplayResult }
  | { kind: 'error'; line: number; message: string };

/** Replays a stream of JSON lines; blank lines are skipped, bad lines are reported with their number. */
export async function* replayLines(
  lines: AsyncIterable<string>,
  policy: CompiledPolicy,
  options: { signals?: boolean } = {},
): AsyncGenerator<ReplayLineOutcome> {
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    const parsed = parseReplayLine(line);
    if (!parsed.ok) {
      yield { kind: 'error', line: lineNumber, message: parsed.message };
      continue;
    }
    yield {
      kind: 'result',
      line: lineNumber,
      conversation: parsed.conversation,
      result: replayConversation(parsed.conversation, policy, options),
    };
  }
}

function ratio(numerator: number, denominator: number): string {
  return denominator === 0 ? 'n/a' : (numerator / denominator).toFixed(3);
}

/** The human-readable summary printed on stderr after a replay. */
export function formatSummary(summary: ReplaySummary): string {
  const lines = [
    `conversations: ${summary.conversations}   turns: ${summary.turns}   skipped lines: ${summary.skippedLines}`,
    `escalated: ${summary.escalated} (${ratio(summary.escalated, summary.conversations)} of conversations)`,
  ];
  const triggers = Object.entries(summary.firings).sort((left, right) => right[1] - left[1]);
  if (triggers.length > 0) {
    lines.push('firings per trigger:');
    for (const [trigger, count] of triggers) lines.push(`  ${trigger.padEnd(32)} ${count}`);
  }
  const shadow = Object.entries(summary.shadowFirings).sort((left, right) => right[1] - left[1]);
  if (shadow.length > 0) {
    lines.push('shadow firings (recorded, not enforced):');
    for (const [trigger, count] of shadow) lines.push(`  ${trigger.padEnd(32)} ${count}`);
  }
  const labelled = summary.labelled;
  if (labelled.count > 0) {
    const precision = ratio(labelled.truePositives, labelled.truePositives + labelled.falsePositives);
    const recall = ratio(labelled.truePositives, labelled.truePositives + labelled.falseNegatives);
    lines.push(
      `against expected outcomes (${labelled.count} labelled): precision ${precision}, recall ${recall} ` +
        `(TP ${labelled.truePositives}, FP ${labelled.falsePositives}, FN ${labelled.falseNegatives}, TN ${labelled.trueNegatives})`,
    );
  }
  return lines.join('\n');
}
