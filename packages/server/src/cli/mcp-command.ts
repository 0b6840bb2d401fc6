/**
 * `baton mcp`: Baton's MCP tools on stdio, for an agent that speaks MCP. It reaches the Baton server
 * named by `BATON_URL` with the agent's key in `BATON_API_KEY` (over the HTTP API, with retries), so
 * it never opens the database itself and runs beside a live server. stdout carries only MCP messages.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { BatonClient } from '@baton/sdk';
import type { Command } from 'commander';
import { createBatonMcpServer } from '../mcp/baton-tools.ts';

/** Reads the connection settings once: flags win over the environment. */
export function readMcpConfig(
  env: NodeJS.ProcessEnv,
  flags: { url?: string },
): { baseUrl: string; apiKey: string } | { error: string } {
  const baseUrl = (flags.url ?? env['BATON_URL'] ?? '').trim();
  const apiKey = (env['BATON_API_KEY'] ?? '').trim();
  const missing = [baseUrl ? undefined : 'BATON_URL (or --url)', apiKey ? undefined : 'BATON_API_KEY'].filter(
    Boolean,
  );
  if (missing.length > 0) {
    return {
      error: `baton mcp needs ${missing.join(' and ')}: the Baton server to reach and an agent key for it.`,
    };
  }
  try {
    new URL(baseUrl);
  } catch {
    return { error: `BATON_URL is not a URL: "${baseUrl}".` };
  }
  return { baseUrl, apiKey };
}

/** Registers `baton mcp`. */
export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description(
      'Serve the MCP tools (record_turn, request_person, ask_person, request_approval, ...) on stdio; needs BATON_URL and BATON_API_KEY.',
    )
    .option('--url <url>', 'the Baton server (env BATON_URL)')
    .action(async (flags: { url?: string }) => {
      const config = readMcpConfig(process.env, flags);
      if ('error' in config) {
        process.stderr.write(`${config.error}\n`);
        process.exit(2);
      }
      const client = new BatonClient(config);
      // Logs go to stderr: stdout is the MCP channel.
      const server = createBatonMcpServer(client, {
        logError: (error) => console.error('baton mcp: unexpected error', error),
      });
      const transport = new StdioServerTransport();
      transport.onclose = () => process.exit(0);
      process.stdin.once('end', () => void server.close());
      await server.connect(transport);
    });
}
