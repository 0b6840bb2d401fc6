/** `baton calibrate FILE`: recommends thresholds from conversations with outcomes, and explains why. */
import { writeFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { stringify } from 'yaml';
import type { Objective } from '@baton/engine/calibration';
import { calibrate } from '../backtest/calibrate.ts';
import { explainCalibration } from '../backtest/calibration-explanation.ts';
import { loadPolicyOption, openLines } from './replay-command.ts';

function share(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0 || number > 1)
    throw new InvalidArgumentError('use a number from 0 to 1');
  return number;
}

function integer(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number)) throw new InvalidArgumentError('use a whole number');
  return number;
}

function format(value: string): string {
  if (value !== 'yaml' && value !== 'json') throw new InvalidArgumentError('use yaml or json');
  return value;
}

interface CalibrateCommandOptions {
  policy?: string;
  targetPrecision?: number;
  budget?: number;
  seed: number;
  holdout: number;
  out?: string;
  format: string;
}

export function registerCalibrateCommand(program: Command): void {
  program
    .command('calibrate')
    .description(
      'Recommend thresholds from conversations with outcomes (JSON Lines), for the best F1, a target precision or a handoff budget; ' +
        'prints the reasoning on stderr and the recommended policy as YAML.',
    )
    .argument('<file>', 'the conversations file (read twice, so not standard input)')
    .option('--policy <file>', 'the policy to calibrate (YAML or JSON); the default policy when absent')
    .option('--target-precision <share>', 'catch the most conversations at this precision or better', share)
    .option('--budget <share>', 'catch the most conversations escalating at most this share of them', share)
    .option('--seed <number>', 'seed of the held-back split', integer, 42)
    .option('--holdout <share>', 'share of conversations held back to measure the result', share, 0.3)
    .option('--out <file>', 'write the recommended policy here instead of standard output')
    .option('--format <format>', 'yaml (the policy) or json (the whole report)', format, 'yaml')
    .action(async (file: string, options: CalibrateCommandOptions) => {
      if (file === '-') {
        process.stderr.write('baton calibrate: reads its file twice; give a file, not standard input\n');
        process.exit(2);
      }
      if (options.targetPrecision !== undefined && options.budget !== undefined) {
        process.stderr.write('baton calibrate: give --target-precision or --budget, not both\n');
        process.exit(2);
      }
      const objective: Objective =
        options.targetPrecision !== undefined
          ? { kind: 'precision', target: options.targetPrecision }
          : options.budget !== undefined
            ? { kind: 'budget', share: options.budget }
            : { kind: 'f1' };
      const policy = (await loadPolicyOption(options.policy)).policy;
      const report = await calibrate(() => openLines(file), policy, {
        objective,
        seed: options.seed,
        holdout: options.holdout,
        onBadLine: (line, message) => process.stderr.write(`${file}:${line}: ${message} (skipped)\n`),
      });
      const explanation = explainCalibration(report);
      if (report.counts.train + report.counts.heldBack === 0) {
        process.stderr.write(`${explanation}\n`);
        process.exitCode = 1;
        return;
      }
      const output =
        options.format === 'json'
          ? `${JSON.stringify({ ...report, explanation }, null, 2)}\n`
          : `# Recommended by baton calibrate on ${file} (seed ${options.seed}); see the reasoning it printed.\n${stringify(report.recommended)}`;
      process.stderr.write(`${explanation}\n`);
      if (options.out) {
        await writeFile(options.out, output);
        process.stderr.write(`\nwrote ${options.out}\n`);
      } else {
        process.stdout.write(output);
      }
    });
}
