/** `baton replay FILE --policy A --compare B`: streams the file once, replaying each conversation under both. */
import { writeFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import type { CompiledPolicy } from '@baton/engine';
import { replayConversation } from '../replay/replay.ts';
import { PolicyComparison, type ComparisonReport } from './compare.ts';
import { renderComparisonHtml } from './compare-html.ts';
import { readConversations } from './conversation-lines.ts';

export interface CompareRunOptions {
  file: string;
  lines: AsyncIterable<string>;
  a: { policy: CompiledPolicy; source: string };
  b: { policy: CompiledPolicy; source: string };
  format: 'json' | 'html';
  /** Write the report here; standard output when absent. */
  out?: string;
  strict?: boolean;
  stdout: Writable;
  stderr: Writable;
}

/** A few lines for the terminal, whatever the report's format. */
export function formatComparisonSummary(report: ComparisonReport): string {
  const { a, b, volumeChange, flips } = report;
  const share = (count: number): string =>
    report.conversations === 0 ? 'n/a' : `${((count / report.conversations) * 100).toFixed(1)}%`;
  const lines = [
    `conversations: ${report.conversations}   labelled: ${report.labelled} (${report.warranted} warranted a person)   skipped lines: ${report.skippedLines}`,
    `escalated: A ${a.escalated} (${share(a.escalated)}) → B ${b.escalated} (${share(b.escalated)}), change ${volumeChange.conversations >= 0 ? '+' : ''}${volumeChange.conversations}`,
    `flips: ${flips.toEscalated} escalated under B only, ${flips.toContinue} under A only (${flips.improved} the right way, ${flips.worsened} the wrong way)`,
  ];
  if (report.labelled > 0) {
    lines.push(
      `F1: A ${a.f1.toFixed(3)} → B ${b.f1.toFixed(3)}   precision: ${a.precision.toFixed(3)} → ${b.precision.toFixed(3)}   recall: ${a.recall.toFixed(3)} → ${b.recall.toFixed(3)}`,
    );
  }
  return lines.join('\n');
}

/** Runs the comparison and writes the report; returns it (and sets a failing exit code on --strict). */
export async function runComparison(options: CompareRunOptions): Promise<ComparisonReport | null> {
  const comparison = new PolicyComparison(options.a, options.b);
  for await (const item of readConversations(options.lines)) {
    if (item.kind === 'error') {
      options.stderr.write(
        `${options.file}:${item.line}: ${item.message}${options.strict ? '' : ' (skipped)'}\n`,
      );
      if (options.strict) return null;
      comparison.skipLine();
      continue;
    }
    const conversation = item.conversation;
    comparison.add(
      conversation,
      replayConversation(conversation, options.a.policy),
      replayConversation(conversation, options.b.policy),
    );
  }
  const report = comparison.report();
  const text =
    options.format === 'html' ? renderComparisonHtml(report) : `${JSON.stringify(report, null, 2)}\n`;
  if (options.out) await writeFile(options.out, text);
  else options.stdout.write(text);
  options.stderr.write(`${formatComparisonSummary(report)}\n${options.out ? `wrote ${options.out}\n` : ''}`);
  return report;
}
