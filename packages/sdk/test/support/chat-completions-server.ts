/**
 * A local model server that speaks the OpenAI Chat Completions protocol over real HTTP, answering
 * from a script (text or tool calls), so the OpenAI Agents SDK runs unchanged against it.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedReply =
  { text: string } | { toolCalls: { id: string; name: string; arguments: unknown }[] };

export interface ChatCompletionsServer extends AsyncDisposable {
  /** The base URL to give the OpenAI client (`.../v1`). */
  baseURL: string;
  script: ScriptedReply[];
  /** Each request body received. */
  requests: { messages: { role: string; content?: unknown; tool_call_id?: string }[]; tools?: unknown[] }[];
}

function completion(reply: ScriptedReply) {
  const message =
    'text' in reply
      ? { role: 'assistant', content: reply.text }
      : {
          role: 'assistant',
          content: null,
          tool_calls: reply.toolCalls.map((call) => ({
            id: call.id,
            type: 'function',
            function: { name: call.name, arguments: JSON.stringify(call.arguments) },
          })),
        };
  return {
    id: `chatcmpl-${Math.random().toString(36).slice(2)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'scripted',
    choices: [{ index: 0, message, finish_reason: 'text' in reply ? 'stop' : 'tool_calls', logprobs: null }],
    usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
  };
}

/** Starts the server on 127.0.0.1, port 0. */
export async function startChatCompletionsServer(): Promise<ChatCompletionsServer> {
  const state: Pick<ChatCompletionsServer, 'script' | 'requests'> = { script: [], requests: [] };
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `no route ${request.method} ${request.url}` } }));
      return;
    }
    state.requests.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    const reply = state.script.shift();
    if (!reply) {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'the script ran out' } }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(completion(reply)));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    baseURL: `http://127.0.0.1:${port}/v1`,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
