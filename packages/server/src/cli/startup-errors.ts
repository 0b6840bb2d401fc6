/** What the CLI prints when it cannot start: a plain sentence for known causes, the error otherwise. */
import { DataFolderLockedError } from '../storage/data-folder-lock.ts';
import { ConfigError } from '../main.ts';

/** Prints an error from opening the database or starting the server, without a stack for known causes. */
export function printStartupError(error: unknown, doing: string | undefined, hint?: string): void {
  if (error instanceof ConfigError) {
    process.stderr.write(`baton: ${error.message}\n`);
    return;
  }
  if (error instanceof DataFolderLockedError) {
    process.stderr.write(`baton: ${error.message}\n${hint ? `${hint}\n` : ''}`);
    return;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    process.stderr.write(`baton: the port is already in use; set PORT (or --port) to another one.\n`);
    return;
  }
  if (code === 'ECONNREFUSED') {
    process.stderr.write('baton: could not reach PostgreSQL at DATABASE_URL (connection refused).\n');
    return;
  }
  process.stderr.write(`baton: could not ${doing ?? 'continue'}:\n`);
  console.error(error);
}
