/** `baton discover FILE`: candidate triggers from conversations that ended badly without a handoff. */
import { InvalidArgumentError, type Command } from 'commander';
import { discover } from '../backtest/discover.ts';
import { formatDiscovery } from '../backtest/discovery-text.ts';
import { loadPolicyOption, openLines } from './replay-command.ts';

function count(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0)
    throw new InvalidArgumentError('use a whole number, 0 or more');
  return number;
}

export function registerDiscoverCommand(program: Command): void {
  program
    .command('discover')
    .description(
      'Surface candidate triggers: phrases, tool errors and labels over-represented in conversations that warranted a person but were never escalated.',
    )
    .argument(
      '<file>',
      'the conversations file with outcomes (JSON Lines; read twice, so not standard input)',
    )
    .option('--policy <file>', 'the policy the misses are judged under; the default policy when absent')
    .option('--limit <count>', 'how many candidates to list', count, 20)
    .option('--min-count <count>', 'the fewest misses a term must appear in', count, 3)
    .option('--examples <count>', 'example quotes per candidate', count, 2)
    .option('--format <format>', 'text or json', 'text')
    .action(
      async (
        file: string,
        options: { policy?: string; limit: number; minCount: number; examples: number; format: string },
      ) => {
        if (file === '-') {
          process.stderr.write('baton discover: reads its file twice; give a file, not standard input\n');
          process.exit(2);
        }
        const policy = await loadPolicyOption(options.policy);
        const report = await discover(() => openLines(file), policy, {
          limit: options.limit,
          minCount: options.minCount,
          examples: options.examples,
          onBadLine: (line, message) => process.stderr.write(`${file}:${line}: ${message} (skipped)\n`),
        });
        process.stdout.write(
          options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : `${formatDiscovery(report)}\n`,
        );
      },
    );
}
