/** `baton brief FILE`: prints the brief of each conversation of a replay file (JSON or Markdown). */
import { InvalidArgumentError, type Command } from 'commander';
import {
  buildBrief,
  decide,
  forgetUndeliveredOffer,
  initialState,
  renderBriefMarkdown,
  type CompiledPolicy,
  type Firing,
} from '@baton/engine';
import { parseReplayLine, toEngineTurns, type ReplayConversation } from '../replay/replay-format.ts';
import { loadPolicyOption, openLines, writeLine } from './replay-command.ts';

/**
 * Builds the brief a handoff of this conversation would carry, with the policy's firings as reasons.
 * A replay file has no stored handoffs, so the prior handoffs are the customer's attribute, read by
 * the same rule as the server's (the engine's `priorHandoffCount`).
 */
export function briefOfConversation(conversation: ReplayConversation, policy: CompiledPolicy) {
  const turns = toEngineTurns(conversation);
  let state = initialState();
  const firings: Firing[] = [];
  const frustration: (number | null)[] = [];
  let escalatedAt: string | undefined;
  for (const turn of turns) {
    const result = decide(state, turn, policy);
    // As in replay: the recording never showed an offer, so nothing in it answers one.
    state = forgetUndeliveredOffer(result.state);
    if (result.decision.action !== 'continue') escalatedAt ??= turn.at;
    firings.push(...result.decision.firings.filter((firing) => !firing.shadow));
    frustration.push(turn.role === 'customer' ? result.signals.frustration.score : null);
  }
  const lastAt = turns.at(-1)?.at ?? new Date(0).toISOString();
  return buildBrief({
    conversationId: conversation.id,
    customer: conversation.customer,
    turns,
    firings,
    frustration,
    waitingSince: escalatedAt,
    now: lastAt,
  });
}

function parseFormat(value: string): 'json' | 'markdown' {
  if (value !== 'json' && value !== 'markdown') throw new InvalidArgumentError('use json or markdown');
  return value;
}

export function registerBriefCommand(program: Command): void {
  program
    .command('brief')
    .description('Print the brief of each conversation in a replay file (JSON Lines; - for stdin).')
    .argument('<file>', 'the conversations file, or - for standard input')
    .option('--format <format>', 'json (one line per conversation) or markdown', parseFormat, 'json')
    .option('--policy <file>', 'policy whose firings become the reasons; the default policy when absent')
    .action(async (file: string, options: { format: 'json' | 'markdown'; policy?: string }) => {
      const policy = await loadPolicyOption(options.policy);
      let lineNumber = 0;
      for await (const line of await openLines(file)) {
        lineNumber += 1;
        if (line.trim() === '') continue;
        const parsed = parseReplayLine(line);
        if (!parsed.ok) {
          process.stderr.write(`${file}:${lineNumber}: ${parsed.message} (skipped)\n`);
          continue;
        }
        const brief = briefOfConversation(parsed.conversation, policy);
        if (options.format === 'json')
          await writeLine(process.stdout, JSON.stringify({ id: parsed.conversation.id, brief }));
        else await writeLine(process.stdout, `${renderBriefMarkdown(brief)}\n---\n`);
      }
    });
}
