/** `baton replay FILE`: runs a policy over recorded conversations (JSON Lines) and reports. */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { InvalidArgumentError, type Command } from 'commander';
import { compilePolicy, defaultPolicy, type CompiledPolicy } from '@baton/engine';
import { formatPolicyErrors, loadPolicyFile } from '../policy/load-policy.ts';
import {
  addToSummary,
  emptySummary,
  formatSummary,
  replayLines,
  type ReplayResult,
} from '../replay/replay.ts';
import { runComparison } from '../backtest/compare-run.ts';

/** Writes with backpressure, so a million lines piped to a slow reader stay in bounded memory. */
export async function writeLine(stream: Writable, text: string): Promise<void> {
  if (!stream.write(`${text}\n`)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

/** The queues a replayed policy may name: BATON_QUEUES as `serve` reads it, unchecked when unset. */
function configuredQueues(): { queues?: string[] } {
  const queues = (process.env['BATON_QUEUES'] ?? '')
    .split(',')
    .map((queue) => queue.trim())
    .filter((queue) => queue !== '');
  return queues.length > 0 ? { queues } : {};
}

/**
 * The policy named by `--policy`, or the default; prints file:line errors and exits 2 when invalid
 * (an unknown signal, or a queue outside BATON_QUEUES when that is set, included).
 */
export async function loadPolicyOption(path: string | undefined): Promise<CompiledPolicy> {
  if (!path) return compilePolicy(defaultPolicy);
  const loaded = await loadPolicyFile(path, configuredQueues());
  if (!loaded.ok) {
    process.stderr.write(`baton: invalid policy\n${formatPolicyErrors(loaded.errors)}\n`);
    process.exit(2);
  }
  return compilePolicy(loaded.policy);
}

/** Lines of a file, or of standard input for `-`; exits 2 with a clear message when missing. */
export async function openLines(file: string): Promise<AsyncIterable<string>> {
  if (file !== '-') {
    try {
      await access(file);
    } catch {
      process.stderr.write(`baton: ${file}: file not found\n`);
      process.exit(2);
    }
  }
  const input = file === '-' ? process.stdin : createReadStream(file, { encoding: 'utf8' });
  return createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
}

function tableRow(result: ReplayResult, turns: number): string {
  const first = result.firstEscalation;
  const escalation = first ? `${first.action} at turn ${first.turn} (${first.trigger ?? '-'})` : '-';
  const fired = [
    ...new Set(result.decisions.flatMap((decision) => decision.firings.map((firing) => firing.trigger))),
  ];
  return `${result.id.slice(0, 24).padEnd(24)} ${String(turns).padStart(5)}  ${escalation.padEnd(48)} ${fired.join(', ')}`;
}

type ReplayFormat = 'jsonl' | 'table' | 'json' | 'html';

function parseFormat(value: string): ReplayFormat {
  if (value !== 'jsonl' && value !== 'table' && value !== 'json' && value !== 'html') {
    throw new InvalidArgumentError('use jsonl or table (or, with --compare, json or html)');
  }
  return value;
}

export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description(
      'Run a policy over recorded conversations (JSON Lines, one conversation per line; - for stdin).',
    )
    .argument('<file>', 'the conversations file, or - for standard input')
    .option('--policy <file>', 'policy file (YAML or JSON); the default policy when absent')
    .option(
      '--format <format>',
      'jsonl (one result per line) or table; with --compare, json or html',
      parseFormat,
      'jsonl',
    )
    .option(
      '--compare <file>',
      'compare --policy (A) with this policy (B): volume, per-trigger precision and recall, flips, shadow triggers',
    )
    .option('--out <file>', 'with --compare, write the report here instead of standard output')
    .option('--signals', "add every signal's score on every turn")
    .option('--strict', 'stop at the first malformed line (exit 1) instead of skipping it')
    .action(
      async (
        file: string,
        options: {
          policy?: string;
          format: ReplayFormat;
          signals?: boolean;
          strict?: boolean;
          compare?: string;
          out?: string;
        },
      ) => {
        const policy = await loadPolicyOption(options.policy);
        if (options.compare !== undefined) {
          // Policy B loads before the file opens: lines read before iteration starts would be lost.
          const b = { policy: await loadPolicyOption(options.compare), source: options.compare };
          const compared = await runComparison({
            file,
            lines: await openLines(file),
            a: { policy, source: options.policy ?? 'default policy' },
            b,
            format: options.format === 'html' ? 'html' : 'json',
            out: options.out,
            strict: options.strict,
            stdout: process.stdout,
            stderr: process.stderr,
          });
          if (!compared) process.exitCode = 1;
          return;
        }
        if (options.format === 'json' || options.format === 'html') {
          process.stderr.write(`baton replay: --format ${options.format} needs --compare\n`);
          process.exit(2);
        }
        const lines = await openLines(file);
        const summary = emptySummary();
        if (options.format === 'table') {
          await writeLine(
            process.stdout,
            `${'conversation'.padEnd(24)} ${'turns'.padStart(5)}  ${'first escalation'.padEnd(48)} triggers`,
          );
        }
        for await (const outcome of replayLines(lines, policy, { signals: options.signals })) {
          if (outcome.kind === 'error') {
            summary.skippedLines += 1;
            process.stderr.write(
              `${file}:${outcome.line}: ${outcome.message}${options.strict ? '' : ' (skipped)'}\n`,
            );
            if (options.strict) {
              process.exitCode = 1;
              return;
            }
            continue;
          }
          addToSummary(summary, outcome.conversation, outcome.result);
          const text =
            options.format === 'table'
              ? tableRow(outcome.result, outcome.conversation.turns.length)
              : JSON.stringify(outcome.result);
          await writeLine(process.stdout, text);
        }
        process.stderr.write(`${formatSummary(summary)}\n`);
      },
    );
}
