/**
 * The `baton` command. Each subcommand registers itself from its own file, so adding one is one
 * import and one line here.
 */
import { Command } from 'commander';
import { registerBriefCommand } from './brief-command.ts';
import { registerCalibrateCommand } from './calibrate-command.ts';
import { registerDiscoverCommand } from './discover-command.ts';
import { registerExportCommand } from './export-command.ts';
import { registerKeysCommand } from './keys-command.ts';
import { registerMcpCommand } from './mcp-command.ts';
import { registerReplayCommand } from './replay-command.ts';
import { registerServeCommand } from './serve-command.ts';
import { registerStaffingCommand } from './staffing-command.ts';

// A reader that goes away (`baton replay … | head`) is a normal end, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command('baton')
  .description('Baton: the escalation path between an AI agent and the humans behind it.')
  .showHelpAfterError()
  .enablePositionalOptions();

registerServeCommand(program);
registerKeysCommand(program);
registerMcpCommand(program);
registerReplayCommand(program);
registerBriefCommand(program);
registerCalibrateCommand(program);
registerDiscoverCommand(program);
registerExportCommand(program);
registerStaffingCommand(program);

await program.parseAsync(process.argv);
