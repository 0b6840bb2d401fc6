import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Turn } from '@baton/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { maskCardNumbers } from '../../src/brief/card-guard.ts';
import { findValue } from '../../src/brief/ground-facts.ts';
import { cutToWords, firstSentence } from '../../src/brief/llm-answer.ts';
import {
  llmConfigFromEnv,
  LlmConfigError,
  summarizeWithLlm,
  type LlmConfig,
  type LlmSummaryInput,
} from '../../src/brief/llm-summary.ts';

// The only test double: a real HTTP server on 127.0.0.1 that speaks the chat-completions protocol.
interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: {
    model?: string;
    temperature?: number;
    response_format?: unknown;
    messages?: { role: string; content: string }[];
  };
}

type Respond = (
  request: RecordedRequest,
  response: ServerResponse,
  later: (ms: number, run: () => void) => void,
) => void;

interface ChatServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const openServers: ChatServer[] = [];

async function startChatServer(respond: Respond): Promise<ChatServer> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };
  const server = createServer((incoming, response) => {
    let raw = '';
    incoming.setEncoding('utf8');
    incoming.on('data', (chunk: string) => (raw += chunk));
    incoming.on('end', () => {
      const request: RecordedRequest = {
        method: incoming.method ?? '',
        path: incoming.url ?? '',
        headers: incoming.headers,
        body: JSON.parse(raw) as RecordedRequest['body'],
      };
      requests.push(request);
      if (request.path !== '/v1/chat/completions') {
        response.writeHead(404).end('not found');
        return;
      }
      respond(request, response, later);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const chatServer: ChatServer = {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
  openServers.push(chatServer);
  return chatServer;
}

afterEach(async () => {
  await Promise.all(openServers.splice(0).map((server) => server.close()));
});

function completion(content: string | null, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    model: 'local-model-2025',
    choices: [{ index: 0, message: { role: 'assistant', content, ...extra }, finish_reason: 'stop' }],
  });
}

function answerWith(content: string | null, extra: Record<string, unknown> = {}): Respond {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(completion(content, extra));
  };
}

function turn(role: Turn['role'], text: string, minute: number): Turn {
  return { role, text, at: `2026-11-25T10:${String(minute).padStart(2, '0')}:00Z` };
}

const input: LlmSummaryInput = {
  turns: [
    turn('customer', 'Hi, my order ORD-88812 arrived broken.', 0),
    turn('agent', 'Sorry to hear that! Let me look it up.', 1),
    turn(
      'customer',
      'I paid €149.90 with card 4111 1111 1111 1111. Refund to Jane.Doe@Example.com please',
      2,
    ),
    turn('agent', 'I cannot issue refunds over €100 myself.', 3),
    turn('customer', 'Then get me a person.', 4),
  ],
  extractive: {
    ask: 'I want a refund for order ORD-88812.',
    summary: 'Customer reports order ORD-88812 arrived broken and asks for a refund.',
    facts: [{ type: 'order_id', value: 'ORD-88812', turn: 0, text: 'ORD-88812' }],
  },
};

const longSummary = Array.from({ length: 80 }, (_, index) => `word${index + 1}`).join(' ');

const goodAnswer = JSON.stringify({
  ask: 'The customer wants a refund for a broken order. They are upset about the wait.',
  summary: longSummary,
  facts: [
    { type: 'order_id', value: 'ord-88812', turn: 0 },
    { type: 'email', value: 'jane.doe@example.com', turn: 2 },
    // Named turn 1 (the agent's), but the customer wrote it in turn 2.
    { type: 'amount', value: '€149.90', turn: 1 },
    { type: 'order_id', value: 'ORD-99999', turn: 0 },
    { type: 'phone', value: '+1 555 0100', turn: 2 },
    { type: 'amount', value: 100, turn: '3' },
  ],
});

function config(url: string, overrides: Partial<LlmConfig> = {}): LlmConfig {
  return { url, model: 'local-model', apiKey: 'test-key', timeoutMs: 2000, ...overrides };
}

describe('summarizeWithLlm with a good answer', () => {
  it('keeps the facts found in the turns, drops invented ones, and cuts the summary to 60 words', async () => {
    const server = await startChatServer(answerWith(goodAnswer));
    const result = await summarizeWithLlm(input, config(server.url));
    expect(result.source).toBe('llm');
    if (result.source !== 'llm') return;
    expect(result.ask).toBe('The customer wants a refund for a broken order.');
    const words = result.summary.split(/\s+/);
    expect(words).toHaveLength(60);
    expect(result.summary).toBe(`${longSummary.split(' ').slice(0, 60).join(' ')}…`);
    expect(result.facts).toEqual([
      { type: 'order_id', value: 'ORD-88812', turn: 0, text: 'ORD-88812', origin: 'extractive' },
      { type: 'email', value: 'jane.doe@example.com', turn: 2, text: 'Jane.Doe@Example.com', origin: 'llm' },
      { type: 'amount', value: '€149.90', turn: 2, text: '€149.90', origin: 'llm' },
      { type: 'amount', value: '100', turn: 3, text: '100', origin: 'llm' },
    ]);
    expect(result.droppedFacts).toBe(2);
    expect(result.model).toBe('local-model-2025');
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('posts model, messages, temperature 0, a JSON response format and the bearer key', async () => {
    const server = await startChatServer(answerWith(goodAnswer));
    await summarizeWithLlm(input, config(server.url));
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers['authorization']).toBe('Bearer test-key');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toMatchObject({
      model: 'local-model',
      temperature: 0,
      response_format: { type: 'json_object' },
    });
    expect(request?.body.messages?.map((message) => message.role)).toEqual(['system', 'user']);
    const user = request?.body.messages?.[1]?.content ?? '';
    expect(user).toContain('{"turn":0,"role":"customer","text":"Hi, my order ORD-88812 arrived broken."}');
    expect(user).toContain('{"turn":3,"role":"agent"');
    expect(user).toContain('{"type":"order_id","value":"ORD-88812","turn":0}');
  });

  it('never sends a card number: the guard masks it to its last four digits', async () => {
    const server = await startChatServer(answerWith(goodAnswer));
    await summarizeWithLlm(input, config(server.url));
    const sent = JSON.stringify(server.requests[0]?.body);
    expect(sent).not.toMatch(/4111[ -]?1111[ -]?1111/);
    expect(sent).toContain('•••• 1111');
  });

  it('sends no authorization header without a key', async () => {
    const server = await startChatServer(answerWith(goodAnswer));
    await summarizeWithLlm(input, config(server.url, { apiKey: undefined }));
    expect(server.requests[0]?.headers['authorization']).toBeUndefined();
  });

  it('sends only the last maxTurns turns, yet checks facts against the whole conversation', async () => {
    const answer = JSON.stringify({
      ask: 'Refund.',
      summary: 'Short.',
      facts: [{ type: 'order_id', value: 'ORD-88812', turn: 4 }],
    });
    const server = await startChatServer(answerWith(answer));
    const noFacts = { ...input, extractive: { ...input.extractive, facts: [] } };
    const result = await summarizeWithLlm(noFacts, config(server.url, { maxTurns: 2 }));
    const user = server.requests[0]?.body.messages?.[1]?.content ?? '';
    expect(user).toContain('the first 3 turns are omitted');
    expect(user).not.toContain('"turn":2,');
    expect(user).toContain('{"turn":3,');
    expect(user).toContain('{"turn":4,');
    expect(result.source === 'llm' && result.facts).toEqual([
      { type: 'order_id', value: 'ORD-88812', turn: 0, text: 'ORD-88812', origin: 'llm' },
    ]);
  });

  it('accepts JSON wrapped in a Markdown fence, and falls back to the extractive ask when the ask is empty', async () => {
    const server = await startChatServer(
      answerWith('```json\n{"ask": " ", "summary": "Broken order.", "facts": []}\n```'),
    );
    const result = await summarizeWithLlm(input, config(server.url));
    expect(result).toMatchObject({
      source: 'llm',
      ask: input.extractive.ask,
      summary: 'Broken order.',
      droppedFacts: 0,
    });
  });
});

describe('summarizeWithLlm falls back to the extractive brief', () => {
  it('on a slow endpoint, within the timeout and a margin', async () => {
    const server = await startChatServer((_request, response, later) => {
      later(5000, () =>
        response.writeHead(200, { 'content-type': 'application/json' }).end(completion(goodAnswer)),
      );
    });
    const started = Date.now();
    const result = await summarizeWithLlm(input, config(server.url, { timeoutMs: 200 }));
    expect(result).toMatchObject({ source: 'extractive', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('when the headers come in time but the body does not', async () => {
    const server = await startChatServer((_request, response, later) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"choices": [');
      later(5000, () => response.end(']}'));
    });
    const result = await summarizeWithLlm(input, config(server.url, { timeoutMs: 200 }));
    expect(result).toMatchObject({ source: 'extractive', reason: 'timeout' });
  });

  it('even when the fetch it is given ignores the abort signal', async () => {
    const server = await startChatServer((_request, response, later) => {
      later(1500, () =>
        response.writeHead(200, { 'content-type': 'application/json' }).end(completion(goodAnswer)),
      );
    });
    const deafFetch: typeof fetch = (url, init) => fetch(url, { ...init, signal: null });
    const started = Date.now();
    const result = await summarizeWithLlm(input, config(server.url, { timeoutMs: 200 }), {
      fetch: deafFetch,
    });
    expect(result).toMatchObject({ source: 'extractive', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1400);
  });

  it("when the caller's signal aborts", async () => {
    const server = await startChatServer((_request, response, later) => {
      later(5000, () => response.writeHead(200).end(completion(goodAnswer)));
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('handoff deadline')), 50);
    const result = await summarizeWithLlm(input, config(server.url, { timeoutMs: 5000 }), {
      signal: controller.signal,
    });
    expect(result).toMatchObject({ source: 'extractive', reason: 'timeout' });
    expect(result.source === 'extractive' && result.detail).toContain('handoff deadline');
  });

  it('on a 500', async () => {
    const server = await startChatServer((_request, response) => {
      response
        .writeHead(500, { 'content-type': 'application/json' })
        .end('{"error":{"message":"model crashed"}}');
    });
    const result = await summarizeWithLlm(input, config(server.url));
    expect(result).toMatchObject({ source: 'extractive', reason: 'http_error' });
    expect(result.source === 'extractive' && result.detail).toContain('HTTP 500');
    expect(result.source === 'extractive' && result.detail).toContain('model crashed');
  });

  it('on a refused connection (a closed port)', async () => {
    const server = await startChatServer(answerWith(goodAnswer));
    const { url } = server;
    await openServers.splice(openServers.indexOf(server), 1)[0]?.close();
    const result = await summarizeWithLlm(input, config(url));
    expect(result).toMatchObject({ source: 'extractive', reason: 'network' });
    expect(result.source === 'extractive' && result.detail).toContain('ECONNREFUSED');
  });

  it('when the model refuses', async () => {
    const server = await startChatServer(answerWith(null, { refusal: 'I cannot help with that.' }));
    const result = await summarizeWithLlm(input, config(server.url));
    expect(result).toMatchObject({ source: 'extractive', reason: 'refused' });
  });

  it.each([
    ['a body that is not JSON', '<html>Bad gateway</html>', 'the response body is not JSON'],
    [
      'JSON that is not a chat completion',
      '{"id": "x", "object": "chat.completion"}',
      'not a chat completion',
    ],
    ['a completion without choices', '{"choices": []}', 'not a chat completion'],
    [
      'content that is not JSON',
      completion('Sure! The customer wants a refund.'),
      'the message content is not JSON',
    ],
    ['empty content', completion(''), 'the message content is empty'],
    ['null content', completion(null), 'the message content is empty'],
    [
      'an answer of the wrong shape',
      completion('{"ask": "Refund.", "summary": 5, "facts": []}'),
      'wrong shape',
    ],
    ['an answer without facts', completion('{"ask": "Refund.", "summary": "Broken order."}'), 'wrong shape'],
    ['an empty summary', completion('{"ask": "Refund.", "summary": "  ", "facts": []}'), 'wrong shape'],
    ['a JSON array', completion('[1, 2]'), 'wrong shape'],
  ])('on %s', async (_name, body, detail) => {
    const server = await startChatServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    const result = await summarizeWithLlm(input, config(server.url));
    expect(result).toMatchObject({ source: 'extractive', reason: 'malformed' });
    expect(result.source === 'extractive' && result.detail).toContain(detail);
  });
});

describe('llmConfigFromEnv', () => {
  it('is null when the URL or the model is missing or blank', () => {
    expect(llmConfigFromEnv({})).toBeNull();
    expect(llmConfigFromEnv({ BATON_LLM_URL: 'http://127.0.0.1:8080/v1' })).toBeNull();
    expect(llmConfigFromEnv({ BATON_LLM_MODEL: 'qwen' })).toBeNull();
    expect(llmConfigFromEnv({ BATON_LLM_URL: ' ', BATON_LLM_MODEL: 'qwen' })).toBeNull();
  });

  it('reads every setting, with defaults for the optional ones', () => {
    expect(llmConfigFromEnv({ BATON_LLM_URL: 'http://127.0.0.1:8080/v1/', BATON_LLM_MODEL: 'qwen' })).toEqual(
      {
        url: 'http://127.0.0.1:8080/v1',
        model: 'qwen',
        timeoutMs: 4000,
        maxTurns: 40,
      },
    );
    expect(
      llmConfigFromEnv({
        BATON_LLM_URL: 'https://llm.example.com/v1',
        BATON_LLM_MODEL: 'gpt-4o-mini',
        BATON_LLM_API_KEY: 'sk-test',
        BATON_LLM_TIMEOUT_MS: '2500',
        BATON_LLM_MAX_TURNS: '20',
      }),
    ).toEqual({
      url: 'https://llm.example.com/v1',
      model: 'gpt-4o-mini',
      apiKey: 'sk-test',
      timeoutMs: 2500,
      maxTurns: 20,
    });
  });

  it.each([
    [{ BATON_LLM_TIMEOUT_MS: '4s' }, /BATON_LLM_TIMEOUT_MS must be a whole number .* not "4s"/],
    [{ BATON_LLM_TIMEOUT_MS: '0' }, /BATON_LLM_TIMEOUT_MS/],
    [{ BATON_LLM_MAX_TURNS: '-3' }, /BATON_LLM_MAX_TURNS/],
    [{ BATON_LLM_URL: 'localhost:8080/v1' }, /BATON_LLM_URL must/],
    [{ BATON_LLM_URL: 'not a url' }, /BATON_LLM_URL must be an http\(s\) URL/],
    [{ BATON_LLM_URL: 'ftp://llm.example.com/v1' }, /BATON_LLM_URL must use http or https/],
    [{ BATON_LLM_URL: 'http://llm.example.com/v1?key=1' }, /without a query/],
  ])('rejects %o with a message naming the variable', (override, message) => {
    const env = { BATON_LLM_URL: 'http://127.0.0.1:8080/v1', BATON_LLM_MODEL: 'qwen', ...override };
    expect(() => llmConfigFromEnv(env)).toThrow(LlmConfigError);
    expect(() => llmConfigFromEnv(env)).toThrow(message);
  });
});

describe('the pieces', () => {
  it.each([
    ['card 4111 1111 1111 1111 please', 'card •••• 1111 please'],
    ['card 4111-1111-1111-1111.', 'card •••• 1111.'],
    ['amex 378282246310005', 'amex •••• 0005'],
    ['order 4111111111111112 fails Luhn', 'order 4111111111111112 fails Luhn'],
    ['twelve digits 411111111111 are too few', 'twelve digits 411111111111 are too few'],
    ['already masked •••• 1111', 'already masked •••• 1111'],
  ])('the card guard turns %j into %j', (text, masked) => {
    expect(maskCardNumbers(text)).toBe(masked);
  });

  it.each([
    ['Order ORD-88812 broke', 'ord-88812', 'ORD-88812'],
    ['call me on +44 20 7946 0958', '+442079460958', '+44 20 7946 0958'],
    ['ORD-91234 arrived', '1234', null],
    ['ORD-91234 arrived', '123', null],
    ['ref 123 and 91234', '123', '123'],
    ['Ｊane typed full width', 'jane', 'Ｊane'],
    ['nothing here', '', null],
  ])('findValue(%j, %j) is %j', (text, value, found) => {
    expect(findValue(text, value)).toBe(found);
  });

  it.each([
    ['I want a refund. Also the box was wet.', 'I want a refund.'],
    ['Mr. Smith wants 12.50 back! Now.', 'Mr. Smith wants 12.50 back!'],
    ['Refund the order, e.g. by card. Then close it.', 'Refund the order, e.g. by card.'],
    ['  no   end mark ', 'no end mark'],
  ])('firstSentence(%j) is %j', (text, sentence) => {
    expect(firstSentence(text)).toBe(sentence);
  });

  it('cutToWords keeps short texts whole and cuts long ones at a word boundary', () => {
    expect(cutToWords(' one  two\nthree ', 3)).toBe('one two three');
    expect(cutToWords('one two, three four', 2)).toBe('one two…');
  });
});
