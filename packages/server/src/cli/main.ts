/**
 * The `baton` command. Each subcommand registers itself from its own file, so adding one is one
 * import and one line here.
 */
import { Command } from 'commander';
import { registerKeysCommand } from './keys-command.ts';
import { registerReplayCommand } from './replay-command.ts';
import { registerServeCommand } from './serve-command.ts';

const program = new Command('baton')
  .description('Baton: the escalation path between an AI agent and the humans behind it.')
  .showHelpAfterError()
  .enablePositionalOptions();

registerServeCommand(program);
registerKeysCommand(program);
registerReplayCommand(program);

await program.parseAsync(process.argv);
