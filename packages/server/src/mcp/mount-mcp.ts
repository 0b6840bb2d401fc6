/**
 * `/mcp`: Baton's MCP tools over streamable HTTP, stateless (each POST gets its own server and
 * transport, so any instance can answer any request). The caller authenticates with the same
 * Bearer API key as the HTTP API, and the tools act with that key's scope and conversations.
 */
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BatonError } from '../errors.ts';
import { requireScopes } from '../http/auth.ts';
import type { AppEnv } from '../http/env.ts';
import { problemResponse } from '../http/problem.ts';
import type { Service } from '../service/types.ts';
import { createBatonMcpServer } from './baton-tools.ts';
import { serviceBackend } from './mcp-backend.ts';
import { storableJsonClone } from '../http/storable-input.ts';

export const MCP_PATH = '/mcp';

export interface MountMcpOptions {
  bodyLimitBytes?: number;
  logError?: (error: unknown) => void;
}

/** Serves the MCP tools at `/mcp` on the app. */
export function mountMcp(app: Hono<AppEnv>, service: Service, options: MountMcpOptions = {}): void {
  const limit = options.bodyLimitBytes ?? 256 * 1024;
  app.on(['GET', 'DELETE'], MCP_PATH, () =>
    // Stateless: no server-initiated stream to open, no session to end (the MCP spec allows 405 here).
    problemResponse(
      'method_not_allowed',
      'This MCP endpoint is stateless: POST JSON-RPC messages to it.',
      {},
      { allow: 'POST' },
    ),
  );
  app.post(
    MCP_PATH,
    bodyLimit({
      maxSize: limit,
      onError: () => {
        throw new BatonError('payload_too_large', `The body is larger than ${limit} bytes.`, {
          limitBytes: limit,
        });
      },
    }),
    requireScopes(service, ['agent', 'operator']),
    storableJsonClone,
    async (c) => {
      const backend = serviceBackend(service, c.get('principal'));
      const server = createBatonMcpServer(backend, options.logError ? { logError: options.logError } : {});
      // JSON answers (not an SSE stream): every tool answers at once, and the request ends with it.
      const transport = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
      });
      await server.connect(transport);
      try {
        return await transport.handleRequest(c.req.raw);
      } finally {
        await server.close();
      }
    },
  );
}
